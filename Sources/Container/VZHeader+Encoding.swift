import ModelFile
extension VZHeader {
    /// The header's bytes for a payload of `payloadLength` bytes: `length` bytes, ending with the
    /// CRC-32 of all bytes before it. FORMAT.md gives the layout.
    /// - Complexity: O(length).
    public func encoded(payloadLength: Int) -> [UInt8] {
        var bytes = [UInt8]()
        bytes.reserveCapacity(length)
        bytes += VZFormat.magic
        bytes.appendLittleEndian(VZFormat.version)
        bytes.appendLittleEndian(UInt32(length))
        bytes.appendLittleEndian(UInt64(payloadLength))
        bytes.appendLittleEndian(pixelChecksum)
        bytes.append(codec.id)
        bytes.append(source.kind.rawValue)
        if case let .vlae(model) = codec {
            bytes += model.bytes
        }
        bytes.append(codecParameters.version)
        bytes.appendLittleEndian(UInt16(codecParameters.bytes.count))
        bytes += codecParameters.bytes
        VZHeader.appendSource(source, to: &bytes)
        bytes.appendLittleEndian(UInt32(layout.count))
        bytes += layout
        bytes.appendLittleEndian(CRC32.checksum(bytes))
        assert(bytes.count == length, "encodedLength disagrees with encoded(payloadLength:)")
        return bytes
    }

    /// The length `encoded` will have; computed without encoding so that the initializer can
    /// refuse headers that are too long.
    static func encodedLength(codec: Codec, parameters: CodecParameters, source: InputSource,
                              layoutLength: Int) -> Int {
        var length = VZFormat.fixedFieldsLength
        if case .vlae = codec { length += ModelIdentity.byteCount }
        length += 1 + 2 + parameters.bytes.count
        length += sourceLength(source)
        return length + 4 + layoutLength + 4
    }

    /// Appends the source section of `source` (FORMAT.md, by kind).
    static func appendSource(_ source: InputSource, to bytes: inout [UInt8]) {
        switch source {
        case let .netpbm(images):
            bytes.append(images.isUniform ? 0 : 1)
            bytes.appendLittleEndian(UInt32(images.count))
            for shape in images.isUniform ? [images[0]] : Array(images) {
                bytes.append(shape.variant.rawValue)
                bytes.appendLittleEndian(UInt16(shape.maxval))
                bytes.appendLittleEndian(UInt32(shape.width))
                bytes.appendLittleEndian(UInt32(shape.height))
            }
        case let .idx(shape):
            bytes.append(shape.elementType.rawValue)
            bytes.append(UInt8(shape.dims.count))
            for dim in shape.dims {
                bytes.appendLittleEndian(UInt32(dim))
            }
        case let .png(shape):
            bytes.appendLittleEndian(UInt32(shape.width))
            bytes.appendLittleEndian(UInt32(shape.height))
            bytes.append(UInt8(shape.bitDepth))
        case let .archive(index):
            bytes += index.encoded()
        }
    }

    /// The length `appendSource` appends.
    static func sourceLength(_ source: InputSource) -> Int {
        switch source {
        case let .netpbm(images):
            return 1 + 4 + (images.isUniform ? 1 : images.count) * VZFormat.imageEntryLength
        case let .idx(shape):
            return 1 + 1 + 4 * shape.dims.count
        case .png:
            return 4 + 4 + 1
        case let .archive(index):
            return index.encoded().count
        }
    }
}
