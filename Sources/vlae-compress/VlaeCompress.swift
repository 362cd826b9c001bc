import ArgumentParser
import Compressor
import Foundation
import ModelFile

/// The codecs as command-line values; `auto` lets the compressor pick the smallest file.
enum CodecOption: String, CaseIterable, ExpressibleByArgument {
    case auto, vlae, zstd, stored

    var codec: CompressionCodec? {
        switch self {
        case .auto: return nil
        case .vlae: return .vlae
        case .zstd: return .zstd
        case .stored: return .stored
        }
    }
}

/// `vlae-compress IN OUT` compresses, `vlae-compress -d IN OUT` decompresses.
struct VlaeCompress: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vlae-compress",
        abstract: "Lossless compression of Netpbm (P1, P2, P4, P5) and IDX images into .vz files.",
        discussion: """
            Compression detects the input kind from its content. Decompression restores P4/P5 and \
            IDX files byte for byte, P1/P2 as P4/P5 with the same pixels, and .idx.gz as the \
            uncompressed .idx. OUT is written to a temporary file beside it and moved into place, \
            so it appears complete or not at all; IN is never modified.

            \(CLIError.exitCodeTable)
            """)

    @Flag(name: [.customShort("d"), .long], help: "Decompress IN (a .vz file) into OUT.")
    var decompress = false

    @Option(help: """
        Codec for compression: auto (default: the smallest of vlae, zstd and stored), \
        vlae (bits-back coding with the --model, else the shipped VLAE for the input: bi-level or 8-bit grayscale), \
        zstd (level 22) or stored.
        """)
    var codec: CodecOption?

    @Option(name: .customLong("model"), help: ArgumentHelp("""
        A model file (.safetensors, as vlae-train writes it). Compression codes with the first one given; \
        decompression finds a file's model by its identity among these, the .safetensors files in the \
        directories of VLAE_MODEL_PATH (colon-separated), and the shipped models.
        """, valueName: "file"))
    var modelFiles: [String] = []

    @Flag(help: "List the models in view (--model files, VLAE_MODEL_PATH, shipped) and exit.")
    var listModels = false

    @Flag(name: [.customShort("f"), .long], help: "Overwrite OUT if it exists.")
    var force = false

    @Flag(help: "Print sizes, bits per pixel, the model's -ELBO beside the real size and zstd's, and timing.")
    var report = false

    @Flag(help: "Print one JSON object with the figures as the last line of standard output.")
    var json = false

    @Argument(help: "The file to read.")
    var input: String?

    @Argument(help: "The file to write.")
    var output: String?

    /// Runs the command; every failure is a `CLIError`.
    func execute() throws {
        let models: ModelCatalog
        do {
            models = try ModelCatalog.fromEnvironment(modelFiles: modelFiles)
        } catch {
            throw CLIError.modelUnavailable("the vlae model could not be loaded: \(error)")
        }
        if listModels {
            print(ModelListing(models.all()).text)
            return
        }
        guard let input, let output else { throw CLIError.usage("expected an input and an output file") }
        let codec = try chosenCodec()
        guard !FileAccess.sameFile(input, output) && input != output else {
            throw CLIError.usage("input and output are the same file: \(input)")
        }
        guard force || !FileAccess.exists(output) else {
            throw CLIError.outputExists("\(output) exists (use -f to overwrite)")
        }
        let clock = ContinuousClock()
        let start = clock.now
        let bytes = try FileAccess.readAll(input)
        let result: CompressionResult
        do {
            result = decompress ? try Compressor.decompress(bytes, models: models)
                                : try Compressor.compress(bytes, codec: codec, models: models, measure: report || json)
        } catch {
            throw CLIError(error)
        }
        try AtomicFileWriter.save(result.output, to: output, overwrite: force)
        let elapsed = clock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        let summary = RunSummary(mode: decompress ? "decompress" : "compress", input: input, output: output,
                                 inputBytes: bytes.count, result: result, seconds: seconds)
        if report { print(summary.reportText) }
        if json { print(summary.jsonLine) }
    }

    /// The codec to compress with (nil: the smallest); refuses `--codec` with `-d`.
    private func chosenCodec() throws -> CompressionCodec? {
        if decompress {
            guard codec == nil else { throw CLIError.usage("--codec applies to compression only; -d reads the codec from the file") }
            return nil
        }
        return (codec ?? .auto).codec
    }
}
