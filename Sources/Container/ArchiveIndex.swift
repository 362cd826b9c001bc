/// What an archive (source kind 4) holds: its files, each with a path, the source and layout
/// that rebuild it, and the group whose payload codes its samples; and the groups, each with
/// its codec and payload length. FORMAT.md gives the bytes.
///
/// Invariants (checked by the initializer, so also on read):
/// - 1…255 groups, each used by some entry; `stored` and `zstd` groups take no parameters, and a
///   `stored` group's payload is exactly its entries' sample streams;
/// - 1…`maxEntries` entries in strictly increasing order of their paths' UTF-8 bytes, each path
///   valid (`ArchivePath`), none named twice or both a file and another's directory;
/// - no entry is itself an archive; all pixels together at most `VZFormat.maxPixelsPerFile`.
public struct ArchiveIndex: Hashable, Sendable {
    /// Most entries in one archive: ImageIO's most images per file, since each entry holds one.
    public static let maxEntries = 1 << 20
    /// Most groups: the count is one byte.
    public static let maxGroups = 255

    public let groups: [ArchiveGroup]
    public let entries: [ArchiveEntry]
    /// Pixels of all entries.
    public let totalPixels: Int
    /// The archive's sample stream: its entries' streams one after another.
    public let sampleStreamLength: Int
    /// Bytes of all groups' payloads: what the file's payload must be.
    public let payloadLength: UInt64

    /// - Throws: `ContainerError.badArchive`, `.badArchivePath`, `.pixelCountOverLimit`.
    /// - Complexity: O(n + total path bytes).
    public init(groups: [ArchiveGroup], entries: [ArchiveEntry]) throws(ContainerError) {
        guard (1...Self.maxGroups).contains(groups.count) else { throw .badArchive("\(groups.count) groups, expected 1 to \(Self.maxGroups)") }
        guard (1...Self.maxEntries).contains(entries.count) else { throw .badArchive("\(entries.count) entries, expected 1 to \(Self.maxEntries)") }
        var pixels = 0, streamLength = 0
        var groupStreams = [Int](repeating: 0, count: groups.count), used = [Bool](repeating: false, count: groups.count)
        for (index, entry) in entries.enumerated() {
            try ArchivePath.validate(entry.path)
            if index > 0 {
                let previous = entries[index - 1].path
                guard previous != entry.path else { throw .badArchivePath(path: ArchivePath.printable(entry.path), reason: "is named twice") }
                guard previous.utf8.lexicographicallyPrecedes(entry.path.utf8) else {
                    throw .badArchive("entry \(ArchivePath.printable(entry.path)) is not in path order")
                }
            }
            if case .archive = entry.source { throw .badArchive("entry \(ArchivePath.printable(entry.path)) is an archive") }
            guard entry.group < groups.count else { throw .badArchive("entry \(ArchivePath.printable(entry.path)) names group \(entry.group) of \(groups.count)") }
            pixels += entry.source.totalPixels
            guard pixels <= VZFormat.maxPixelsPerFile else { throw .pixelCountOverLimit(UInt64(pixels), limit: VZFormat.maxPixelsPerFile) }
            streamLength += entry.source.sampleStreamLength
            groupStreams[entry.group] += entry.source.sampleStreamLength
            used[entry.group] = true
        }
        try ArchivePath.checkDistinct(entries.lazy.map(\.path))
        var payload: UInt64 = 0
        for (index, group) in groups.enumerated() {
            let (sum, overflow) = payload.addingReportingOverflow(group.payloadLength)
            guard !overflow else { throw .badArchive("the groups' payload lengths add up to more than 2^64 bytes") }
            payload = sum
            guard used[index] else { throw .badArchive("group \(index) holds no entry") }
            if case .stored = group.codec, group.payloadLength != UInt64(groupStreams[index]) {
                throw .badArchive("stored group \(index) is \(group.payloadLength) bytes, its entries need \(groupStreams[index])")
            }
        }
        self.groups = groups
        self.entries = entries
        self.totalPixels = pixels
        self.sampleStreamLength = streamLength
        self.payloadLength = payload
    }

    /// Each group's entries, in order: indices into `entries`.
    /// - Complexity: O(n).
    public var entriesByGroup: [[Int]] {
        var lists = [[Int]](repeating: [], count: groups.count)
        for (index, entry) in entries.enumerated() { lists[entry.group].append(index) }
        return lists
    }
}

/// One file of an archive.
public struct ArchiveEntry: Hashable, Sendable {
    /// Where the file goes, relative to the directory extracted to (see `ArchivePath`).
    public let path: String
    /// The file's own source (Netpbm, IDX or PNG) and ImageIO's layout, as in a single-file header.
    public let source: InputSource
    public let layout: [UInt8]
    /// The index of the group whose payload codes this file's samples.
    public let group: Int

    public init(path: String, source: InputSource, layout: [UInt8], group: Int) {
        self.path = path
        self.source = source
        self.layout = layout
        self.group = group
    }
}

/// A group of an archive's files coded together: one codec, one payload.
public struct ArchiveGroup: Hashable, Sendable {
    public let codec: Codec
    public let parameters: CodecParameters
    /// Bytes of the group's payload.
    public let payloadLength: UInt64

    /// - Throws: `ContainerError.badCodecParameters` when `stored` or `zstd` get parameters.
    public init(codec: Codec, parameters: CodecParameters = .none, payloadLength: UInt64) throws(ContainerError) {
        if codec == .stored || codec == .zstd, parameters != .none {
            throw .badCodecParameters("codec \(codec.id) takes no parameters")
        }
        self.codec = codec
        self.parameters = parameters
        self.payloadLength = payloadLength
    }
}
