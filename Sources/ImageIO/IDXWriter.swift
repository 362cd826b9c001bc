/// Writes unsigned-byte IDX files (uncompressed): `00 00 08 N`, N big-endian UInt32
/// dimensions, then the values.
public enum IDXWriter {
    /// The IDX encoding of `array`.
    /// - Complexity: O(elements).
    public static func bytes(for array: IDXArray) -> [UInt8] {
        var output: [UInt8] = [0, 0, 0x08, UInt8(array.dimensions.count)]
        output.reserveCapacity(4 + 4 * array.dimensions.count + array.values.count)
        for dimension in array.dimensions {
            let value = UInt32(dimension)
            output += [UInt8(value >> 24), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)]
        }
        output += array.values
        return output
    }
}
