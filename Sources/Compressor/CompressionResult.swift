/// The output of `Compressor.compress` or `.decompress`, with the figures a report needs.
public struct CompressionResult: Sendable {
    /// The bytes to write: the `.vz` file when compressing, the restored file when decompressing.
    public let output: [UInt8]
    /// What kind of file was (or is restored as) the original.
    public let kind: InputKind
    /// Pixels (IDX: elements) in the original, over all its images.
    public let pixels: Int
    /// Number of images: Netpbm images in the file; for IDX the first dimension when the rank
    /// is 3 or more, else 1.
    public let images: Int
    /// The codec of the `.vz` file.
    public let codec: CompressionCodec
    /// Size of the `.vz` file in bytes.
    public let compressedSize: Int
    /// The size each codec tried would have given (when compressing), in the order tried.
    public var candidates: [(codec: CompressionCodec, bytes: Int)] = []
    /// The vlae codec's figures, when it was tried.
    public var vlae: VLAEFigures? = nil
    /// Why `auto` did not try the vlae codec on a large input, when it did not.
    public var vlaeSkipped: VLAESkip? = nil

    /// The size of a zstd `.vz` file for the same input, when it was tried (always when measuring for a report; `auto` on a large input
    /// leaves it out when its estimate is far above the file written: `Compressor.zstdEstimateFrom`).
    public var zstdBytes: Int? { candidates.first { $0.codec == .zstd }?.bytes }

    /// Compressed bits per pixel: `8 × compressedSize / pixels`, all overhead included.
    public var bitsPerDim: Double { Double(8 * compressedSize) / Double(max(pixels, 1)) }
}

/// `auto` left the vlae codec out: the model's cost on a sample of the input's tiles, scaled to
/// the whole input, was too far above zstd's size for the whole input to be worth coding.
public struct VLAESkip: Sendable {
    public let model: String
    public let estimatedPayloadBytes: Int
    public let sampledTiles: Int
}
