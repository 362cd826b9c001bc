import Container

/// A `.vz` fuzz input: a control byte, then the file. Random mutations almost never keep the
/// header CRC-32 and pixel CRC-32 right, so without help the fuzzer would stop at the first
/// check; the control byte asks for the checksums to be recomputed after mutation, so that
/// field validation, payload decoding and rebuilding are reached too (as a deliberate attacker
/// would). Bit 0: recompute the header CRC. Bit 1: also set the pixel CRC to the CRC of the
/// sample stream a stored or zstd payload decodes to (done before the header CRC).
struct ResealedInput {
    /// The `.vz` bytes after resealing.
    let file: [UInt8]

    init(_ input: [UInt8]) {
        guard let control = input.first else {
            file = []
            return
        }
        var bytes = Array(input.dropFirst())
        if control & 2 != 0 { Self.fixPixelChecksum(&bytes) }
        if control & 1 != 0 { Self.fixHeaderChecksum(&bytes) }
        file = bytes
    }

    /// The header length field (bytes 10..<14), when present.
    static func headerLength(_ bytes: [UInt8]) -> Int? {
        guard bytes.count >= 14 else { return nil }
        return (10..<14).reduce(0) { $0 | Int(bytes[$1]) << (8 * ($1 - 10)) }
    }

    /// Writes the CRC-32 of bytes `0 ..< H − 4` at `H − 4` when the header length `H` fits.
    static func fixHeaderChecksum(_ bytes: inout [UInt8]) {
        guard let length = headerLength(bytes), length >= 18, length <= bytes.count else { return }
        let crc = bytes.withUnsafeBytes { CRC32.checksum(UnsafeRawBufferPointer(rebasing: $0[0..<(length - 4)])) }
        store(crc, in: &bytes, at: length - 4)
    }

    /// Largest sample stream whose CRC is recomputed: inflating a zstd payload of up to 2^29
    /// bytes for every input would leave the fuzzer no time for anything else.
    static let maxResealedStream = 1 << 20

    /// Sets the pixel CRC (offset 22) of a file that parses with its header CRC fixed and has a
    /// stored or decodable zstd payload of at most `maxResealedStream` bytes; leaves anything
    /// else alone.
    static func fixPixelChecksum(_ bytes: inout [UInt8]) {
        var resealed = bytes
        fixHeaderChecksum(&resealed)
        guard let file = try? VZFile(parsing: resealed),
              file.header.source.sampleStreamLength <= maxResealedStream else { return }
        let stream: [UInt8]
        switch file.header.codec {
        case .stored:
            stream = file.payload
        case .zstd:
            guard let decoded = try? Zstd.decompress(file.payload, expectedSize: file.header.source.sampleStreamLength) else { return }
            stream = decoded
        case .vlae:
            return
        }
        store(CRC32.checksum(stream), in: &bytes, at: 22)
    }

    private static func store(_ value: UInt32, in bytes: inout [UInt8], at offset: Int) {
        for index in 0..<4 { bytes[offset + index] = UInt8(truncatingIfNeeded: value >> (8 * index)) }
    }
}
