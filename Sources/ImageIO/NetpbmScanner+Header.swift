extension NetpbmScanner {
    /// Whether the bytes at the cursor look like the start of a Netpbm image: `P` and a digit 1…7.
    var isAtMagic: Bool {
        remaining >= 2 && bytes[position] == UInt8(ascii: "P")
            && bytes[position + 1] >= UInt8(ascii: "1") && bytes[position + 1] <= UInt8(ascii: "7")
    }

    /// Parses one header, leaving the cursor where the raster begins: after the single
    /// delimiter for P4/P5, right after the last header number for P1/P2.
    ///
    /// - Parameters:
    ///   - image: index of the image in its file, for error reports.
    ///   - allowLeadingWhitespace: skip whitespace before the magic (images after the first).
    /// - Throws: `NetpbmError` for any header problem; never traps.
    mutating func parseHeader(image: Int, allowLeadingWhitespace: Bool) throws -> NetpbmHeader {
        if allowLeadingWhitespace { skipWhitespace() }
        guard isAtMagic else {
            if position == 0 && bytes.isEmpty { throw NetpbmError.emptyInput }
            throw NetpbmError.badMagic(offset: position)
        }
        let digit = bytes[position + 1] - UInt8(ascii: "0")
        guard let variant = NetpbmVariant(rawValue: digit) else {
            throw NetpbmError.unsupportedVariant(image: image, magic: "P\(digit)")
        }
        advance(by: 2)
        let width = try headerNumber(.width, image: image)
        guard width > 0 else { throw NetpbmError.nonPositiveDimension(image: image, field: .width, value: width) }
        let height = try headerNumber(.height, image: image)
        guard height > 0 else { throw NetpbmError.nonPositiveDimension(image: image, field: .height, value: height) }
        var maxval = 1
        if !variant.isBitmap {
            maxval = try headerNumber(.maxval, image: image)
            try NetpbmHeader.checkMaxval(maxval, image: image)
        }
        if !variant.isPlain { try skipRasterDelimiter(image: image) }
        return try NetpbmHeader(variant: variant, width: width, height: height, maxval: maxval, image: image)
    }

    /// Reads one header number preceded by at least one separator.
    private mutating func headerNumber(_ field: NetpbmField, image: Int) throws -> Int {
        let separated = skipSeparators()
        guard !isAtEnd else { throw NetpbmError.truncatedHeader(image: image, field: field) }
        guard separated else { throw NetpbmError.malformedField(image: image, field: field) }
        switch scanNumber() {
        case let .value(value): return value
        case .overflow: throw NetpbmError.numberOverflow(image: image, field: field)
        case .malformed: throw NetpbmError.malformedField(image: image, field: field)
        }
    }

    /// Consumes the single whitespace byte, or the one comment with its CR/LF, that ends a
    /// binary header. `scanNumber` guarantees the cursor is at whitespace, `#` or the end.
    private mutating func skipRasterDelimiter(image: Int) throws {
        guard !isAtEnd else { throw NetpbmError.truncatedHeader(image: image, field: .rasterDelimiter) }
        if bytes[position] == UInt8(ascii: "#") {
            guard skipComment() else { throw NetpbmError.truncatedHeader(image: image, field: .rasterDelimiter) }
        } else {
            advance(by: 1)
        }
    }
}
