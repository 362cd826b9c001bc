import ModelFile

/// What a `.vz` file holds, from its header: the original's kind, images and pixels, the codec,
/// the sizes, and for vlae the model (found among the models in view, or as the file names it).
public struct FileDescription: Sendable {
    public struct Model: Sendable, Equatable {
        public let identity: ModelIdentity
        /// The model's name: the model in view's, else the name the file records (nil for a
        /// shipped model this build does not have).
        public let name: String?
        /// Whether a decoder here has the model (`--model`, `VLAE_MODEL_PATH`, shipped).
        public let inView: Bool
    }

    public let kind: InputKind
    public let images: Int
    public let pixels: Int
    public let codec: CompressionCodec
    /// Size of the `.vz` file, and of its header.
    public let bytes: Int
    public let headerBytes: Int
    public let model: Model?
    /// For an archive: its files and its groups (`codec` is then `stored`, the header's byte).
    public var archive: (members: [ArchiveMember], groups: [ArchiveGroupSummary])? = nil

    /// Compressed bits per pixel, header included.
    public var bitsPerDim: Double { Double(8 * bytes) / Double(max(pixels, 1)) }
}
