import Container

/// A PNG fuzz input: a control byte, then the file. Random mutations almost never keep a
/// chunk's CRC-32 right, so libpng would refuse nearly every mutant at its first damaged chunk;
/// bit 0 of the control byte asks for every chunk's CRC to be recomputed after mutation, so that
/// IHDR validation, the refusals, inflating and unfiltering are reached too (as a hostile writer
/// would). The other bits are unused.
struct ResealedPNGInput {
    /// The PNG bytes after resealing.
    let file: [UInt8]

    init(_ input: [UInt8]) {
        guard let control = input.first else {
            file = []
            return
        }
        var bytes = Array(input.dropFirst())
        if control & 1 != 0 { Self.fixChunkChecksums(&bytes) }
        file = bytes
    }

    /// Walks the chunks after the 8-byte signature (length, type, data, CRC) and sets each
    /// complete chunk's CRC to that of its type and data; stops at the first incomplete one.
    static func fixChunkChecksums(_ bytes: inout [UInt8]) {
        var offset = 8
        while offset + 12 <= bytes.count {
            let length = (0..<4).reduce(0) { $0 << 8 | Int(bytes[offset + $1]) }
            let end = offset + 8 + length
            guard end + 4 <= bytes.count else { return }
            let crc = CRC32.checksum(Array(bytes[(offset + 4)..<end]))
            for index in 0..<4 { bytes[end + index] = UInt8(truncatingIfNeeded: crc >> (24 - 8 * index)) }
            offset = end + 4
        }
    }
}
