extension NetpbmReader {
    /// Samples of one image plus the P4 padding bits needed to rebuild it.
    struct Raster {
        var pixels: [UInt8]
        /// One value per row when some P4 padding bits are set, else empty.
        var rowPadding: [UInt8] = []
    }

    /// Decodes the raster that starts at the scanner's cursor and moves the cursor past it.
    static func decodeRaster(_ header: NetpbmHeader, from scanner: inout NetpbmScanner, image: Int) throws -> Raster {
        switch header.variant {
        case .p1: return Raster(pixels: try decodePlainBitmap(header, from: &scanner, image: image))
        case .p2: return Raster(pixels: try decodePlainGraymap(header, from: &scanner, image: image))
        case .p4: return try decodeBinaryBitmap(header, from: &scanner, image: image)
        case .p5: return Raster(pixels: try decodeBinaryGraymap(header, from: &scanner, image: image))
        }
    }

    /// P5: one byte per sample.
    private static func decodeBinaryGraymap(_ header: NetpbmHeader, from scanner: inout NetpbmScanner, image: Int) throws -> [UInt8] {
        let count = header.pixelCount
        guard scanner.remaining >= count else { throw NetpbmError.truncatedBody(image: image) }
        let start = scanner.position
        let pixels = Array(scanner.bytes[start..<start + count])
        if let index = NetpbmImage.firstSampleAbove(header.maxval, in: pixels) {
            throw NetpbmError.pixelAboveMaxval(image: image, index: index, value: Int(pixels[index]), maxval: header.maxval)
        }
        scanner.advance(by: count)
        return pixels
    }

    /// P4: rows of ⌈width/8⌉ bytes, most significant bit first, 1 = black; the low
    /// `p4PaddingBits` bits of each row's last byte are padding, recorded when nonzero.
    private static func decodeBinaryBitmap(_ header: NetpbmHeader, from scanner: inout NetpbmScanner, image: Int) throws -> Raster {
        let width = header.width, height = header.height, rowBytes = header.p4RowBytes
        let byteCount = rowBytes * height
        guard scanner.remaining >= byteCount else { throw NetpbmError.truncatedBody(image: image) }
        let source = UnsafeBufferPointer(rebasing: scanner.bytes[scanner.position..<scanner.position + byteCount])
        var pixels = [UInt8](repeating: 0, count: width * height)
        pixels.withUnsafeMutableBufferPointer { out in
            for row in 0..<height {
                let rowStart = row * rowBytes, outStart = row * width
                for x in 0..<width {
                    out[outStart + x] = (source[rowStart + x >> 3] >> (7 - UInt8(x & 7))) & 1
                }
            }
        }
        var rowPadding: [UInt8] = []
        let paddingBits = header.p4PaddingBits
        if paddingBits > 0 {
            let mask = UInt8((1 << paddingBits) - 1)
            for row in 0..<height {
                let bits = source[row * rowBytes + rowBytes - 1] & mask
                guard bits != 0 else { continue }
                if rowPadding.isEmpty { rowPadding = [UInt8](repeating: 0, count: height) }
                rowPadding[row] = bits
            }
        }
        scanner.advance(by: byteCount)
        return Raster(pixels: pixels, rowPadding: rowPadding)
    }

    /// P1: digits `0`/`1`, separated by any (possibly empty) run of whitespace and comments.
    private static func decodePlainBitmap(_ header: NetpbmHeader, from scanner: inout NetpbmScanner, image: Int) throws -> [UInt8] {
        let count = header.pixelCount
        // Each sample takes at least one byte: refuse before allocating.
        guard scanner.remaining >= count else { throw NetpbmError.truncatedBody(image: image) }
        var pixels = [UInt8](repeating: 0, count: count)
        try pixels.withUnsafeMutableBufferPointer { out in
            for index in 0..<count {
                _ = scanner.skipSeparators()
                guard !scanner.isAtEnd else { throw NetpbmError.truncatedBody(image: image) }
                let digit = scanner.bytes[scanner.position]
                guard digit == UInt8(ascii: "0") || digit == UInt8(ascii: "1") else {
                    throw NetpbmError.malformedPixel(image: image, index: index)
                }
                out[index] = digit - UInt8(ascii: "0")
                scanner.advance(by: 1)
            }
        }
        return pixels
    }

    /// P2: decimal samples separated by whitespace and comments.
    private static func decodePlainGraymap(_ header: NetpbmHeader, from scanner: inout NetpbmScanner, image: Int) throws -> [UInt8] {
        let count = header.pixelCount
        // Each sample takes a digit and all but the last a separator: refuse before allocating.
        guard scanner.remaining >= 2 * count - 1 else { throw NetpbmError.truncatedBody(image: image) }
        var pixels = [UInt8](repeating: 0, count: count)
        try pixels.withUnsafeMutableBufferPointer { out in
            for index in 0..<count {
                _ = scanner.skipSeparators()
                guard !scanner.isAtEnd else { throw NetpbmError.truncatedBody(image: image) }
                switch scanner.scanNumber() {
                case let .value(value):
                    guard value >= 0 else { throw NetpbmError.malformedPixel(image: image, index: index) }
                    guard value <= header.maxval else {
                        throw NetpbmError.pixelAboveMaxval(image: image, index: index, value: value, maxval: header.maxval)
                    }
                    out[index] = UInt8(value)
                case .overflow:
                    throw NetpbmError.numberOverflow(image: image, field: .pixel)
                case .malformed:
                    throw NetpbmError.malformedPixel(image: image, index: index)
                }
            }
        }
        return pixels
    }
}
