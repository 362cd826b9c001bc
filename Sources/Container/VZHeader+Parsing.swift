import ModelFile
import ImageIO

extension VZHeader {
    /// What `parse` found: the header, its length and the payload length it declares.
    struct Parsed {
        let header: VZHeader
        let length: Int
        let payloadLength: UInt64
    }

    /// Reads and validates the header at the start of `bytes`, in the order FORMAT.md gives:
    /// magic, version, header length, presence of the whole header, header checksum, then each
    /// field. Does not look at the payload.
    /// - Throws: a `ContainerError`; never traps, whatever `bytes` holds.
    /// - Complexity: O(header length).
    static func parse(_ bytes: [UInt8]) throws -> Parsed {
        let available = bytes.count
        let magic = VZFormat.magic
        guard bytes.prefix(magic.count).elementsEqual(magic.prefix(min(available, magic.count))) else {
            throw ContainerError.badMagic
        }
        guard available >= 10 else { throw ContainerError.truncated(needed: 10, available: available) }
        let version = UInt16(bytes[8]) | UInt16(bytes[9]) << 8
        guard VZFormat.readableVersions.contains(version) else {
            throw ContainerError.unsupportedVersion(found: version, supported: VZFormat.version)
        }
        return version == 1 ? try parseVersion1(bytes) : try parseCompact(bytes, version: version)
    }

    private static func parseVersion1(_ bytes: [UInt8]) throws -> Parsed {
        let available = bytes.count
        guard available >= 14 else { throw ContainerError.truncated(needed: 14, available: available) }
        var prefix = ByteReader(bytes, from: 10, to: 14)
        let declaredLength = try prefix.read(UInt32.self, field: "header length")
        guard (VZFormat.minHeaderLength...VZFormat.maxHeaderLength).contains(Int(declaredLength)) else {
            throw ContainerError.badHeaderLength(UInt64(declaredLength))
        }
        let length = Int(declaredLength)
        guard available >= length else {
            throw ContainerError.truncated(needed: UInt64(length), available: available)
        }
        var crcReader = ByteReader(bytes, from: length - 4, to: length)
        let storedCRC = try crcReader.read(UInt32.self, field: "header CRC")
        let computedCRC = bytes.withUnsafeBytes {
            CRC32.checksum(UnsafeRawBufferPointer(rebasing: $0[0..<(length - 4)]))
        }
        guard storedCRC == computedCRC else {
            throw ContainerError.headerChecksumMismatch(stored: storedCRC, computed: computedCRC)
        }

        var reader = ByteReader(bytes, from: 14, to: length - 4)
        let payloadLength = try reader.read(UInt64.self, field: "payload length")
        let pixelChecksum = try reader.read(UInt32.self, field: "pixel CRC")
        let codecID = try reader.read(UInt8.self, field: "codec")
        let kindID = try reader.read(UInt8.self, field: "kind")
        guard codecID <= 2 else { throw ContainerError.unknownCodec(codecID) }
        guard let kind = SourceKind(rawValue: kindID) else { throw ContainerError.unknownKind(kindID) }
        let codec = try parseCodec(codecID, &reader)
        let parameters = try parseCodecParameters(&reader)
        let source: InputSource
        switch kind {
        case .netpbm: source = try parseNetpbm(&reader)
        case .idx: source = try parseIDX(&reader)
        case .png: source = try parsePNG(&reader)
        case .archive: source = .archive(try ArchiveIndex.parse(&reader))
        }
        let layoutLength = try reader.read(UInt32.self, field: "layout length")
        let layout = try reader.readBytes(Int(layoutLength), field: "layout")
        guard reader.remaining == 0 else { throw ContainerError.headerHasUnusedBytes(reader.remaining) }

        let header = try VZHeader(codec: codec, codecParameters: parameters, source: source,
                                  layout: layout, pixelChecksum: pixelChecksum, version: 1)
        return Parsed(header: header, length: length, payloadLength: payloadLength)
    }

