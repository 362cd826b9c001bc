/// A bounds-checked reader over untrusted bytes, with LEB128 variable-length integers.
///
/// Every read throws `NetpbmLayoutError.truncated` instead of trapping when bytes run out.
struct ByteStream {
    private let bytes: [UInt8]
    private(set) var position = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var remaining: Int { bytes.count - position }

    mutating func readByte() throws -> UInt8 {
        guard position < bytes.count else { throw NetpbmLayoutError.truncated }
        defer { position += 1 }
        return bytes[position]
    }

    /// Reads `count` bytes; the size is checked against what is left before allocating.
    mutating func readBytes(_ count: Int) throws -> [UInt8] {
        guard count >= 0 && count <= remaining else { throw NetpbmLayoutError.truncated }
        defer { position += count }
        return Array(bytes[position..<position + count])
    }

    /// Reads an unsigned LEB128 integer of at most 9 bytes (63 bits), so it fits an `Int`.
    mutating func readVarint() throws -> Int {
        var value = 0
        for index in 0..<9 {
            let byte = try readByte()
            value |= Int(byte & 0x7F) << (7 * index)
            if byte & 0x80 == 0 { return value }
        }
        throw NetpbmLayoutError.invalidInteger
    }
}

extension Array where Element == UInt8 {
    /// Appends `value` as unsigned LEB128 (7 bits per byte, low group first).
    /// - Precondition: `value ≥ 0`.
    mutating func appendVarint(_ value: Int) {
        precondition(value >= 0)
        var rest = UInt64(value)
        while rest >= 0x80 {
            append(UInt8(rest & 0x7F) | 0x80)
            rest >>= 7
        }
        append(UInt8(rest))
    }
}
