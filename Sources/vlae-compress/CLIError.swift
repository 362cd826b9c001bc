import Compressor

/// Every way `vlae-compress` can fail, each with its exit code and a one-line message.
///
/// Exit codes (also printed by `--help`):
///
/// | code | meaning |
/// |---|---|
/// | 0 | success |
/// | 1 | usage: bad or missing arguments, `--codec` with `-d`, input and output are the same file |
/// | 2 | input file problem (compression): not Netpbm/IDX/grayscale PNG, malformed, too large; a model that cannot code it |
/// | 3 | corrupt, damaged or unsupported `.vz` file (decompression), pixel checksum mismatch, its model not in view |
/// | 4 | I/O error: the input cannot be read or the output cannot be written |
/// | 5 | the output file exists and `-f` was not given |
/// | 6 | a model could not be loaded (a `--model` file that is not a valid model, a broken installation) |
enum CLIError: Error, CustomStringConvertible {
    case usage(String)
    case input(String)
    case container(String)
    case io(String)
    case outputExists(String)
    case modelUnavailable(String)

    /// Maps a library error to its CLI class, keeping the library's message.
    init(_ error: CompressorError) {
        if case .modelUnavailable = error {
            self = .modelUnavailable(error.description)
        } else if case .internalError = error {
            self = .modelUnavailable(error.description)
        } else if error.isInputProblem {
            self = .input(error.description)
        } else {
            self = .container(error.description)
        }
    }

    var exitCode: Int32 {
        switch self {
        case .usage: return 1
        case .input: return 2
        case .container: return 3
        case .io: return 4
        case .outputExists: return 5
        case .modelUnavailable: return 6
        }
    }

    var description: String {
        switch self {
        case let .usage(message), let .input(message), let .container(message), let .io(message),
             let .outputExists(message), let .modelUnavailable(message):
            return message
        }
    }

    /// The exit-code table for `--help`.
    static let exitCodeTable = """
        EXIT CODES
          0  success
          1  usage error: bad arguments, --codec with -d, same input and output
          2  input file problem: not Netpbm, IDX or grayscale PNG, malformed, or too large
          3  corrupt, damaged or unsupported .vz file, or its model is not in view
          4  I/O error: cannot read the input or write the output
          5  output file exists (use -f to overwrite)
          6  a model could not be loaded (a --model file that is not a model, a broken installation)
        """
}
