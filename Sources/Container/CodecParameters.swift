/// Codec-specific settings (e.g. the vlae coder's seed or precision) as an opaque, versioned byte
/// string. The container only frames it; the codec that owns it parses and validates `bytes`
/// according to `version`, and must refuse versions it does not know.
///
/// Invariants (checked by the initializer): `version == 0` exactly when `bytes` is empty, and
/// `bytes.count <= maxLength`. Codecs `stored` and `zstd` take no parameters (`none`).
public struct CodecParameters: Hashable, Sendable {
    /// Largest parameter section, in bytes (its length is stored as a `UInt16`).
    public static let maxLength = Int(UInt16.max)

    /// No parameters: version 0, no bytes.
    public static let none = CodecParameters(uncheckedVersion: 0, bytes: [])

    public let version: UInt8
    public let bytes: [UInt8]

    /// - Throws: `ContainerError.badCodecParameters` when the invariants do not hold.
    public init(version: UInt8, bytes: [UInt8]) throws {
        guard (version == 0) == bytes.isEmpty else {
            throw ContainerError.badCodecParameters(
                "version \(version) with \(bytes.count) bytes (version 0 means no bytes)")
        }
        guard bytes.count <= Self.maxLength else {
            throw ContainerError.badCodecParameters("\(bytes.count) bytes exceed \(Self.maxLength)")
        }
        self.init(uncheckedVersion: version, bytes: bytes)
    }

    private init(uncheckedVersion version: UInt8, bytes: [UInt8]) {
        self.version = version
        self.bytes = bytes
    }
}
