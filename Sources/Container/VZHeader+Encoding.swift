import ImageIO
import ModelFile

extension VZHeader {
    /// The header's bytes for a payload of `payloadLength` bytes, in the format of `version`
    /// (FORMAT.md gives both): they end with the header's checksum, CRC-32 in version 1 and
    /// CRC-16 in version 2.
    /// - Complexity: O(header length).
    public func encoded(payloadLength: Int) -> [UInt8] {
        version == 1 ? encodedVersion1(payloadLength: payloadLength) : encodedCompact(payloadLength: UInt64(payloadLength))
    }

    /// The length `encoded(payloadLength:)` gives; in version 2 it depends on the payload length.
    public func encodedLength(payloadLength: UInt64) -> Int {
        version == 1 ? version1Length : compactLength(bodyLength: compactBody(payloadLength: payloadLength).count)
    }

    // MARK: Version 2

    /// Bits of version 2's form byte (offset 10 + the header length's bytes).
    enum Form {
        static let codecMask: UInt8 = 0b11
        static let kindShift: UInt8 = 2, kindMask: UInt8 = 0b111 << 2
        static let canonicalLayout: UInt8 = 1 << 5
        static let shippedModel: UInt8 = 1 << 6
        static let compactParameters: UInt8 = 1 << 7
    }

    /// The codec-parameters version that version 2 stores as its one byte alone (form bit 7):
    /// the vlae codec's; and the context codec's, in version 3.
    static let compactParametersVersion: UInt8 = 4
    static let compactContextParametersVersion: UInt8 = 1

    private func encodedCompact(payloadLength: UInt64) -> [UInt8] {
        let body = compactBody(payloadLength: payloadLength)
        var bytes = VZFormat.magic
        bytes.appendLittleEndian(version)
        bytes.appendVarint(compactLength(bodyLength: body.count))
        bytes += body
        bytes.appendLittleEndian(CRC16.checksum(bytes))
        return bytes
    }

    /// The header length H when `bodyLength` bytes lie between H's own LEB128 bytes and the
    /// header check: 10 + (bytes of H) + body + 2.
    private func compactLength(bodyLength: Int) -> Int {
        var lengthBytes = 1
        while true {
            let total = 10 + lengthBytes + bodyLength + 2
            if varintLength(UInt64(total)) == lengthBytes { return total }
            lengthBytes += 1
        }
    }

    /// Version 2's fields after the header length, up to and including the pixel CRC.
    private func compactBody(payloadLength: UInt64) -> [UInt8] {
        var form = codec.id | source.kind.rawValue << Form.kindShift
        if layoutIsCanonical { form |= Form.canonicalLayout }
        let shippedIndex = codec.model.flatMap { VZFormat.shippedModels.firstIndex(of: $0) }
        if shippedIndex != nil { form |= Form.shippedModel }
        let compactVersion = codec == .context ? VZHeader.compactContextParametersVersion : VZHeader.compactParametersVersion
        let compactParameters = codecParameters.version == compactVersion && codecParameters.bytes.count == 1
        if compactParameters { form |= Form.compactParameters }
        var bytes: [UInt8] = [form]
        bytes.appendVarint(payloadLength)
        if case let .vlae(model) = codec {
            if let shippedIndex { bytes.append(UInt8(shippedIndex + 1)) } else { bytes += model.bytes }
        }
        if codec.model != nil || codec == .context {
            if compactParameters {
                bytes += codecParameters.bytes
            } else {
                bytes.append(codecParameters.version)
                bytes.appendVarint(codecParameters.bytes.count)
                bytes += codecParameters.bytes
            }
        }
        bytes += compactSource
        if !layoutIsCanonical {
            bytes.appendVarint(layout.count)
            bytes += layout
        }
        bytes.appendLittleEndian(pixelChecksum)
        return bytes
    }

    /// Bits of version 2's first Netpbm byte besides the variant (bits 0-2).
    enum NetpbmForm {
        static let variantMask: UInt8 = 0b111
        /// Bit 3: maxval follows (else the variant's default: 1 for P1/P4, 255 for P2/P5).
        static let maxvalGiven: UInt8 = 1 << 3
        /// Bits 4-5: 0 one image, 1 n ≥ 2 alike (count follows), 2 n ≥ 2 not all alike (count and
        /// every image follow, this byte being the first image's).
        static let listShift: UInt8 = 4, listMask: UInt8 = 0b11 << 4
        static let single: UInt8 = 0, uniform: UInt8 = 1, explicit: UInt8 = 2
    }

