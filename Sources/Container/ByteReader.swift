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
}
