/// Byte format of a serialized `NetpbmLayout` (version 1). Integers are unsigned LEB128
/// ("varint": 7 bits per byte, low group first, at most 9 bytes).
///
///     u8      version = 1
///     varint  run count (≥ 1)
///     per run (consecutive images laid out identically):
///       varint  images in the run (≥ 1)
///       u8      header kind: 0 = canonical, 1 = verbatim
///               kind 0: u8 variant (4 or 5), varint width, varint height, varint maxval
///               kind 1: varint length, then that many header bytes (must parse as exactly
///                       one P4/P5 header; leading whitespace only if the run does not start
///                       at the first image)
///       u8      padding kind: 0 = none, 1 = sparse, 2 = dense (P4 with width % 8 ≠ 0 only)
///               sparse: varint count (≥ 1), then per padded row: varint gap, u8 bits, where
///                       row = gap for the first entry and previous row + 1 + gap after it
///               dense:  height bytes, one per row
///     varint  trailing length, then that many bytes
///
/// Nothing may follow. Runs make a file of many alike images (a data set stored as
/// concatenated P5 images) cost a few bytes, like a single canonical image (about 10 bytes).
extension NetpbmLayout {
    /// Current format version.
    static let formatVersion: UInt8 = 1

    private enum HeaderKind: UInt8 { case canonical = 0, verbatim = 1 }
    private enum PaddingKind: UInt8 { case none = 0, sparse = 1, dense = 2 }

    /// The serialized form, deterministic for a given layout: maximal runs, and sparse or
    /// dense padding, whichever is smaller (dense on a tie).
    /// - Complexity: O(size of the layout).
    public func serialized() -> [UInt8] {
        var runs: [(image: ImageLayout, count: Int)] = []
        for image in images {
            if let last = runs.last, last.image == image {
                runs[runs.count - 1].count += 1
            } else {
                runs.append((image, 1))
            }
        }
        var output: [UInt8] = [NetpbmLayout.formatVersion]
        output.appendVarint(runs.count)
        for (image, count) in runs {
            output.appendVarint(count)
            if let headerBytes = image.headerBytes {
                output.append(HeaderKind.verbatim.rawValue)
                output.appendVarint(headerBytes.count)
                output += headerBytes
            } else {
                output.append(HeaderKind.canonical.rawValue)
                output.append(image.header.variant.rawValue)
                output.appendVarint(image.header.width)
                output.appendVarint(image.header.height)
                output.appendVarint(image.header.maxval)
            }
            NetpbmLayout.appendPadding(image.rowPadding, to: &output)
        }
        output.appendVarint(trailingBytes.count)
        output += trailingBytes
        return output
    }

    /// Parses and validates a serialized layout; see the format above and the type's invariants.
    ///
    /// - Parameters:
    ///   - maxPixels: limit on the total pixels the layout may announce.
    ///   - maxImages: limit on the number of images.
    /// - Throws: `NetpbmLayoutError`; never traps on any input. Limits are checked before
    ///   the per-image entries are allocated.
    public init(serialized bytes: [UInt8], maxPixels: Int = ImageIOLimits.defaultMaxPixels,
                maxImages: Int = ImageIOLimits.maxImagesPerFile) throws {
        var stream = ByteStream(bytes)
        let version = try stream.readByte()
        guard version == NetpbmLayout.formatVersion else { throw NetpbmLayoutError.unsupportedVersion(version) }
        let runCount = try stream.readVarint()
        guard runCount >= 1 else { throw NetpbmLayoutError.invalidValue(image: 0, what: "run count") }
        // Each run takes at least four bytes, which bounds the loop by the input size.
        guard runCount <= stream.remaining / 4 else { throw NetpbmLayoutError.truncated }
        var images: [ImageLayout] = []
        var totalPixels = 0
        for _ in 0..<runCount {
            let first = images.count
            let count = try stream.readVarint()
            guard count >= 1 else { throw NetpbmLayoutError.invalidValue(image: first, what: "run length") }
            guard count <= maxImages - first else { throw NetpbmLayoutError.tooManyImages(limit: maxImages) }
            let (header, headerBytes) = try NetpbmLayout.readHeader(from: &stream, image: first)
            let (runPixels, productOverflow) = header.pixelCount.multipliedReportingOverflow(by: count)
            let (sum, sumOverflow) = totalPixels.addingReportingOverflow(runPixels)
            guard !productOverflow && !sumOverflow && sum <= maxPixels else {
                throw NetpbmLayoutError.tooLarge(pixels: productOverflow || sumOverflow ? Int.max : sum, limit: maxPixels)
            }
            totalPixels = sum
            let rowPadding = try NetpbmLayout.readPadding(from: &stream, header: header, image: first)
            images += repeatElement(ImageLayout(header: header, headerBytes: headerBytes, rowPadding: rowPadding), count: count)
        }
        let trailing = try stream.readBytes(try stream.readVarint())
        guard stream.remaining == 0 else { throw NetpbmLayoutError.extraBytes(count: stream.remaining) }
        let startsImage: Bool = trailing.withUnsafeBufferPointer { buffer in
            var scanner = NetpbmScanner(buffer)
            scanner.skipWhitespace()
            return scanner.isAtMagic
        }
        guard !startsImage else { throw NetpbmLayoutError.trailingBytesStartImage }
        self.init(images: images, trailingBytes: trailing)
    }

