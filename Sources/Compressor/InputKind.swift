import ImageIO

/// The kinds of input file `Compressor` handles, detected from their first bytes.
public enum InputKind: String, Sendable, CustomStringConvertible {
    /// Netpbm P1, P2, P4 or P5; starts with `P`.
    case netpbm
    /// Unsigned-byte IDX; starts with `00 00`, or with the gzip magic `1f 8b` for `.idx.gz`.
    case idx
    /// Grayscale PNG; starts with `89 50 4E 47` (`\x89PNG`), the first half of PNG's signature,
    /// so that a damaged signature is reported as such by the PNG reader.
    case png
    /// A `.vz` archive's files (never detected: an archive is made from files, not read as one).
    case archive

    /// The kind `bytes` claim to be, or nil when they start like none.
    public static func detect(_ bytes: [UInt8]) -> InputKind? {
        if bytes.starts(with: PNGReader.signature.prefix(4)) { return .png }
        guard bytes.count >= 2 else { return bytes.first == UInt8(ascii: "P") ? .netpbm : nil }
        if bytes[0] == UInt8(ascii: "P") { return .netpbm }
        if (bytes[0] == 0 && bytes[1] == 0) || (bytes[0] == 0x1F && bytes[1] == 0x8B) { return .idx }
        return nil
    }

    /// The kind's name in messages: "Netpbm", "IDX" or "PNG".
    public var description: String {
        switch self {
        case .netpbm: return "Netpbm"
        case .idx: return "IDX"
        case .png: return "PNG"
        case .archive: return "archive"
        }
    }
}