    /// The maxval version 2 leaves out for `variant`.
    static func defaultMaxval(_ variant: NetpbmVariant) -> Int { variant.isBitmap ? 1 : 255 }

    /// Appends version 2's source section of `source`: LEB128 numbers, defaults left out.
    static func appendCompactSource(_ source: InputSource, to bytes: inout [UInt8]) {
        switch source {
        case let .netpbm(images):
            let list = images.count == 1 ? NetpbmForm.single : images.isUniform ? NetpbmForm.uniform : NetpbmForm.explicit
            let shapes = images.isUniform ? [images[0]] : Array(images)
            for (index, shape) in shapes.enumerated() {
                let maxvalGiven = shape.maxval != defaultMaxval(shape.variant)
                bytes.append(shape.variant.rawValue | (maxvalGiven ? NetpbmForm.maxvalGiven : 0) | (index == 0 ? list << NetpbmForm.listShift : 0))
                if index == 0 && list != NetpbmForm.single { bytes.appendVarint(images.count) }
                if maxvalGiven { bytes.appendVarint(shape.maxval) }
                bytes.appendVarint(shape.width)
                bytes.appendVarint(shape.height)
            }
        case let .idx(shape):
            bytes.append(shape.elementType.rawValue)
            bytes.append(UInt8(shape.dims.count))
            for dim in shape.dims { bytes.appendVarint(dim) }
        case let .png(shape):
            bytes.appendVarint(shape.width)
            bytes.appendVarint(shape.height)
            bytes.append(UInt8(shape.bitDepth))
        case let .archive(index):
            appendCompactArchive(index, to: &bytes)
        }
    }

    /// Largest archive index version 2 stores as a zstd frame (64 MiB), which bounds what a reader
    /// inflates from a small header.
    static let maxCompressedIndexLength = 1 << 26

    /// Version 2's archive section: LEB128 `n` = 0 and the index as version 1 writes it, or `n` > 0
    /// bytes of index in a zstd frame of LEB128 length when that saves at least a quarter of it.
    /// Paths alike (a data set's `img-00001.png`, …) then cost about half a byte each; a small
    /// archive, which would save a few bytes, keeps its paths readable in the file.
    static func appendCompactArchive(_ index: ArchiveIndex, to bytes: inout [UInt8]) {
        let raw = index.encoded()
        if raw.count <= maxCompressedIndexLength, let frame = try? Zstd.compress(raw, level: 19),
           4 * (varintLength(UInt64(raw.count)) + varintLength(UInt64(frame.count)) + frame.count) <= 3 * (1 + raw.count) {
            bytes.appendVarint(raw.count)
            bytes.appendVarint(frame.count)
            bytes += frame
        } else {
            bytes.append(0)
            bytes += raw
        }
    }

    /// The layout a canonical file of `source` has, which version 2 leaves out: canonical Netpbm
    /// headers, no padding bits, no trailing bytes; empty for the other kinds. Nil for images
    /// ImageIO does not write (16-bit samples), whose layout is always written out.
    static func canonicalLayout(for source: InputSource) -> [UInt8]? {
        guard case let .netpbm(images) = source else { return [] }
        var headers: [NetpbmHeader] = []
        for shape in images {
            guard let header = try? NetpbmHeader(variant: shape.variant, width: shape.width, height: shape.height, maxval: shape.maxval) else { return nil }
            headers.append(header)
        }
        return NetpbmLayout.canonical(for: headers).serialized()
    }

    // MARK: Version 1

    private func encodedVersion1(payloadLength: Int) -> [UInt8] {
        let length = version1Length
        var bytes = [UInt8]()
        bytes.reserveCapacity(length)
        bytes += VZFormat.magic
        bytes.appendLittleEndian(UInt16(1))
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
        assert(bytes.count == length, "version1Length disagrees with encodedVersion1")
        return bytes
    }

    private var version1Length: Int {
        var length = VZFormat.fixedFieldsLength
        if case .vlae = codec { length += ModelIdentity.byteCount }
        length += 1 + 2 + codecParameters.bytes.count
        length += VZHeader.sourceLength(source)
        return length + 4 + layout.count + 4
    }

    /// Appends version 1's source section of `source` (FORMAT.md, by kind); archives use it in
    /// both versions for their forms.
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
