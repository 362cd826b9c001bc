/// The header of a `.vz` file: everything about the input except its pixels, plus the pixels'
/// CRC-32. See FORMAT.md for its bytes.
///
/// Invariants (checked by the initializer, and on read): the version is readable; the codec
/// parameters fit the codec (`stored` and `zstd` take none); the source is valid (its own types
/// check that); the encoded header is at most `VZFormat.maxHeaderLength` bytes. So every header
/// that exists can be written, and reading what was written gives it back, byte for byte.
public struct VZHeader: Hashable, Sendable {
    /// The format version it is written in: for new files the oldest that holds them
    /// (`oldestVersion`); for files read, theirs.
    public let version: UInt16
    public let codec: Codec
    public let codecParameters: CodecParameters
    public let source: InputSource
    /// ImageIO's serialised layout (verbatim Netpbm headers, padding bits, trailing bytes) that
    /// lets the decoder rebuild the input byte for byte. Opaque here; ImageIO validates it.
    public let layout: [UInt8]
    /// CRC-32 of the sample stream (`source.sampleStreamLength` bytes).
    public let pixelChecksum: UInt32
    /// Version 2's source section, made once: an archive's holds its compressed index.
    let compactSource: [UInt8]
    /// Whether `layout` is the canonical one for `source`, which version 2 leaves out; found once.
    let layoutIsCanonical: Bool
    /// - Parameter version: nil for the oldest version that can hold the header (`oldestVersion`).
    /// - Throws: `.unsupportedVersion` for a version this build does not read; `.unknownCodec`
    ///   for a codec the version cannot name; `.badCodecParameters` when `stored` or `zstd` get parameters; `.badArchive` for
    ///   an archive with another codec than `stored` (its groups have the codecs) or a layout
    ///   (its entries have them); `.headerTooLarge` when the image list and layout make the
    ///   header too long.
    public init(codec: Codec, codecParameters: CodecParameters = .none, source: InputSource,
                layout: [UInt8] = [], pixelChecksum: UInt32, version: UInt16? = nil) throws {
        try self.init(codec: codec, codecParameters: codecParameters, source: source, layout: layout,
                      pixelChecksum: pixelChecksum, version: version ?? Self.oldestVersion(codec: codec, source: source),
                      compactSource: nil)
    }

    /// The oldest version that can hold a header of `codec` and `source`: 2 (the compact header)
    /// unless the header or one of an archive's groups uses a codec only a later version names.
    public static func oldestVersion(codec: Codec, source: InputSource) -> UInt16 {
        codecs(codec, source).map(\.firstVersion).reduce(2, max)
    }

    /// The header's codec and an archive's groups' codecs.
    private static func codecs(_ codec: Codec, _ source: InputSource) -> [Codec] {
        guard case let .archive(index) = source else { return [codec] }
        return [codec] + index.groups.map(\.codec)
    }

    /// `compactSource`: the version 2 source section as read, kept so that a file reserialises
    /// to its own bytes (an archive's index frame depends on the zstd that wrote it); nil to make it.
    init(codec: Codec, codecParameters: CodecParameters, source: InputSource, layout: [UInt8],
         pixelChecksum: UInt32, version: UInt16, compactSource read: [UInt8]?) throws {
        guard VZFormat.readableVersions.contains(version) else {
            throw ContainerError.unsupportedVersion(found: version, supported: VZFormat.version)
        }
        if let late = Self.codecs(codec, source).first(where: { $0.firstVersion > version }) { throw ContainerError.unknownCodec(late.id) }
        if case .archive = source {
            guard codec == .stored else { throw ContainerError.badArchive("codec \(codec.id) for an archive, whose codec byte must be 0") }
            guard layout.isEmpty else { throw ContainerError.badArchive("a layout of \(layout.count) bytes for an archive, whose entries have their own") }
        }
        switch codec {
        case .stored, .zstd:
            guard codecParameters == .none else {
                throw ContainerError.badCodecParameters("codec \(codec.id) takes no parameters")
            }
        case .vlae, .context:
            break
        }
        self.version = version
        self.codec = codec
        self.codecParameters = codecParameters
        self.source = source
        self.layout = layout
        self.pixelChecksum = pixelChecksum
        var compactSource: [UInt8] = []
        if let read { compactSource = read } else if version >= 2 { VZHeader.appendCompactSource(source, to: &compactSource) }
        self.compactSource = compactSource
        layoutIsCanonical = version >= 2 && layout == VZHeader.canonicalLayout(for: source)
        let longest = encodedLength(payloadLength: UInt64.max)
        guard longest <= VZFormat.maxHeaderLength else { throw ContainerError.headerTooLarge(longest) }
    }

    /// Whether the payload of a `stored` or `zstd` file carries the packed sample stream
    /// (`BiLevelPacking`): in version 2, for sources that are bi-level by their header.
    public var packsSamples: Bool {
        guard version >= 2, codec == .stored || codec == .zstd else { return false }
        return source.isBiLevel
    }

    /// What a `stored` payload is, and what a `zstd` frame holds: the sample stream, packed when
    /// `packsSamples`.
    public func storedForm(of samples: [UInt8]) -> [UInt8] {
        packsSamples ? BiLevelPacking.pack(samples, source: source) : samples
    }

    /// The length of `storedForm`.
    public var storedFormLength: Int {
        packsSamples ? BiLevelPacking.packedLength(source) : source.sampleStreamLength
    }

    /// The sample stream from its stored form.
    /// - Throws: `.storedSizeMismatch`, `.nonzeroPadding` for a packed form that is not one.
    public func sampleStream(fromStoredForm bytes: [UInt8]) throws(ContainerError) -> [UInt8] {
        packsSamples ? try BiLevelPacking.unpack(bytes, source: source) : bytes
    }

    /// Checks a CRC-32 the caller computed over the decoded sample stream.
    /// - Throws: `.pixelChecksumMismatch`.
    public func verifyPixelChecksum(_ computed: UInt32) throws {
        guard computed == pixelChecksum else {
            throw ContainerError.pixelChecksumMismatch(stored: pixelChecksum, computed: computed)
        }
    }

    /// Checks the length and CRC-32 of a decoded sample stream.
    /// - Throws: `.sampleStreamLengthMismatch`, `.pixelChecksumMismatch`.
    /// - Complexity: O(n).
    public func verifyPixels(_ sampleStream: [UInt8]) throws {
        guard sampleStream.count == source.sampleStreamLength else {
            throw ContainerError.sampleStreamLengthMismatch(
                expected: source.sampleStreamLength, actual: sampleStream.count)
        }
        try verifyPixelChecksum(CRC32.checksum(sampleStream))
    }
}
