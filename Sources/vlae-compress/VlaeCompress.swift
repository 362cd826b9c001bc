import ArgumentParser
import Compressor
import Foundation
import ModelFile
import VLAECoding
#if canImport(Glibc)
import Glibc
#endif

/// The codecs as command-line values; `auto` lets the compressor pick the smallest file.
enum CodecOption: String, CaseIterable, ExpressibleByArgument {
    case auto, vlae, context, zstd, stored

    var codec: CompressionCodec? {
        switch self {
        case .auto: return nil
        case .vlae: return .vlae
        case .context: return .context
        case .zstd: return .zstd
        case .stored: return .stored
        }
    }
}

/// `vlae-compress FILE...` compresses each FILE to FILE.vz, `vlae-compress -d FILE.vz...`
/// decompresses; standard input and output, `-o`, `-c` and `IN OUT` as zstd users expect (`Job`).
struct VlaeCompress: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vlae-compress",
        abstract: "Lossless compression of Netpbm (P1, P2, P4, P5), PNG (grayscale) and IDX images into .vz files.",
        usage: """
            vlae-compress [options] FILE...          compress each FILE to FILE.vz (FILE is kept)
            vlae-compress -d [options] FILE.vz...    decompress each FILE.vz to FILE
            vlae-compress [options] IN OUT.vz        compress IN to OUT.vz (-d IN.vz OUT: decompress)
            vlae-compress [options] [-] [-o OUT]     standard input to standard output (or OUT)
            vlae-compress -l FILE.vz...              what each file holds
            vlae-compress [options] -o SET.vz PATH...  one archive of several files or directories
            vlae-compress -d [options] SET.vz [-o DIR] every file of an archive, below DIR
            vlae-compress --list-models
            """,
        discussion: """
            Compression detects the input kind from its content. Decompression restores P4/P5 and \
            IDX files byte for byte, P1/P2 as P4/P5 with the same pixels, PNG as a PNG with the same \
            pixels, and .idx.gz as the uncompressed .idx. An output file is written to a temporary file \
            beside it and moved into place, so it appears complete or not at all; inputs are kept \
            (--rm removes each only after its output is written, synced and verified).

            Several inputs with -o or -c, or a directory, make one archive: every file under its \
            name (a directory's files under their paths below it), the images of each model chained \
            together. Symbolic links are refused, never followed; extraction writes only below DIR \
            and removes everything it wrote if it fails.

            \(CLIError.exitCodeTable)
            """)

    @Flag(name: [.customShort("d"), .long], help: "Decompress .vz files.")
    var decompress = false

    @Option(help: """
        Codec for compression: auto (default: the smallest of vlae, context, zstd and stored), \
        vlae (bits-back coding with the --model, else the shipped VLAE for the input: bi-level or 8-bit grayscale), \
        context (adaptive context modelling, no network: for images no model fits, such as photographs), \
        zstd (level 22) or stored.
        """)
    var codec: CodecOption?

    @Option(name: .customLong("model"), help: ArgumentHelp("""
        A model file (.safetensors, as vlae-train writes it). Compression codes with the first one given; \
        decompression finds a file's model by its identity among these, the .safetensors files in the \
        directories of VLAE_MODEL_PATH (colon-separated), and the shipped models.
        """, valueName: "file"))
    var modelFiles: [String] = []

    @Flag(help: """
        Strongest compression, slower: the vlae codec codes with the larger shipped model where there is one \
        (8-bit tiles) and also tries importance-weighted bits-back coding with \
        \(Compressor.bestParticles) particles (toward the \(Compressor.bestParticles)-sample importance-weighted bound \
        instead of the -ELBO; encoding and decoding take about 10 to 15 times as long) and keeps the smaller file.
        """)
    var best = false

    @Option(help: ArgumentHelp("""
        Code with this many particles of importance-weighted coding (1, 2, 4, ... 64; --best tries \(Compressor.bestParticles) \
        and keeps the smaller file): more come closer to the likelihood and cost time in proportion, when encoding and decoding; \
        each chain's first tile pops about twice the initial bits of one particle.
        """, valueName: "n"))
    var particles: Int?

    /// The particles `--particles` and `--best` ask for.
    var particleChoice: ParticleChoice { particles.map { .exactly($0) } ?? (best ? .tried(Compressor.bestParticles) : .exactly(1)) }

    @Flag(help: "List the models in view (--model files, VLAE_MODEL_PATH, shipped) and exit.")
    var listModels = false

    @Flag(name: [.customShort("l"), .long], help: "List what each .vz file holds (from its header; nothing is decoded): codec, kind, images, pixels, bytes, bits/dim, model.")
    var list = false

    @Option(name: .customShort("o"), help: ArgumentHelp("Write the output to this file (one input; several, or a directory: an archive), or with -d an archive's files below this directory.", valueName: "file"))
    var outputFile: String?

    @Flag(name: [.customShort("c"), .customLong("stdout")], help: "Write the output to standard output (one input; several, or a directory: an archive).")
    var toStandardOutput = false

    @Flag(name: [.customShort("f"), .long], help: "Overwrite outputs that exist.")
    var force = false

    @Flag(name: [.customShort("k"), .long], help: "Keep the inputs (the default).")
    var keep = false

    @Flag(name: .customLong("rm"), help: "Remove each input once its output file is written, synced and verified.")
    var removeInputs = false

    @Flag(name: [.customShort("q"), .long], help: "Print nothing but errors.")
    var quiet = false

    @Flag(name: [.customShort("v"), .long], help: "Print one line per file on standard error: sizes and ratio.")
    var verbose = false

    @Flag(help: "Print sizes, bits per pixel, the model's -ELBO beside the real size and zstd's, and timing.")
    var report = false

    @Flag(help: "Print one JSON object per file with the figures (the last line of standard output, or of standard error when the data goes to standard output).")
    var json = false

    @Argument(help: ArgumentHelp("Files to compress, or with -d to decompress; none or - reads standard input.", valueName: "file"))
    var files: [String] = []

    /// Runs the command; every failure is a `CLIError`.
    func execute() throws {
        let models: ModelCatalog
        do {
            models = try ModelCatalog.fromEnvironment(modelFiles: modelFiles, strongest: best)
        } catch {
            throw CLIError.modelUnavailable("the vlae model could not be loaded: \(error)")
        }
        if listModels {
            print(ModelListing(models.all()).text)
            return
        }
        if list {
            print(try FileListing(files: files, models: models).text)
            return
        }
        let codec = try chosenCodec()
        if keep && removeInputs { throw CLIError.usage("-k keeps the inputs and --rm removes them; give one") }
        if let particles, !BitsBackParameters.particleCounts.contains(particles) {
            throw CLIError.usage("--particles \(particles): give 1, 2, 4, 8, 16, 32 or 64")
        }
        if decompress && (best || particles != nil) {
            throw CLIError.usage("--best and --particles apply to compression only; -d reads the particle count from the file")
        }
        let jobs = try Job.plan(operands: files, output: outputFile, toStandardOutput: toStandardOutput, decompress: decompress,
                                isDirectory: FileAccess.isDirectory)
        for job in jobs {
            if case .archive(let operands) = job.input {
                try runArchive(operands, to: job.output, models: models, codec: codec)
            } else {
                try run(job, models: models, codec: codec)
            }
        }
    }

    private func run(_ job: Job, models: ModelCatalog, codec: CompressionCodec?) throws {
        if case .file(let input) = job.input, case .file(let output) = job.output {
            guard !FileAccess.sameFile(input, output) && input != output else {
                throw CLIError.usage("input and output are the same file: \(input)")
            }
        }
        // An existing directory may receive an archive's files, which are checked one by one.
        if case .file(let output) = job.output, !force, FileAccess.exists(output), !(decompress && FileAccess.isDirectory(output)) {
            throw CLIError.outputExists("\(output) exists (use -f to overwrite)")
        }
        if job.output == .standardOutput && !decompress && isatty(STDOUT_FILENO) != 0 {
            throw CLIError.usage("refusing to write compressed data to a terminal; redirect it or use -o FILE")
        }
        if removeInputs && (job.output == .standardOutput || job.input == .standardInput) {
            throw CLIError.usage("--rm removes an input file once its output file is verified: it needs both to be files")
        }
        let clock = ContinuousClock()
        let start = clock.now
        let bytes: [UInt8]
        switch job.input {
        case .file(let path): bytes = try FileAccess.readAll(path)
        case .standardInput: bytes = try FileAccess.readStandardInput()
        case .archive: preconditionFailure("archives are made by runArchive")
        }
        if decompress && Compressor.looksLikeArchive(bytes) {
            return try extract(bytes, from: job.input.name, to: job.output, models: models, start: start)
        }
        let progress = quiet || json ? nil : ProgressLine.forTerminal(name: job.input.name)
        let result: CompressionResult
        do {
            defer { progress?.line.finish() }
            result = decompress ? try Compressor.decompress(bytes, models: models, progress: progress?.counter)
                                : try Compressor.compress(bytes, codec: codec, models: models, measure: report || json,
                                                         particles: particleChoice, progress: progress?.counter)
        } catch {
            throw CLIError(error)
        }
        switch job.output {
        case .file(let path): try AtomicFileWriter.save(result.output, to: path, overwrite: force)
        case .standardOutput: try FileAccess.writeStandardOutput(result.output)
        }
        if removeInputs, case .file(let input) = job.input, case .file(let output) = job.output {
            try verifyThenRemove(input: input, output: output, written: result.output, models: models)
        }
        let elapsed = clock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        let summary = RunSummary(mode: decompress ? "decompress" : "compress", input: job.input.name, output: job.output.name,
                                 inputBytes: bytes.count, result: result, seconds: seconds)
        // Figures never mix with data: with the data on standard output they go to standard error.
        let figures: (String) -> Void = job.output == .standardOutput ? { FileAccess.printError($0) } : { print($0) }
        if report && !quiet { figures(summary.reportText) }
        if json { figures(summary.jsonLine) }
        if verbose && !quiet { FileAccess.printError(summary.verboseLine) }
    }

    /// `--rm`: reads the output back, checks it is what was written (and, for a `.vz` file, that
    /// it decompresses), then removes the input.
    private func verifyThenRemove(input: String, output: String, written: [UInt8], models: ModelCatalog) throws {
        guard try FileAccess.readAll(output) == written else { throw CLIError.io("\(output) does not read back as written; \(input) kept") }
        if !decompress {
            do { _ = try Compressor.decompress(written, models: models) } catch {
                throw CLIError.io("\(output) does not decompress (\(error)); \(input) kept")
            }
        }
        guard unlink(input) == 0 else { throw CLIError.io("cannot remove \(input): \(FileAccess.errorText())") }
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
