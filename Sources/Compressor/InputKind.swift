/// The kinds of input file `Compressor` handles, detected from their first bytes.
public enum InputKind: String, Sendable {
    /// Netpbm P1, P2, P4 or P5; starts with `P`.
    case netpbm
    /// Unsigned-byte IDX; starts with `00 00`, or with the gzip magic `1f 8b` for `.idx.gz`.
    case idx

    /// The kind `bytes` claim to be, or nil when they start like neither.
    public static func detect(_ bytes: [UInt8]) -> InputKind? {
        guard bytes.count >= 2 else { return bytes.first == UInt8(ascii: "P") ? .netpbm : nil }
        if bytes[0] == UInt8(ascii: "P") { return .netpbm }
        if (bytes[0] == 0 && bytes[1] == 0) || (bytes[0] == 0x1F && bytes[1] == 0x8B) { return .idx }
        return nil
    }
}
