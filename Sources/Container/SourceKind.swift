/// What kind of file the images came from; byte 27 of the header.
public enum SourceKind: UInt8, Hashable, Sendable, CustomStringConvertible {
    /// A Netpbm document (P1, P2, P4 or P5), possibly with several images.
    case netpbm = 1
    /// An IDX file (as used by MNIST) of rank 1 to 4.
    case idx = 2
    /// A grayscale PNG file (bit depth 1, 2, 4 or 8); only its pixels are kept.
    case png = 3
    /// An archive of files of the other kinds, each with its path (`ArchiveIndex`).
    case archive = 4

    public var description: String {
        switch self {
        case .netpbm: return "Netpbm"
        case .idx: return "IDX"
        case .png: return "PNG"
        case .archive: return "archive"
        }
    }
}
