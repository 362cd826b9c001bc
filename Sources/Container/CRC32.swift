import CZlib

/// CRC-32 (ISO-HDLC, as in zlib, PNG and gzip; check value of "123456789" is `0xCBF43926`),
/// computed by zlib's `crc32`. Used for the header checksum and for the pixel checksum.
///
/// Feeding bytes in several `update` calls gives the same value as one call on their
/// concatenation.
public struct CRC32: Hashable, Sendable {
    /// The CRC-32 of all bytes fed so far (0 for none).
    public private(set) var value: UInt32 = 0

    public init() {}

    /// - Complexity: O(n).
    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard var base = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return }
        var remaining = bytes.count
        var crc = UInt(value)
        // zlib's length is a 32-bit uInt: feed large buffers in 1 GiB chunks.
        while remaining > 0 {
            let chunk = min(remaining, 1 << 30)
            crc = crc32(crc, base, UInt32(chunk))
            base += chunk
            remaining -= chunk
        }
        value = UInt32(truncatingIfNeeded: crc)
    }

    public mutating func update(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { update($0) }
    }

    /// Feeds each sample as two bytes, most significant first (the sample stream of images
    /// whose maxval exceeds 255).
    public mutating func update(bigEndianSamples samples: [UInt16]) {
        var chunk = [UInt8](repeating: 0, count: 8192)
        var start = 0
        while start < samples.count {
            let end = min(samples.count, start + chunk.count / 2)
            for index in start..<end {
                chunk[2 * (index - start)] = UInt8(samples[index] >> 8)
                chunk[2 * (index - start) + 1] = UInt8(samples[index] & 0xFF)
            }
            chunk.withUnsafeBytes { update(UnsafeRawBufferPointer(rebasing: $0[0..<(2 * (end - start))])) }
            start = end
        }
    }

    /// The CRC-32 of `bytes`.
    public static func checksum(_ bytes: [UInt8]) -> UInt32 {
        bytes.withUnsafeBytes { checksum($0) }
    }

    /// The CRC-32 of `bytes`.
    public static func checksum(_ bytes: UnsafeRawBufferPointer) -> UInt32 {
        var crc = CRC32()
        crc.update(bytes)
        return crc.value
    }
}
