/// A cursor over the bytes of a Netpbm file that reads header tokens.
///
/// Grammar (Netpbm, as libnetpbm parses it): a magic `P1`/`P2`/`P4`/`P5`; then the fields
/// width, height and (PGM only) maxval, each preceded by at least one separator. A separator
/// is whitespace (space, TAB, CR, LF) or a comment: `#` through the next CR or LF. A number
/// must be followed by a separator or the end of input, never by another character.
/// For P4/P5 exactly one separator ends the header: one whitespace byte, or one comment
/// together with its terminating CR/LF; the raster starts right after it.
///
/// The scanner only borrows `bytes`: it must not outlive the `withUnsafeBufferPointer` scope
/// that produced them.
struct NetpbmScanner {
    let bytes: UnsafeBufferPointer<UInt8>
    private(set) var position: Int

    init(_ bytes: UnsafeBufferPointer<UInt8>, position: Int = 0) {
        self.bytes = bytes
        self.position = position
    }

    var isAtEnd: Bool { position >= bytes.count }
    var remaining: Int { bytes.count - position }

    static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }

    static func isDigit(_ byte: UInt8) -> Bool { byte &- 0x30 < 10 }

    /// Moves the cursor by `count` bytes. - Precondition: `count ≤ remaining`.
    mutating func advance(by count: Int) {
        precondition(count >= 0 && count <= remaining)
        position += count
    }

    /// Skips whitespace only (not comments), as between concatenated images.
    mutating func skipWhitespace() {
        while !isAtEnd && NetpbmScanner.isWhitespace(bytes[position]) { position += 1 }
    }

    /// Skips a comment starting at the cursor (which must be at `#`), through its CR or LF.
    /// - Returns: whether the comment was terminated by CR/LF (false when the input ends inside it).
    @discardableResult
    mutating func skipComment() -> Bool {
        position += 1
        while !isAtEnd {
            let byte = bytes[position]
            position += 1
            if byte == 0x0A || byte == 0x0D { return true }
        }
        return false
    }

    /// Skips any run of whitespace and comments. - Returns: whether anything was skipped.
    mutating func skipSeparators() -> Bool {
        let start = position
        while !isAtEnd {
            let byte = bytes[position]
            if NetpbmScanner.isWhitespace(byte) {
                position += 1
            } else if byte == UInt8(ascii: "#") {
                skipComment()
            } else {
                break
            }
        }
        return position != start
    }

    /// Result of scanning one decimal number.
    enum Number {
        case value(Int)
        case overflow
        case malformed
    }

    /// Scans an optional `-` and decimal digits that must be followed by a separator or the
    /// end of input. Values beyond ±`ImageIOLimits.maxHeaderNumber` give `.overflow`.
    /// On `.malformed` the cursor position is unspecified.
    mutating func scanNumber() -> Number {
        var negative = false
        if !isAtEnd && bytes[position] == UInt8(ascii: "-") {
            negative = true
            position += 1
        }
        guard !isAtEnd && NetpbmScanner.isDigit(bytes[position]) else { return .malformed }
        var value = 0
        while !isAtEnd && NetpbmScanner.isDigit(bytes[position]) {
            value = value * 10 + Int(bytes[position] - 0x30)
            if value > ImageIOLimits.maxHeaderNumber { return .overflow }
            position += 1
        }
        if !isAtEnd {
            let next = bytes[position]
            guard NetpbmScanner.isWhitespace(next) || next == UInt8(ascii: "#") else { return .malformed }
        }
        return .value(negative ? -value : value)
    }
}
