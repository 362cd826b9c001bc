/// A whole `.vz` file: a header and the payload that follows it, nothing else.
///
/// Invariants (checked by the initializers): a `stored` payload is exactly its stored form's
/// length (`VZHeader.storedFormLength`: the sample stream, packed in version 2 when bi-level), an archive's payload exactly its groups' payloads one after another; when parsed, the file was exactly header plus payload, no byte more or less.
public struct VZFile: Hashable, Sendable {
    public let header: VZHeader
    /// The codec's output: the sample stream itself (`stored`), a zstd frame, or a vlae message.
    public let payload: [UInt8]

    /// - Throws: `.storedSizeMismatch` when a `stored` payload is not `sampleStreamLength` bytes,
    ///   `.badArchive` when an archive's payload is not its groups' payloads.
    public init(header: VZHeader, payload: [UInt8]) throws {
        try VZFile.checkStoredSize(header, payloadLength: UInt64(payload.count))
        self.header = header
        self.payload = payload
    }

    /// Reads and validates a file, in the order FORMAT.md gives; see `VZHeader` for the header.
    /// It does not decode the payload, so the caller still checks the model
    /// (`header.verifyModel`) before decoding and the pixels (`header.verifyPixels`) after.
    /// - Throws: a `ContainerError`, among them `.truncated` for a file cut anywhere and
    ///   `.payloadLengthMismatch` for trailing bytes; never traps, whatever `bytes` holds.
    /// - Complexity: O(n) (the header CRC and a copy of the payload).
    public init(parsing bytes: [UInt8]) throws {
        let parsed = try VZHeader.parse(bytes)
        try VZFile.checkStoredSize(parsed.header, payloadLength: parsed.payloadLength)
        let start = UInt64(parsed.length)
        let (end, overflow) = start.addingReportingOverflow(parsed.payloadLength)
        let available = UInt64(bytes.count)
        guard !overflow, end <= available else {
            throw ContainerError.truncated(needed: overflow ? UInt64.max : end, available: bytes.count)
        }
        guard end == available else {
            throw ContainerError.payloadLengthMismatch(declared: parsed.payloadLength, actual: available - start)
        }
        self.header = parsed.header
        self.payload = Array(bytes[Int(start)...])
    }

    /// Bytes of the encoded header; the payload starts there.
    public var headerLength: Int { header.encodedLength(payloadLength: UInt64(payload.count)) }

    /// The file's bytes: `header.encoded(payloadLength:)` followed by `payload`.
    /// - Complexity: O(n).
    public func serialized() -> [UInt8] {
        var bytes = header.encoded(payloadLength: payload.count)
        bytes += payload
        return bytes
    }

    /// The source kind a file's first bytes declare, read without checking the header (a version
    /// 1 file's kind byte, a version 2 or 3 file's form byte); nil when they do not say.
    public static func sourceKind(atStartOf bytes: [UInt8]) -> SourceKind? {
        guard bytes.count > 10, bytes.starts(with: VZFormat.magic) else { return nil }
        switch UInt16(bytes[8]) | UInt16(bytes[9]) << 8 {
        case 1:
            return bytes.count > 27 ? SourceKind(rawValue: bytes[27]) : nil
        case 2, 3:
            // The form byte follows the header length.
            guard let end = VZFormat.compactHeaderLengthField(in: bytes)?.end, end < bytes.count else { return nil }
            return SourceKind(rawValue: (bytes[end] & VZHeader.Form.kindMask) >> VZHeader.Form.kindShift)
        default:
            return nil
        }
    }

    private static func checkStoredSize(_ header: VZHeader, payloadLength: UInt64) throws {
        if case let .archive(index) = header.source {
            guard payloadLength == index.payloadLength else {
                throw ContainerError.badArchive("the groups' payloads are \(index.payloadLength) bytes, the header declares \(payloadLength)")
            }
            return
        }
        guard case .stored = header.codec else { return }
        let expected = header.storedFormLength
        guard payloadLength == UInt64(expected) else {
            throw ContainerError.storedSizeMismatch(
                expected: expected, payload: payloadLength)
        }
    }
}
