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
        [UInt8](unsafeUninitializedCapacity: byteCount) { bytes, initialized in
            let raw = UnsafeMutableRawBufferPointer(bytes)
            raw.storeBytes(of: head.littleEndian, toByteOffset: 0, as: UInt64.self)
            tail.withUnsafeBufferPointer { words in
                for (index, word) in words.enumerated() {
                    raw.storeBytes(of: word.littleEndian, toByteOffset: 8 + 4 * index, as: UInt32.self)
                }
            }
            initialized = byteCount
        }
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
        let count = (bytes.count - 8) / 4
        let words = bytes.withUnsafeBytes { raw in
            [UInt32](unsafeUninitializedCapacity: count) { words, initialized in
                for index in 0..<count {
                    words[index] = UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: 8 + 4 * index, as: UInt32.self))
                }
                initialized = count
            }
        }
        self.init(state: state, words: words, seed: seed)
    }
}
