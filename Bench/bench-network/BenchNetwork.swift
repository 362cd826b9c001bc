import ModelFile
import ArgumentParser
import Foundation
import VLAE

/// Measures the network engine: training images/s of the shipped model and GFLOP/s of its kernels
/// beside the reference kernels, checks fast against reference on every run, and writes the table.
struct BenchNetwork: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-network",
        abstract: "Training throughput and kernel GFLOP/s of the VLAE network engine (fast path vs reference kernels).")

    @Option(help: "Runs per measurement; the median is reported.")
    var runs = 5
    @Option(help: "Training steps per run (the first is warm-up and not timed).")
    var steps = 20
    @Option(help: "Batch size of the training step and of the kernel shapes.")
    var batch = 64
    @Option(help: "Images per forward/backward pass of a training step (TrainingOptions.microBatch).")
    var microBatch = TrainingOptions().microBatch
    @Option(help: "Nominal MFLOP a reference-kernel call may take; larger problems are cut to fit.")
    var referenceMflop = 20.0
    @Option(help: "Markdown results file, written when every part ran and every check passed.")
    var output = "Bench/results/network.md"
    @Option(help: "Channels of the decoder's upsampling path and PixelCNN (VLAEConfig.channels).")
    var channels = VLAEConfig().channels
    @Option(help: "Residual mask-B PixelCNN layers (VLAEConfig.layers).")
    var layers = VLAEConfig().layers
    @Flag(help: "Skip the training throughput measurement.")
    var skipTraining = false
    @Flag(help: "Skip the kernel measurements.")
    var skipKernels = false

    /// Fast and reference outputs must agree this closely (Float32 sums of up to ~50 000 terms).
    static let tolerance = 1e-4

    struct CheckFailure: Error, CustomStringConvertible {
        let description: String
    }

    func validate() throws {
        guard runs >= 1, steps >= 2, batch >= 1, referenceMflop > 0 else {
            throw ValidationError("need --runs ≥ 1, --steps ≥ 2, --batch ≥ 1 and --reference-mflop > 0")
        }
    }

    func run() throws {
        let machine = MachineInfo.current()
        log("machine: \(machine.cpu), \(machine.cores) cores, \(machine.build); load: busy \(machine.busyCores) cores, loadavg \(machine.loadAverage)")
        var config = VLAEConfig()
        config.channels = channels
        config.layers = layers
        let defaults = VLAEConfig()
        let configuration = channels == defaults.channels && layers == defaults.layers
            ? "VLAEConfig() defaults" : "VLAEConfig() with \(channels) channels, \(layers) residual layers"
        var training: (median: Double, samples: [Double])? = nil
        if !skipTraining {
            log("training: \(runs) runs of \(steps) steps, batch \(batch) in micro-batches of \(microBatch)…")
            training = try TrainingThroughput(config: config, batch: batch, microBatch: microBatch, steps: steps).measure(runs: runs)
            log("training: \(String(format: "%.1f", training!.median)) images/s")
        }
        var kernels: [KernelResult] = []
        if !skipKernels {
            let flops = referenceMflop * 1e6
            for kernel in ConvCases.all(config: config, batch: batch, referenceFlops: flops)
                + GemmCases.all(config: config, batch: batch, referenceFlops: flops) {
                let r = kernel.measure(runs: runs)
                log(String(format: "%@: fast %.2f GFLOP/s, reference %.3f GFLOP/s, error %.1e", r.name, r.fastGFLOPS, r.referenceGFLOPS, r.maxError))
                kernels.append(r)
            }
        }
        let table = ResultsTable(machine: machine, runs: runs, parameterCount: VLAEModel(config: config, seed: 1).parameterCount,
                                 configuration: configuration,
                                 batch: batch, microBatch: microBatch, steps: steps, training: training, kernels: kernels, tolerance: Self.tolerance)
        let text = table.markdown()
        print(text)
        let failed = kernels.filter { !($0.maxError <= Self.tolerance) }
        guard failed.isEmpty else {
            throw CheckFailure(description: "fast and reference kernels disagree: " + failed.map { "\($0.name) (\($0.maxError))" }.joined(separator: ", "))
        }
        guard !skipTraining && !skipKernels else { return }
        let url = URL(fileURLWithPath: output)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: true, encoding: .utf8)
        log("wrote \(output)")
    }

    /// Progress goes to stderr, so stdout carries only the table.
    func log(_ line: String) { FileHandle.standardError.write((line + "\n").data(using: .utf8)!) }
}
