import Compressor
import ModelFile
#if canImport(Glibc)
import Glibc
#endif

extension VlaeCompress {
    /// Compresses the files of `operands` (`InputTree`) into one archive written to `output`.
    func runArchive(_ operands: [String], to output: Job.Output, models: ModelCatalog, codec: CompressionCodec?) throws {
        if removeInputs { throw CLIError.usage("--rm removes single inputs; it does not apply to archives") }
        if case .file(let path) = output, !force, FileAccess.exists(path) {
            throw CLIError.outputExists("\(path) exists (use -f to overwrite)")
        }
        if output == .standardOutput && isatty(STDOUT_FILENO) != 0 {
            throw CLIError.usage("refusing to write compressed data to a terminal; redirect it or use -o FILE")
        }
        let clock = ContinuousClock(), start = clock.now
        var outputName: String? = nil
        if case .file(let path) = output { outputName = path }
        let inputs = try InputTree.files(of: operands, leavingOut: outputName)
        let files = try inputs.map { ArchiveFile(path: $0.name, contents: try FileAccess.readAll($0.location)) }
        let name = Job.Input.archive(operands).name
        let progress = quiet || json ? nil : ProgressLine.forTerminal(name: name)
        let result: ArchiveResult
        do {
            defer { progress?.line.finish() }
            result = try Compressor.compressArchive(files, codec: codec, models: models, measure: report || json,
                                                    particles: particleChoice, progress: progress?.counter)
        } catch {
            throw CLIError(error)
        }
        switch output {
        case .file(let path): try AtomicFileWriter.save(result.output, to: path, overwrite: force)
        case .standardOutput: try FileAccess.writeStandardOutput(result.output)
        }
        let summary = ArchiveSummary(mode: "compress", input: name, output: output.name,
                                     inputBytes: files.reduce(0) { $0 + $1.contents.count }, result: result, seconds: seconds(since: start))
        show(summary, dataOnStandardOutput: output == .standardOutput)
    }

    /// Restores an archive's files below the directory `output` names.
    func extract(_ bytes: [UInt8], from input: String, to output: Job.Output, models: ModelCatalog, start: ContinuousClock.Instant) throws {
        guard case .file(let directory) = output else {
            throw CLIError.usage("\(input) is an archive: it restores to a directory, give -o DIR")
        }
        if removeInputs { throw CLIError.usage("--rm removes single inputs; it does not apply to archives") }
        let progress = quiet || json ? nil : ProgressLine.forTerminal(name: input)
        let result: ArchiveResult
        do {
            defer { progress?.line.finish() }
            result = try Compressor.extractArchive(bytes, models: models, progress: progress?.counter)
        } catch {
            throw CLIError(error)
        }
        try ArchiveExtractor.extract(result.files, to: directory, overwrite: force)
        let summary = ArchiveSummary(mode: "decompress", input: input, output: directory, inputBytes: bytes.count,
                                     result: result, seconds: seconds(since: start))
        show(summary, dataOnStandardOutput: false)
    }

    private func show(_ summary: ArchiveSummary, dataOnStandardOutput: Bool) {
        let figures: (String) -> Void = dataOnStandardOutput ? { FileAccess.printError($0) } : { print($0) }
        if report && !quiet { figures(summary.reportText) }
        if json { figures(summary.jsonLine) }
        if verbose && !quiet { FileAccess.printError(summary.verboseLine) }
    }

    private func seconds(since start: ContinuousClock.Instant) -> Double {
        let elapsed = (ContinuousClock().now - start).components
        return Double(elapsed.seconds) + Double(elapsed.attoseconds) * 1e-18
    }
}
