import Container
import ImageIO

/// Why a compression or decompression failed. Grouped by whose fault it is, so the CLI can map
/// each group to an exit code: the input file (`unrecognizedInput`, `invalidNetpbm`,
/// `invalidIDX`, `inputNotRepresentable`), the `.vz` file (`corruptContainer`,
/// `corruptPayload`, `corruptLayout`, `inconsistentFile`), or this build (`codecNotAvailable`).
public enum CompressorError: Error, Equatable, Sendable {
    /// The input starts like neither Netpbm (`P`) nor IDX (`00 00`, or gzip `1f 8b`).
    case unrecognizedInput
    /// The input looks like Netpbm but is not valid.
    case invalidNetpbm(NetpbmError)
    /// The input looks like IDX (plain or gzip) but is not valid.
    case invalidIDX(IDXError)
    /// The input is valid but cannot be described by a `.vz` header (e.g. a header too large).
    case inputNotRepresentable(ContainerError)
    /// The codec exists in the format but not in this build.
    case codecNotAvailable(CompressionCodec)
    /// The `.vz` file is damaged or not a `.vz` file, or its pixels fail their checksum.
    case corruptContainer(ContainerError)
    /// The zstd payload cannot be decoded.
    case corruptPayload(ZstdError)
    /// The stored Netpbm layout is damaged.
    case corruptLayout(NetpbmLayoutError)
    /// The header's parts contradict each other, or describe something this build cannot write
    /// (e.g. 16-bit samples); `reason` says what.
    case inconsistentFile(String)

    /// Whether the problem lies in the input to compress (as opposed to a `.vz` file or the build).
    public var isInputProblem: Bool {
        switch self {
        case .unrecognizedInput, .invalidNetpbm, .invalidIDX, .inputNotRepresentable: return true
        default: return false
        }
    }

    /// Whether the problem lies in a `.vz` file being decompressed.
    public var isContainerProblem: Bool {
        switch self {
        case .corruptContainer, .corruptPayload, .corruptLayout, .inconsistentFile: return true
        default: return false
        }
    }
}

extension CompressorError: CustomStringConvertible {
    public var description: String {
        switch self {
        case .unrecognizedInput:
            return "input is neither a Netpbm file (P1, P2, P4, P5) nor an IDX file (.idx or .idx.gz)"
        case let .invalidNetpbm(error):
            return "invalid Netpbm input: \(error)"
        case let .invalidIDX(error):
            return "invalid IDX input: \(error)"
        case let .inputNotRepresentable(error):
            return "input cannot be stored in a .vz file: \(error)"
        case let .codecNotAvailable(codec):
            return "codec \(codec.rawValue) is not available yet in this build (use zstd or stored)"
        case let .corruptContainer(error):
            return "corrupt or unsupported .vz file: \(error)"
        case let .corruptPayload(error):
            return "corrupt .vz payload: \(error)"
        case let .corruptLayout(error):
            return "corrupt .vz file: \(error)"
        case let .inconsistentFile(reason):
            return "corrupt or unsupported .vz file: \(reason)"
        }
    }
}
