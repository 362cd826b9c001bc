/// A cursor over `bytes[offset..<end]` that reads little-endian fields of the header and throws
/// `headerFieldsOverrun` instead of reading past `end`.
struct ByteReader {
    private let bytes: [UInt8]
    private(set) var offset: Int
    let end: Int

    /// - Precondition: `0 <= offset <= end <= bytes.count`.
    init(_ bytes: [UInt8], from offset: Int, to end: Int) {
        precondition(0 <= offset && offset <= end && end <= bytes.count)
        self.bytes = bytes
        self.offset = offset
        self.end = end
    }

    var remaining: Int { end - offset }

    mutating func read<T: FixedWidthInteger & UnsignedInteger>(_: T.Type, field: String) throws -> T {
        let size = MemoryLayout<T>.size
        guard size <= remaining else { throw ContainerError.headerFieldsOverrun(field: field) }
        var value: T = 0
        for index in 0..<size {
            value |= T(bytes[offset + index]) << (8 * index)
        }
        offset += size
        return value
    }

    /// An unsigned LEB128 number (see `appendVarint`) of at most `limit`.
    /// - Throws: `headerFieldsOverrun` when it runs past `end`; `invalid(reason)` (by default
    ///   `badArchive`) when it is larger than `limit` or not written in the fewest bytes.
    mutating func readVarint(limit: Int, field: String,
                             invalid: (String) -> ContainerError = { .badArchive($0) }) throws -> Int {
        var value = 0, shift = 0
        while true {
            let byte = try read(UInt8.self, field: field)
            // 9 bytes carry 63 bits: a longer number exceeds every limit.
            guard shift < 63 else { throw invalid("\(field) exceeds \(limit)") }
            value |= Int(byte & 0x7F) << shift
            guard value <= limit else { throw invalid("\(field) exceeds \(limit)") }
            if byte & 0x80 == 0 {
                guard byte != 0 || shift == 0 else { throw invalid("\(field) is not written in the fewest bytes") }
                return value
            }
            shift += 7
        }
    }

    mutating func readBytes(_ count: Int, field: String) throws -> [UInt8] {
        guard count <= remaining else { throw ContainerError.headerFieldsOverrun(field: field) }
        defer { offset += count }
        return Array(bytes[offset..<(offset + count)])
    }
}

extension Array where Element == UInt8 {
    /// Appends `value` little-endian.
    mutating func appendLittleEndian<T: FixedWidthInteger & UnsignedInteger>(_ value: T) {
        for index in 0..<MemoryLayout<T>.size {
            append(UInt8(truncatingIfNeeded: value >> (8 * index)))
        }
    }

    /// Appends `value` as an unsigned LEB128 number: 7 bits per byte, low bits first, the top bit
    /// set on every byte but the last. Written in the fewest bytes, so each value has one form.
    mutating func appendVarint(_ value: Int) {
        precondition(value >= 0)
        appendVarint(UInt64(value))
    }

    mutating func appendVarint(_ value: UInt64) {
        var rest = value
        while rest >= 0x80 {
            append(UInt8(truncatingIfNeeded: rest) | 0x80)
            rest >>= 7
        }
        append(UInt8(rest))
    }
}

/// The bytes `appendVarint` writes for `value`.
func varintLength(_ value: UInt64) -> Int {
    max(1, (64 - value.leadingZeroBitCount + 6) / 7)
}
