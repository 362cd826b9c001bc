import ModelFile

/// A file going into an archive, or coming out of one: its path in the archive and its bytes.
public struct ArchiveFile: Sendable, Equatable {
    public let path: String
    public let contents: [UInt8]

    public init(path: String, contents: [UInt8]) {
        self.path = path
        self.contents = contents
    }
}

/// One file of an archive as `compressArchive`, `extractArchive` and `describe` see it.
public struct ArchiveMember: Sendable, Equatable {
    public let path: String
    public let kind: InputKind
    public let images: Int
    public let pixels: Int
    /// The group whose payload codes the file's samples (an index into the groups).
    public let group: Int
}

/// One group of an archive: files coded together with one codec, in one payload.
public struct ArchiveGroupSummary: Sendable {
    public let codec: CompressionCodec
    /// The model of a vlae group: its identity, its name, and whether a decoder here has it.
    public let model: FileDescription.Model?
    public let files: Int
    public let pixels: Int
    /// Bytes of the group's payload.
    public let payloadBytes: Int
    /// When compressing: the size each codec tried would have given the group (its payload and
    /// its entry in the header), in the order tried.
    public var candidates: [(codec: CompressionCodec, bytes: Int)] = []
    /// When compressing with vlae: the codec's figures for the group.
    public var vlae: VLAEFigures? = nil
}

/// The outcome of `Compressor.compressArchive` or `.extractArchive`.
public struct ArchiveResult: Sendable {
    /// The `.vz` file when compressing; empty when extracting (the files are in `files`).
    public let output: [UInt8]
    /// Size of the `.vz` file.
    public let compressedSize: Int
    public let members: [ArchiveMember]
    public let groups: [ArchiveGroupSummary]
    /// When extracting: each file's path and restored bytes, in the archive's order.
    public let files: [ArchiveFile]

    public var pixels: Int { members.reduce(0) { $0 + $1.pixels } }
    public var images: Int { members.reduce(0) { $0 + $1.images } }

    /// Compressed bits per pixel of the whole archive: `8 × compressedSize / pixels`, all overhead included.
    public var bitsPerDim: Double { Double(8 * compressedSize) / Double(max(pixels, 1)) }
}
