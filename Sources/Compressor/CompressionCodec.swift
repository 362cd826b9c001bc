/// The codecs a `.vz` payload can use, as the user names them.
public enum CompressionCodec: String, CaseIterable, Sendable {
    /// The sample stream itself, uncompressed.
    case stored
    /// One zstd frame at the strongest level (`Compressor.zstdLevel`).
    case zstd
    /// Bits-back coding with the shipped VLAE model (bi-level images only).
    case vlae
}
