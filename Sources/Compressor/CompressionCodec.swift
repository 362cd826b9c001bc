/// The codecs a `.vz` payload can use, as the user names them.
public enum CompressionCodec: String, CaseIterable, Sendable {
    /// The sample stream itself, uncompressed.
    case stored
    /// One zstd frame at the strongest level (`Compressor.zstdLevel`).
    case zstd
    /// Bits-back coding with a shipped VLAE model (the bi-level one or the grayscale one).
    case vlae
}
