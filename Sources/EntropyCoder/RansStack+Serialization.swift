/// Byte layout of a serialised message (all integers little-endian):
///
///     offset 0      8 bytes   state, UInt64, in [2^31, 2^63)
///     offset 8      4 bytes   word 0 (bottom of the stack), UInt32
///     offset 8+4i   4 bytes   word i
///     ...                     word n-1 is the top: the first one a pop reads
///
/// So a message of n words is 8 + 4n bytes and the count is implied by the length. The seed of
/// the initial bits is not stored: the container keeps it (or fixes it) and passes it back.
/// A decoder does not need `initialWordsConsumed`: the initial words the encoder drew are inside
/// the coded bits and reappear at the bottom of the stack when decoding ends (`finishDecoding`).
extension RansStack {
    /// The message as bytes, in the layout above.
    /// - Complexity: O(n) in the number of words.
    public func serialized() -> [UInt8] {
        var bytes = [UInt8]()
        bytes.reserveCapacity(byteCount)
        for shift in stride(from: 0, to: 64, by: 8) {
            bytes.append(UInt8(truncatingIfNeeded: head >> UInt64(shift)))
        }
        for word in tail {
            for shift in stride(from: 0, to: 32, by: 8) {
                bytes.append(UInt8(truncatingIfNeeded: word >> UInt32(shift)))
            }
        }
        return bytes
    }

    /// Reads a message serialised by `serialized()`; never traps on malformed bytes.
    /// - Parameter seed: the seed of the initial bits the encoder used.
    /// - Throws: `RansStackError.truncated`, `.misalignedLength` or `.stateOutOfRange`.
    /// - Complexity: O(n) in the number of bytes.
    public init(serialized bytes: [UInt8], seed: UInt64) throws(RansStackError) {
        guard bytes.count >= 8 else { throw .truncated(byteCount: bytes.count) }
        guard (bytes.count - 8) % 4 == 0 else { throw .misalignedLength(byteCount: bytes.count) }
        var state: UInt64 = 0
        for index in 0..<8 {
            state |= UInt64(bytes[index]) << UInt64(8 * index)
        }
        guard state >= Self.lowerBound && state < Self.lowerBound << 32 else {
            throw .stateOutOfRange(state)
        }
        var words = [UInt32]()
        words.reserveCapacity((bytes.count - 8) / 4)
        var offset = 8
        while offset < bytes.count {
            words.append(UInt32(bytes[offset]) | UInt32(bytes[offset + 1]) << 8
                         | UInt32(bytes[offset + 2]) << 16 | UInt32(bytes[offset + 3]) << 24)
            offset += 4
        }
        self.init(state: state, words: words, seed: seed)
    }
}
