import ModelFile
import Foundation
import VLAE

/// Training throughput of the shipped configuration, through `Trainer`'s public API only.
///
/// `Trainer.run` is driven for one epoch of `steps` batches of synthetic images. Its `log` hook is
/// called synchronously: once before the first step, with a progress line after step 1 (`step 1 |`),
/// every 10 s and after the epoch's last step (`] 100%`), then after validation and after the
/// checkpoint. The window between the step-1 and the 100 % progress lines is therefore exactly
/// steps 2…`steps` of forward, backward and Adamax update: step 1 (first touch of the workspace)
/// is the warm-up, and validation and file writes fall outside it. The bench fails loudly if
/// those two lines are not found, rather than time the wrong window.
struct TrainingThroughput {
    let config: VLAEConfig
    let batch: Int
    let microBatch: Int
    let steps: Int

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// Images per second of one fresh trainer's epoch (steps 2…`steps`).
    func measureOnce(seed: UInt64, directory: URL) throws -> Double {
        precondition(steps >= 2, "the first step is warm-up; at least 2 are needed")
        var options = TrainingOptions()
        options.batch = batch
        options.microBatch = microBatch
        options.maxEpochs = 1
        options.seed = seed
        options.checkpointMinutes = 1e9
        let trainer = Trainer(config: config, options: options,
                              train: SyntheticData.images(count: batch * steps, seed: seed),
                              validation: SyntheticData.images(count: batch, seed: seed ^ 0xFFFF).tiles(side: VLAEConfig.shippedTile, seed: 0))
        let initial = Array(trainer.model.store.values)
        var stamps: [(time: UInt64, line: String)] = []
        trainer.log = { stamps.append((Stopwatch.now(), $0)) }
        try trainer.run(modelPath: directory.appendingPathComponent("model.safetensors").path,
                        checkpointPath: directory.appendingPathComponent("checkpoint.safetensors").path)
        guard let first = stamps.firstIndex(where: { $0.line.contains("| step 1 |") }),
              let last = stamps.lastIndex(where: { $0.line.contains("] 100%") }), first < last else {
            throw Failure(description: "unexpected training log, cannot delimit the timed steps: \(stamps.map(\.line))")
        }
        let trained = trainer.model.store.values
        guard trained.allSatisfy({ $0.isFinite }), !zip(trained, initial).allSatisfy({ $0 == $1 }) else {
            throw Failure(description: "training left the weights non-finite or unchanged")
        }
        let seconds = Double(stamps[last].time - stamps[first].time) * 1e-9
        return Double(batch * (steps - 1)) / seconds
    }

    /// The median images/s over `runs` fresh trainers, after one discarded warm-up trainer.
    func measure(runs: Int) throws -> (median: Double, samples: [Double]) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("bench-network-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        _ = try measureOnce(seed: 1, directory: directory)
        let samples = try (0..<runs).map { try measureOnce(seed: UInt64(2 + $0), directory: directory) }
        return (samples.median, samples)
    }
}
