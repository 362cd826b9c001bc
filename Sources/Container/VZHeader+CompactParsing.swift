import ImageIO
import ModelFile

extension VZHeader {
    /// Reads a version 2 or 3 header (FORMAT.md, "Header, version 2"): the header length, the
    /// header's presence, its CRC-16, then each field, refusing any field not in its one canonical form.
    /// - Throws: a `ContainerError`; never traps, whatever `bytes` holds.
    static func parseCompact(_ bytes: [UInt8], version: UInt16) throws -> Parsed {
        let available = bytes.count
        let length = try parseCompactLength(bytes)
        guard available >= length else {
            throw ContainerError.truncated(needed: UInt64(length), available: available)
        }
        let stored = UInt16(bytes[length - 2]) | UInt16(bytes[length - 1]) << 8
        let computed = CRC16.checksum(bytes[0..<(length - 2)])
        guard stored == computed else { throw ContainerError.headerCheckMismatch(stored: stored, computed: computed) }

        var reader = ByteReader(bytes, from: 10 + varintLength(UInt64(length)), to: length - 2)
        let form = try reader.read(UInt8.self, field: "form")
        let codecID = form & Form.codecMask
        guard codecID <= 2 || (codecID == 3 && version >= 3) else { throw ContainerError.unknownCodec(codecID) }
        let kindID = (form & Form.kindMask) >> Form.kindShift
        guard let kind = SourceKind(rawValue: kindID) else { throw ContainerError.unknownKind(kindID) }
        let payloadLength = try reader.readVarint(limit: Int.max, field: "payload length", invalid: ContainerError.nonCanonicalHeader)

        let codec: Codec, parameters: CodecParameters
        if codecID == 2 {
            codec = .vlae(model: try parseCompactModel(shipped: form & Form.shippedModel != 0, &reader))
            parameters = try parseCompactParameters(compact: form & Form.compactParameters != 0, &reader)
        } else if codecID == 3 {
            guard form & Form.shippedModel == 0 else { throw ContainerError.nonCanonicalHeader("a shipped-model flag for codec 3, which has no model") }
            parameters = try parseCompactParameters(compact: form & Form.compactParameters != 0, compactVersion: Self.compactContextParametersVersion, &reader)
            codec = .context
        } else {
            guard form & (Form.shippedModel | Form.compactParameters) == 0 else {
                throw ContainerError.nonCanonicalHeader("model or parameter flags for codec \(codecID), which has neither")
            }
            codec = codecID == 0 ? .stored : .zstd
            parameters = .none
        }
        let sourceStart = reader.offset
        let source: InputSource
        switch kind {
        case .netpbm: source = try parseCompactNetpbm(&reader)
        case .idx: source = try parseIDX(&reader, compact: true)
        case .png: source = try parseCompactPNG(&reader)
        case .archive: source = .archive(try parseCompactArchive(&reader))
        }
        let sourceBytes = Array(bytes[sourceStart..<reader.offset])
        let canonical = canonicalLayout(for: source)
        let layout: [UInt8]
        if form & Form.canonicalLayout != 0 {
            guard let canonical else { throw ContainerError.nonCanonicalHeader("a canonical layout for images that have none") }
            layout = canonical
        } else {
            let count = try reader.readVarint(limit: reader.remaining, field: "layout length", invalid: ContainerError.nonCanonicalHeader)
            layout = try reader.readBytes(count, field: "layout")
            guard layout != canonical else { throw ContainerError.nonCanonicalHeader("the canonical layout written out") }
        }
        let pixelChecksum = try reader.read(UInt32.self, field: "pixel CRC")
        guard reader.remaining == 0 else { throw ContainerError.headerHasUnusedBytes(reader.remaining) }

        let header = try VZHeader(codec: codec, codecParameters: parameters, source: source,
                                  layout: layout, pixelChecksum: pixelChecksum, version: version, compactSource: sourceBytes)
        return Parsed(header: header, length: length, payloadLength: UInt64(payloadLength))
    }

    /// The header length H, LEB128 from offset 10: within `minCompactHeaderLength ... maxHeaderLength`
    /// and in its fewest bytes.
    private static func parseCompactLength(_ bytes: [UInt8]) throws -> Int {
        guard let (value, end) = VZFormat.compactHeaderLengthField(in: bytes) else {
            throw ContainerError.truncated(needed: UInt64(max(bytes.count, 10) + 1), available: bytes.count)
        }
        // Five LEB128 bytes hold 35 bits: a sixth means more than the largest header.
        guard let end else { throw ContainerError.badHeaderLength(value) }
        guard bytes[end - 1] != 0 || end == 11 else { throw ContainerError.nonCanonicalHeader("header length is not written in the fewest bytes") }
        guard (UInt64(VZFormat.minCompactHeaderLength)...UInt64(VZFormat.maxHeaderLength)).contains(value) else {
            throw ContainerError.badHeaderLength(value)
        }
        return Int(value)
    }

    private static func parseCompactModel(shipped: Bool, _ reader: inout ByteReader) throws -> ModelIdentity {
        guard shipped else { return try parseCodec(2, &reader).model! }
        let index = try reader.read(UInt8.self, field: "shipped model")
        guard index >= 1, Int(index) <= VZFormat.shippedModels.count else { throw ContainerError.unknownShippedModel(index) }
        return VZFormat.shippedModels[Int(index) - 1]
    }

