/// The fuzz targets: each takes arbitrary bytes, must never trap, and checks the properties that
/// hold whenever its parser accepts the bytes (see each target's file).
///
/// The same function runs under libFuzzer (`Fuzz/fuzz-*` built by `scripts/fuzz.sh`) and in
/// `swift test` (`FuzzRegressionTests` replays `Fuzz/regressions/<target>/`).
public enum FuzzTarget: String, CaseIterable, Sendable {
    /// `NetpbmReader.read`, and `NetpbmLayout(serialized:)` on the same bytes.
    case netpbm
    /// `IDXReader.read`, plain and gzip.
    case idx
    /// `VZFile(parsing:)`, the `.vz` container reader.
    case container
    /// `Compressor.decompress`: container, payload decoding (stored, zstd, vlae), layout, rebuild.
    case decompress
    /// `PNGReader.read` (libpng through the `CPNGDecode` shim), and `PNGWriter` on what it accepts.
    case png
    /// `Compressor.extractArchive`: an archive's paths, groups, payloads and files.
    case archive

    /// Runs the target on one input.
    /// - Throws: `FuzzViolation` when a checked property fails; typed parse errors are swallowed.
    public func run(_ bytes: [UInt8]) throws(FuzzViolation) {
        switch self {
        case .netpbm: try NetpbmFuzzing.run(bytes)
        case .idx: try IDXFuzzing.run(bytes)
        case .container: try ContainerFuzzing.run(bytes)
        case .decompress: try DecompressFuzzing.run(bytes)
        case .png: try PNGFuzzing.run(bytes)
        case .archive: try ArchiveFuzzing.run(bytes)
        }
    }
}
