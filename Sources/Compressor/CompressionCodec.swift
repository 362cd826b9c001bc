/// The codecs a `.vz` payload can use, as the user names them.
///
/// `stored` and `zstd` work now; `vlae` is the seam for the neural bits-back codec: until it
/// is wired in, `Compressor` refuses it with `CompressorError.codecNotAvailable`.
public enum CompressionCodec: String, CaseIterable, Sendable {
    /// The sample stream itself, uncompressed.
    case stored
    /// One zstd frame at the strongest level (`Compressor.zstdLevel`).
    case zstd
    /// Bits-back coding with the VLAE model (not available yet).
    case vlae

    /// Whether this build can encode and decode with the codec.
    public var isAvailable: Bool { self != .vlae }
}
