/// The codecs a `.vz` payload can use, as the user names them.
public enum CompressionCodec: String, CaseIterable, Sendable {
    /// The sample stream itself, uncompressed.
    case stored
    /// One zstd frame at the strongest level (`Compressor.zstdLevel`).
    case zstd
    /// Bits-back coding with a VLAE model (a shipped one, or a model file).
    case vlae
    /// Adaptive context modelling without a network (`ContextCodec`): for images no model fits.
    case context
}
