import Container

/// A `.vz` fuzz input: a control byte, then the file. Random mutations almost never keep the
/// header check and pixel CRC-32 right, so without help the fuzzer would stop at the first
/// check; the control byte asks for the checksums to be recomputed after mutation, so that
/// field validation, payload decoding and rebuilding are reached too (as a deliberate attacker
/// would). Bit 0: recompute the header check (CRC-32 in version 1, CRC-16 in version 2). Bit 1: also set the pixel CRC to the CRC of the
/// sample stream a stored or zstd payload decodes to (an archive's, when it has no vlae group;
/// done before the header CRC).
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

    /// The header length H: version 1's `u32` at offset 10, version 2's LEB128 there; nil when
    /// the bytes do not hold one.
    static func headerLength(_ bytes: [UInt8]) -> Int? {
        guard bytes.count >= 14 else { return nil }
        if bytes[8] == 1 && bytes[9] == 0 { return (10..<14).reduce(0) { $0 | Int(bytes[$1]) << (8 * ($1 - 10)) } }
        guard isCompact(bytes), let field = VZFormat.compactHeaderLengthField(in: bytes), field.end != nil else { return nil }
        return Int(field.value)
    }

    /// Whether the file says it is version 2 (CRC-16 header check, pixel CRC just before it).
    static func isCompact(_ bytes: [UInt8]) -> Bool { bytes.count >= 10 && bytes[8] == 2 && bytes[9] == 0 }

    /// Writes the header check when the header length `H` fits: version 1's CRC-32 of bytes
    /// `0 ..< H − 4` at `H − 4`, version 2's CRC-16 of `0 ..< H − 2` at `H − 2`.
    static func fixHeaderChecksum(_ bytes: inout [UInt8]) {
        guard let length = headerLength(bytes), length >= 18, length <= bytes.count else { return }
        if isCompact(bytes) {
            let crc = CRC16.checksum(bytes[0..<(length - 2)])
            bytes[length - 2] = UInt8(crc & 0xFF)
            bytes[length - 1] = UInt8(crc >> 8)
            return
        }
        let crc = bytes.withUnsafeBytes { CRC32.checksum(UnsafeRawBufferPointer(rebasing: $0[0..<(length - 4)])) }
        store(crc, in: &bytes, at: length - 4)
    }

    /// Largest sample stream whose CRC is recomputed: inflating a zstd payload of up to 2^29
    /// bytes for every input would leave the fuzzer no time for anything else.
    static let maxResealedStream = 1 << 20

    /// Sets the pixel CRC (version 1: offset 22; version 2: H − 6) of a file that parses with its
    /// header check fixed and has a stored or decodable zstd payload of at most
    /// `maxResealedStream` bytes; leaves anything else alone.
    static func fixPixelChecksum(_ bytes: inout [UInt8]) {
        var resealed = bytes
        fixHeaderChecksum(&resealed)
        guard let file = try? VZFile(parsing: resealed),
              file.header.source.sampleStreamLength <= maxResealedStream else { return }
        guard let stream = sampleStream(file) else { return }
        store(CRC32.checksum(stream), in: &bytes, at: isCompact(bytes) ? file.headerLength - 6 : 22)
    }

    /// The sample stream a stored or zstd payload decodes to; an archive's when all its groups
    /// are stored or zstd (each file's part of its group's stream, in the archive's order).
    private static func sampleStream(_ file: VZFile) -> [UInt8]? {
        func decoded(_ codec: Codec, _ payload: [UInt8], length: Int) -> [UInt8]? {
            switch codec {
            case .stored: return payload
            case .zstd: return try? Zstd.decompress(payload, expectedSize: length)
            case .vlae, .context: return nil
            }
        }
        guard case let .archive(index) = file.header.source else {
            guard let stored = decoded(file.header.codec, file.payload, length: file.header.storedFormLength) else { return nil }
            return try? file.header.sampleStream(fromStoredForm: stored)
        }
        var streams: [[UInt8]] = [], offset = 0
        for (group, members) in zip(index.groups, index.entriesByGroup) {
            let length = members.reduce(0) { $0 + index.entries[$1].source.sampleStreamLength }
            guard let stream = decoded(group.codec, Array(file.payload[offset..<(offset + Int(group.payloadLength))]), length: length),
                  stream.count == length else { return nil }
            streams.append(stream)
            offset += Int(group.payloadLength)
        }
        var cursors = [Int](repeating: 0, count: streams.count), stream: [UInt8] = []
        for entry in index.entries {
            let end = cursors[entry.group] + entry.source.sampleStreamLength
            stream += streams[entry.group][cursors[entry.group]..<end]
            cursors[entry.group] = end
        }
        return stream
    }

    private static func store(_ value: UInt32, in bytes: inout [UInt8], at offset: Int) {
        for index in 0..<4 { bytes[offset + index] = UInt8(truncatingIfNeeded: value >> (8 * index)) }
    }
}