    /// A codec's parameters: with form bit 7 one byte of `compactVersion`, else version, length, bytes.
    private static func parseCompactParameters(compact: Bool, compactVersion: UInt8 = compactParametersVersion,
                                               _ reader: inout ByteReader) throws -> CodecParameters {
        if compact {
            return try CodecParameters(version: compactVersion, bytes: [try reader.read(UInt8.self, field: "codec parameters")])
        }
        let version = try reader.read(UInt8.self, field: "codec parameters version")
        let count = try reader.readVarint(limit: CodecParameters.maxLength, field: "codec parameters length", invalid: ContainerError.badCodecParameters)
        let parameters = try CodecParameters(version: version, bytes: try reader.readBytes(count, field: "codec parameters"))
        guard !(version == compactVersion && count == 1) else {
            throw ContainerError.nonCanonicalHeader("one-byte version \(version) parameters written out")
        }
        return parameters
    }

    /// The archive section: the index as is, or inflated from its zstd frame.
    private static func parseCompactArchive(_ reader: inout ByteReader) throws -> ArchiveIndex {
        let length = try reader.readVarint(limit: maxCompressedIndexLength, field: "archive index length")
        guard length > 0 else { return try ArchiveIndex.parse(&reader) }
        let frameLength = try reader.readVarint(limit: reader.remaining, field: "archive index frame length")
        let frame = try reader.readBytes(frameLength, field: "archive index frame")
        let raw: [UInt8]
        do {
            raw = try Zstd.decompress(frame, expectedSize: length)
        } catch {
            throw ContainerError.badArchive("index frame: \(error)")
        }
        var inner = ByteReader(raw, from: 0, to: raw.count)
        let index = try ArchiveIndex.parse(&inner)
        guard inner.remaining == 0 else { throw ContainerError.badArchive("\(inner.remaining) bytes after the index") }
        return index
    }

    private static func parseCompactNetpbm(_ reader: inout ByteReader) throws -> InputSource {
        let first = try reader.read(UInt8.self, field: "image form")
        let list = (first & NetpbmForm.listMask) >> NetpbmForm.listShift
        guard list <= NetpbmForm.explicit else { throw ContainerError.badImageListForm(list) }
        var count = 1
        if list != NetpbmForm.single {
            count = try reader.readVarint(limit: Int(UInt32.max), field: "image count", invalid: ContainerError.nonCanonicalHeader)
            guard count >= 2 else { throw ContainerError.nonCanonicalHeader("a list form for \(count) image") }
        }
        var shapes = [try parseCompactShape(first, &reader)]
        if list == NetpbmForm.uniform || list == NetpbmForm.single {
            return .netpbm(try ImageList(repeating: shapes[0], count: count))
        }
        // Every further entry takes at least 3 bytes: bound the allocation by the bytes present.
        guard count - 1 <= reader.remaining / 3 else { throw ContainerError.headerFieldsOverrun(field: "image list") }
        shapes.reserveCapacity(count)
        for _ in 1..<count {
            let form = try reader.read(UInt8.self, field: "image form")
            guard form & NetpbmForm.listMask == 0 else { throw ContainerError.nonCanonicalHeader("list form on an image after the first") }
            shapes.append(try parseCompactShape(form, &reader))
        }
        let images = try ImageList(shapes)
        guard !images.isUniform else { throw ContainerError.nonCanonicalImageList }
        return .netpbm(images)
    }

    private static func parseCompactShape(_ form: UInt8, _ reader: inout ByteReader) throws -> ImageShape {
        let variantID = form & NetpbmForm.variantMask
        guard let variant = NetpbmVariant(rawValue: variantID) else {
            throw ContainerError.badVariant(kind: .netpbm, value: variantID)
        }
        guard form & 0b1100_0000 == 0 else { throw ContainerError.nonCanonicalHeader("unknown image form bits \(form >> 6)") }
        var maxval = defaultMaxval(variant)
        if form & NetpbmForm.maxvalGiven != 0 {
            maxval = try reader.readVarint(limit: Int(UInt16.max), field: "maxval", invalid: ContainerError.nonCanonicalHeader)
            guard maxval != defaultMaxval(variant) else { throw ContainerError.nonCanonicalHeader("the default maxval written out") }
        }
        let width = try reader.readVarint(limit: Int(UInt32.max), field: "width", invalid: ContainerError.nonCanonicalHeader)
        let height = try reader.readVarint(limit: Int(UInt32.max), field: "height", invalid: ContainerError.nonCanonicalHeader)
        return try ImageShape(variant: variant, maxval: maxval, width: width, height: height)
    }

    private static func parseCompactPNG(_ reader: inout ByteReader) throws -> InputSource {
        let width = try reader.readVarint(limit: Int(UInt32.max), field: "width", invalid: ContainerError.nonCanonicalHeader)
        let height = try reader.readVarint(limit: Int(UInt32.max), field: "height", invalid: ContainerError.nonCanonicalHeader)
        let bitDepth = try reader.read(UInt8.self, field: "bit depth")
        return .png(try PNGShape(width: width, height: height, bitDepth: Int(bitDepth)))
    }
}
