/// What was compressed: the kind of input file and the geometry of its images.
public enum InputSource: Hashable, Sendable {
    case netpbm(ImageList)
    case idx(IDXShape)
    case png(PNGShape)
    /// Several files, each with its path, its own source (never an archive) and layout.
    case archive(ArchiveIndex)

    public var kind: SourceKind {
        switch self {
        case .netpbm: return .netpbm
        case .idx: return .idx
        case .png: return .png
        case .archive: return .archive
        }
    }

    /// Samples (pixels) in the whole file; at most `VZFormat.maxPixelsPerFile`.
    public var totalPixels: Int {
        switch self {
        case let .netpbm(images): return images.totalPixels
        case let .idx(shape): return shape.totalPixels
        case let .png(shape): return shape.totalPixels
        case let .archive(index): return index.totalPixels
        }
    }

    /// Length in bytes of the sample stream: the decoded pixels of all images in file order, each
    /// image in raster order, one byte per sample when the image's maxval is at most 255 (for
    /// bitmaps and 1-bit PNGs 0 = white, 1 = black, as in PBM) and two bytes big-endian otherwise. This stream is
    /// what the pixel CRC covers and what codecs `stored` and `zstd` carry. An archive's is its
    /// files' streams one after another, in the order of its entries.
    public var sampleStreamLength: Int {
        switch self {
        case let .netpbm(images): return images.sampleStreamLength
        case let .idx(shape): return shape.sampleStreamLength
        case let .png(shape): return shape.sampleStreamLength
        case let .archive(index): return index.sampleStreamLength
        }
    }
}
