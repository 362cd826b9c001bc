import Container
import ContextCoding
import ImageIO
import ModelFile

/// Why a compression or decompression failed. Grouped by whose fault it is, so the CLI can map
/// each group to an exit code: the input file (`unrecognizedInput`, `invalidNetpbm`,
/// `invalidIDX`, `invalidPNG`, `inputNotRepresentable`, `notImages`, `modelDoesNotFit`), the `.vz`
/// file (`corruptContainer`, `corruptPayload`, `corruptVLAEPayload`, `corruptLayout`,
/// `inconsistentFile`, `modelNotFound`, `isArchive`, `notAnArchive`), or this build
/// (`modelUnavailable`, `internalError`); `inArchive` names a file of an archive and wraps its problem.
public indirect enum CompressorError: Error, Equatable, Sendable {
    /// The input starts like none of Netpbm (`P`), IDX (`00 00`, or gzip `1f 8b`) and PNG (`\x89PNG`).
    case unrecognizedInput
    /// The input looks like Netpbm but is not valid.
    case invalidNetpbm(NetpbmError)
    /// The input looks like IDX (plain or gzip) but is not valid.
    case invalidIDX(IDXError)
    /// The input looks like PNG but is not valid, or is not a grayscale PNG of 1 to 8 bits.
    case invalidPNG(PNGError)
    /// The input is valid but cannot be described by a `.vz` header (e.g. a header too large).
    case inputNotRepresentable(ContainerError)
    /// `--codec vlae` for an input that is not a set of images (an IDX array of rank other than 2 or 3).
    case notImages
    /// The model to compress with could not be loaded (a broken build, or a `--model` file).
    case modelUnavailable(String)
    /// The chosen model cannot code the input (a bi-level model for grayscale images).
    case modelDoesNotFit(model: String, reason: String)
    /// The model a vlae file was made with is not among the models in view; `name` is the one
    /// the file records (files made with a shipped model record none).
    case modelNotFound(name: String?, identity: ModelIdentity)
    /// A failure the library does not expect (a bug); the message says what it was.
    case internalError(String)
    /// The `.vz` file is damaged or not a `.vz` file, or its pixels fail their checksum.
    case corruptContainer(ContainerError)
    /// The zstd payload cannot be decoded.
    case corruptPayload(ZstdError)
    /// The vlae payload is malformed or does not decode back to the coder's clean start.
    case corruptVLAEPayload(String)
    /// The context payload is malformed or does not decode back to the coder's clean start.
    case corruptContextPayload(ContextCodecError)
    /// The stored Netpbm layout is damaged.
    case corruptLayout(NetpbmLayoutError)
    /// The header's parts contradict each other, or describe something this build cannot write
    /// (e.g. 16-bit samples); `reason` says what.
    case inconsistentFile(String)
    /// A single file was expected, and the `.vz` file is an archive of `files` files.
    case isArchive(files: Int)
    /// An archive was expected, and the `.vz` file holds a single file.
    case notAnArchive
    /// The problem `error` with the file at `path` of an archive (being made or extracted).
    case inArchive(path: String, error: CompressorError)

    /// Whether the problem lies in the input to compress (as opposed to a `.vz` file or the build).
    public var isInputProblem: Bool {
        switch self {
        case .unrecognizedInput, .invalidNetpbm, .invalidIDX, .invalidPNG, .inputNotRepresentable, .notImages, .modelDoesNotFit: return true
        case let .inArchive(_, error): return error.isInputProblem
        default: return false
        }
    }

    /// Whether the problem lies in a `.vz` file being decompressed.
    public var isContainerProblem: Bool {
        switch self {
        case .corruptContainer, .corruptPayload, .corruptVLAEPayload, .corruptContextPayload, .corruptLayout, .inconsistentFile, .modelNotFound,
             .isArchive, .notAnArchive: return true
        case let .inArchive(_, error): return error.isContainerProblem
        default: return false
        }
    }
}

extension CompressorError: CustomStringConvertible {
    public var description: String {
        switch self {
        case .unrecognizedInput:
            return "input is not a Netpbm file (P1, P2, P4, P5), an IDX file (.idx or .idx.gz) or a grayscale PNG"
        case let .invalidNetpbm(error):
            return "invalid Netpbm input: \(error)"
        case let .invalidIDX(error):
            return "invalid IDX input: \(error)"
        case let .invalidPNG(error):
            return "invalid PNG input: \(error)"
        case let .inputNotRepresentable(error):
            return "input cannot be stored in a .vz file: \(error)"
        case let .corruptContainer(error):
            return "corrupt or unsupported .vz file: \(error)"
        case let .corruptPayload(error):
            return "corrupt .vz payload: \(error)"
        case let .corruptVLAEPayload(reason):
            return "corrupt .vz payload: \(reason)"
        case let .corruptContextPayload(error):
            return "corrupt .vz payload: \(error)"
        case .notImages:
            return "the vlae and context codecs code images (PBM, PGM, PNG, or IDX arrays of one image or a stack of images) of maxval at most 255; use --codec zstd"
        case let .modelUnavailable(reason):
            return "the vlae model could not be loaded: \(reason)"
        case let .modelDoesNotFit(model, reason):
            return "model \(model) cannot code this input: \(reason)"
        case let .modelNotFound(name?, identity):
            return "this file was made with model \"\(name)\" (identity \(identity)), which is not here: give its file with --model, or put it in a directory listed in VLAE_MODEL_PATH"
        case let .modelNotFound(nil, identity):
            return "this file was made with a model that is not here (identity \(identity)): give its file with --model, or put it in a directory listed in VLAE_MODEL_PATH"
        case let .internalError(reason):
            return "internal error: \(reason)"
        case let .corruptLayout(error):
            return "corrupt .vz file: \(error)"
        case let .inconsistentFile(reason):
            return "corrupt or unsupported .vz file: \(reason)"
        case let .isArchive(files):
            return "this .vz file is an archive of \(files) file\(files == 1 ? "" : "s"): extract it to a directory"
        case .notAnArchive:
            return "this .vz file holds a single file, not an archive"
        case let .inArchive(path, error):
            return "\(ArchivePath.printable(path)): \(error)"
        }
    }
}