    static func parseCodec(_ id: UInt8, _ reader: inout ByteReader) throws -> Codec {
        switch id {
        case 0: return .stored
        case 1: return .zstd
        case 2:
            let bytes = try reader.readBytes(ModelIdentity.byteCount, field: "model identity")
            guard let model = ModelIdentity(bytes: bytes) else {
                throw ContainerError.headerFieldsOverrun(field: "model identity")
            }
            return .vlae(model: model)
        case 3:
            return .context
        default:
            throw ContainerError.unknownCodec(id)
        }
    }

    static func parseCodecParameters(_ reader: inout ByteReader) throws -> CodecParameters {
        let version = try reader.read(UInt8.self, field: "codec parameters version")
        let count = try reader.read(UInt16.self, field: "codec parameters length")
        let bytes = try reader.readBytes(Int(count), field: "codec parameters")
        return try CodecParameters(version: version, bytes: bytes)
    }

    static func parseNetpbm(_ reader: inout ByteReader) throws -> InputSource {
        let form = try reader.read(UInt8.self, field: "image list form")
        guard form <= 1 else { throw ContainerError.badImageListForm(form) }
        let count = Int(try reader.read(UInt32.self, field: "image count"))
        if form == 0 {
            return .netpbm(try ImageList(repeating: try parseImageShape(&reader), count: count))
        }
        // Bound the allocation by the bytes present before reserving anything.
        guard count <= reader.remaining / VZFormat.imageEntryLength else {
            throw ContainerError.headerFieldsOverrun(field: "image list")
        }
        var shapes = [ImageShape]()
        shapes.reserveCapacity(count)
        for _ in 0..<count {
            shapes.append(try parseImageShape(&reader))
        }
        let images = try ImageList(shapes)
        guard !images.isUniform else { throw ContainerError.nonCanonicalImageList }
        return .netpbm(images)
    }

    static func parseImageShape(_ reader: inout ByteReader) throws -> ImageShape {
        let variantID = try reader.read(UInt8.self, field: "variant")
        guard let variant = NetpbmVariant(rawValue: variantID) else {
            throw ContainerError.badVariant(kind: .netpbm, value: variantID)
        }
        let maxval = try reader.read(UInt16.self, field: "maxval")
        let width = try reader.read(UInt32.self, field: "width")
        let height = try reader.read(UInt32.self, field: "height")
        return try ImageShape(variant: variant, maxval: Int(maxval), width: Int(width), height: Int(height))
    }

    /// The IDX section; its dimensions are `u32`s in version 1 and LEB128 numbers in version 2 (`compact`).
    static func parseIDX(_ reader: inout ByteReader, compact: Bool = false) throws -> InputSource {
        let typeID = try reader.read(UInt8.self, field: "IDX element type")
        guard let elementType = IDXShape.ElementType(rawValue: typeID) else {
            throw ContainerError.badVariant(kind: .idx, value: typeID)
        }
        let rank = Int(try reader.read(UInt8.self, field: "IDX rank"))
        guard (1...4).contains(rank) else { throw ContainerError.badRank(rank) }
        var dims = [Int]()
        for _ in 0..<rank {
            dims.append(compact ? try reader.readVarint(limit: Int(UInt32.max), field: "IDX dimension", invalid: ContainerError.nonCanonicalHeader)
                                : Int(try reader.read(UInt32.self, field: "IDX dimension")))
        }
        return .idx(try IDXShape(elementType: elementType, dims: dims))
    }

    static func parsePNG(_ reader: inout ByteReader) throws -> InputSource {
        let width = try reader.read(UInt32.self, field: "width")
        let height = try reader.read(UInt32.self, field: "height")
        let bitDepth = try reader.read(UInt8.self, field: "bit depth")
        return .png(try PNGShape(width: Int(width), height: Int(height), bitDepth: Int(bitDepth)))
    }
}