    private static func readHeader(from stream: inout ByteStream, image: Int) throws -> (NetpbmHeader, [UInt8]?) {
        guard let kind = HeaderKind(rawValue: try stream.readByte()) else {
            throw NetpbmLayoutError.invalidValue(image: image, what: "header kind")
        }
        switch kind {
        case .canonical:
            guard let variant = NetpbmVariant(rawValue: try stream.readByte()), !variant.isPlain else {
                throw NetpbmLayoutError.invalidValue(image: image, what: "variant")
            }
            let width = try stream.readVarint(), height = try stream.readVarint(), maxval = try stream.readVarint()
            do {
                return (try NetpbmHeader(variant: variant, width: width, height: height, maxval: maxval, image: image), nil)
            } catch let error as NetpbmError {
                throw NetpbmLayoutError.invalidHeader(image: image, error)
            }
        case .verbatim:
            let bytes = try stream.readBytes(try stream.readVarint())
            return (try parseVerbatimHeader(bytes, image: image), bytes)
        }
    }

    /// Parses stored header bytes, which must hold exactly one complete P4/P5 header.
    private static func parseVerbatimHeader(_ bytes: [UInt8], image: Int) throws -> NetpbmHeader {
        do {
            return try bytes.withUnsafeBufferPointer { buffer in
                var scanner = NetpbmScanner(buffer)
                let header = try scanner.parseHeader(image: image, allowLeadingWhitespace: image > 0)
                guard !header.variant.isPlain else { throw NetpbmLayoutError.invalidValue(image: image, what: "variant") }
                guard scanner.isAtEnd else { throw NetpbmLayoutError.invalidValue(image: image, what: "header length") }
                return header
            }
        } catch let error as NetpbmError {
            throw NetpbmLayoutError.invalidHeader(image: image, error)
        }
    }

    private static func readPadding(from stream: inout ByteStream, header: NetpbmHeader, image: Int) throws -> [UInt8] {
        guard let kind = PaddingKind(rawValue: try stream.readByte()) else {
            throw NetpbmLayoutError.invalidValue(image: image, what: "padding kind")
        }
        if kind == .none { return [] }
        let bits = header.variant == .p4 ? header.p4PaddingBits : 0
        guard bits > 0 else { throw NetpbmLayoutError.invalidPadding(image: image) }
        let limit = UInt8(1 << bits)
        var rows: [UInt8]
        if kind == .dense {
            rows = try stream.readBytes(header.height)
            guard rows.contains(where: { $0 != 0 }) else { throw NetpbmLayoutError.invalidPadding(image: image) }
            guard rows.allSatisfy({ $0 < limit }) else { throw NetpbmLayoutError.invalidPadding(image: image) }
        } else {
            let count = try stream.readVarint()
            // Each entry takes at least two bytes.
            guard count >= 1 && count <= header.height && count <= stream.remaining / 2 else {
                throw NetpbmLayoutError.invalidPadding(image: image)
            }
            // height ≤ the image's pixels, already checked against maxPixels.
            rows = [UInt8](repeating: 0, count: header.height)
            var row = -1
            for _ in 0..<count {
                let gap = try stream.readVarint()
                guard gap < header.height - row - 1 else { throw NetpbmLayoutError.invalidPadding(image: image) }
                row += 1 + gap
                let value = try stream.readByte()
                // Checked per entry: a scan of all rows would cost O(height) for a few bytes.
                guard value != 0 && value < limit else { throw NetpbmLayoutError.invalidPadding(image: image) }
                rows[row] = value
            }
        }
        return rows
    }

    private static func appendPadding(_ rows: [UInt8], to output: inout [UInt8]) {
        guard !rows.isEmpty else {
            output.append(PaddingKind.none.rawValue)
            return
        }
        var sparse: [UInt8] = []
        var entries = 0, previous = -1
        for (row, value) in rows.enumerated() where value != 0 {
            sparse.appendVarint(row - previous - 1)
            sparse.append(value)
            previous = row
            entries += 1
        }
        var header: [UInt8] = []
        header.appendVarint(entries)
        if header.count + sparse.count < rows.count {
            output.append(PaddingKind.sparse.rawValue)
            output += header
            output += sparse
        } else {
            output.append(PaddingKind.dense.rawValue)
            output += rows
        }
    }
}
