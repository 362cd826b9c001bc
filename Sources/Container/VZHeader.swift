/// The header of a `.vz` file: everything about the input except its pixels, plus the pixels'
/// CRC-32. See FORMAT.md for its bytes.
///
/// Invariants (checked by the initializer, and on read): the codec parameters fit the codec
/// (`stored` and `zstd` take none); the source is valid (its own types check that); the encoded
/// header is at most `VZFormat.maxHeaderLength` bytes. So every header that exists can be
/// written, and reading what was written gives it back, byte for byte.
public struct VZHeader: Hashable, Sendable {
    public let codec: Codec
    public let codecParameters: CodecParameters
    public let source: InputSource
    /// ImageIO's serialised layout (verbatim Netpbm headers, padding bits, trailing bytes) that
    /// lets the decoder rebuild the input byte for byte. Opaque here; ImageIO validates it.
    public let layout: [UInt8]
    /// CRC-32 of the sample stream (`source.sampleStreamLength` bytes).
    public let pixelChecksum: UInt32
    /// Length of the encoded header, CRC included; the payload starts at this offset.
    public let length: Int

    /// - Throws: `.badCodecParameters` when `stored` or `zstd` get parameters; `.badArchive` for
    ///   an archive with another codec than `stored` (its groups have the codecs) or a layout
    ///   (its entries have them); `.headerTooLarge` when the image list and layout make the
    ///   header too long.
    public init(codec: Codec, codecParameters: CodecParameters = .none, source: InputSource,
                layout: [UInt8] = [], pixelChecksum: UInt32) throws {
        if case .archive = source {
            guard codec == .stored else { throw ContainerError.badArchive("codec \(codec.id) for an archive, whose codec byte must be 0") }
            guard layout.isEmpty else { throw ContainerError.badArchive("a layout of \(layout.count) bytes for an archive, whose entries have their own") }
        }
        switch codec {
        case .stored, .zstd:
            guard codecParameters == .none else {
                throw ContainerError.badCodecParameters("codec \(codec.id) takes no parameters")
            }
        case .vlae:
            break
        }
        let length = VZHeader.encodedLength(codec: codec, parameters: codecParameters,
                                            source: source, layoutLength: layout.count)
        guard length <= VZFormat.maxHeaderLength else { throw ContainerError.headerTooLarge(length) }
        self.codec = codec
        self.codecParameters = codecParameters
        self.source = source
        self.layout = layout
        self.pixelChecksum = pixelChecksum
        self.length = length
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
