import ModelFile
import DeterministicMath
import Foundation
import Network

/// Trains a VLAE with Adamax and Polyak averaging, validates each epoch on the averaged weights,
/// keeps the best model by validation −ELBO, and writes resumable checkpoints.
public final class Trainer {
    public let model: VLAEModel
    public let options: TrainingOptions
    let optimizer: Adamax
    let train: TrainingImages
    let validation: ImageSet
    /// The current epoch's training tiles (fresh crops each epoch).
    var epochTiles: (epoch: Int, tiles: ImageSet)? = nil
    let runner: DataParallelRunner
    /// Progress: epochs completed, batches done in the current epoch, seconds trained so far.
    var epoch = 0
    var batchInEpoch = 0
    var elapsed = 0.0
    var bestValidation = Double.infinity
    var bestWeights: [Float]? = nil
    public var log: (String) -> Void = { print($0) }
    /// What `start` contributed, for the log.
    var startNote: String? = nil

    /// - Parameter start: a model whose matching tensors the run starts from (`VLAEModel.adopt`).
    /// - Precondition: both sets fit the configuration's pixel model, and the validation tiles
    ///   have the configuration's tile side.
    public init(config: VLAEConfig, options: TrainingOptions, train: TrainingImages, validation: ImageSet, start: ModelFile? = nil) {
        precondition(config.pixelModel.codes(maxValue: train.maxValue) && (try? validation.check(fits: config.pixelModel)) != nil)
        precondition(validation.side == config.tile && validation.canvas == config.canvas)
        model = VLAEModel(config: config, seed: options.seed)
        if let start {
            let fresh = model.adopt(start)
            startNote = "starting from \(start.name): \(model.store.views.count - fresh.count) of \(model.store.views.count) tensors"
                + (fresh.isEmpty ? "" : "; fresh: \(fresh.joined(separator: ", "))")
        }
        self.options = options
        self.train = train
        self.validation = validation
        optimizer = Adamax(store: model.store, learningRate: options.learningRate, polyakDecay: options.polyakDecay, clipNorm: options.clipNorm)
        runner = DataParallelRunner(model: model, microBatch: options.microBatch)
    }

    /// Steps in the current epoch (its tiles: crops without the blank ones a context model skips).
    var batchesPerEpoch: Int { tiles(epoch: epoch).count / options.batch }

    /// The training tiles of `epoch`, cut with a seed of the run and the epoch, so a resumed run
    /// trains on the same crops.
    func tiles(epoch: Int) -> ImageSet {
        if let cached = epochTiles, cached.epoch == epoch { return cached.tiles }
        let tiles = train.tiles(canvas: model.config.canvas, seed: options.seed ^ (0x5EED_C809 &+ UInt64(epoch) &* 0xBF58_476D_1CE4_E5B9))
        epochTiles = (epoch, tiles)
        return tiles
    }

    /// The order of the training images in `epoch`: a seeded shuffle, so a resumed run replays it.
    func permutation(epoch: Int) -> [Int] {
        var rng = SplitMix64(seed: options.seed ^ (0xA5A5_0000_0000 &+ UInt64(epoch) &* 0x9E37_79B9_7F4A_7C15))
        var order = Array(0..<tiles(epoch: epoch).count)
        for i in stride(from: order.count - 1, to: 0, by: -1) { order.swapAt(i, Int(rng.next() % UInt64(i + 1))) }
        return order
    }

    /// One optimisation step on the images `indices`; returns the batch's mean −ELBO and KL (nats).
    func step(_ indices: ArraySlice<Int>) -> (negELBO: Double, kl: Double) {
        let n = indices.count, d = model.config.latents
        var rng = SplitMix64(seed: options.seed &+ UInt64(optimizer.step + 1) &* 0xD1B5_4A32_D192_ED03)
        let noise = (0..<(n * d)).map { _ in Float(rng.nextGaussian()) }
        var reconstruction = [Double](repeating: 0, count: n), kl = [Double](repeating: 0, count: n)
        let images = tiles(epoch: epoch), pixelModel = model.config.pixelModel, freeNats = options.freeNats
        runner.zeroGradients()
        reconstruction.withUnsafeMutableBufferPointer { rec in
            kl.withUnsafeMutableBufferPointer { kl in
                runner.run(n) { ws, slice in
                    ws.load(images, indices[(indices.startIndex + slice.lowerBound)..<(indices.startIndex + slice.upperBound)], pixelModel: pixelModel)
                    for i in 0..<ws.noise.count { ws.noise[i] = noise[slice.lowerBound * d + i] }
                    model.forward(ws)
                    model.backward(ws, freeNats: freeNats, lossScale: 1 / Float(n))
                    for i in 0..<ws.batch { rec[slice.lowerBound + i] = ws.reconstruction[i]; kl[slice.lowerBound + i] = ws.kl[i] }
                }
            }
        }
        runner.reduceGradients()
        optimizer.update(model.store)
        return ((reconstruction.reduce(0, +) + kl.reduce(0, +)) / Double(n), kl.reduce(0, +) / Double(n))
    }

    /// Validation −ELBO of the Polyak-averaged weights (the ones that ship).
    func validate() -> EvaluationResult {
        let live = Array(model.store.values)
        _ = model.store.values.update(from: optimizer.average)
        defer { _ = model.store.values.update(from: live) }
        return model.evaluate(validation, samples: 1, seed: 12345)
    }

    /// Trains until the time budget or epoch cap; writes `modelPath` whenever validation improves
    /// and `checkpointPath` every `checkpointMinutes` and at the end.
    public func run(modelPath: String, checkpointPath: String) throws {
        if let startNote { log(startNote) }
        log("params \(model.parameterCount), \(train.count) training images, \(tiles(epoch: epoch).count) tiles of \(model.config.tile)×\(model.config.tile) per epoch, batch \(options.batch), \(batchesPerEpoch) steps/epoch")
        let start = Date().timeIntervalSince1970 - elapsed
        var lastCheckpoint = Date().timeIntervalSince1970, lastLog = 0.0
        var runningELBO = 0.0, runningKL = 0.0, runningCount = 0.0, windowImages = 0, windowStart = Date().timeIntervalSince1970
        training: while epoch < options.maxEpochs {
            let order = permutation(epoch: epoch)
            while batchInEpoch < batchesPerEpoch {
                let lo = batchInEpoch * options.batch
                let (e, k) = step(order[lo..<(lo + options.batch)])
                guard e.isFinite else { throw TrainingError.diverged(step: optimizer.step) }
                batchInEpoch += 1
                runningELBO = 0.98 * runningELBO + 0.02 * e; runningKL = 0.98 * runningKL + 0.02 * k; runningCount = 0.98 * runningCount + 0.02
                windowImages += options.batch
                let now = Date().timeIntervalSince1970
                elapsed = now - start
                if now - lastLog >= 10 || batchInEpoch == batchesPerEpoch {
                    let rate = Double(windowImages) / max(now - windowStart, 1e-9)
                    log(progressLine(rate: rate, negELBO: runningELBO / runningCount, kl: runningKL / runningCount))
                    lastLog = now; windowImages = 0; windowStart = now
                }
                if now - lastCheckpoint >= options.checkpointMinutes * 60 {
                    try saveCheckpoint(to: checkpointPath)
                    lastCheckpoint = now
                }
                if elapsed >= options.minutes * 60 { break training }
            }
            epoch += 1
            batchInEpoch = 0
            try endOfEpoch(modelPath: modelPath)
        }
        if batchInEpoch > 0 { try endOfEpoch(modelPath: modelPath, partial: true) }
        try saveCheckpoint(to: checkpointPath)
    }

    func endOfEpoch(modelPath: String, partial: Bool = false) throws {
        let v = validate()
        let improved = v.negELBONats < bestValidation
        log(String(format: "epoch %d%@ valid -ELBO %.2f nats (%.4f bits/dim) KL %.2f bits%@  t=%.0fs",
                   epoch, partial ? " (partial)" : "", v.negELBONats, v.bitsPerDim, v.klBits, improved ? " *best*" : "", elapsed))
        if improved {
            bestValidation = v.negELBONats
            bestWeights = optimizer.average
            try writeAtomically(model.fileBytes(values: optimizer.average, name: options.name, extra: trainingMetadata(validation: v)), to: modelPath)
        }
    }

    func trainingMetadata(validation v: EvaluationResult) -> [String: String] {
        ["vlae.training": String(format: "epochs=%d steps=%d seconds=%.0f batch=%d lr=%g free_nats=%g polyak=%g seed=%llu valid_neg_elbo_nats=%.4f",
                                 epoch, optimizer.step, elapsed, options.batch, Double(options.learningRate), options.freeNats,
                                 Double(options.polyakDecay), options.seed, v.negELBONats)]
    }

    func progressLine(rate: Double, negELBO: Double, kl: Double) -> String {
        let done = Double(batchInEpoch) / Double(batchesPerEpoch)
        let bar = String(repeating: "#", count: Int(done * 20)) + String(repeating: "-", count: 20 - Int(done * 20))
        return String(format: "epoch %d [%@] %3.0f%% | %4.0f img/s | -ELBO %.2f nats | KL %.2f bits | step %d | %.0fs",
                      epoch + 1, bar, done * 100, rate, negELBO, kl / M_LN2, optimizer.step, elapsed)
    }
}

public enum TrainingError: Error, CustomStringConvertible {
    case diverged(step: Int)
    case checkpointMismatch(String)

    public var description: String {
        switch self {
        case .diverged(let step): "training diverged (non-finite loss) at step \(step)"
        case .checkpointMismatch(let why): "checkpoint does not match this run: \(why)"
        }
    }
}

/// Writes to a temporary file beside `path` and renames it into place, so a crash never leaves
/// a half-written model or checkpoint.
func writeAtomically(_ bytes: [UInt8], to path: String) throws {
    let tmp = path + ".tmp-\(getpid())"
    try Data(bytes).write(to: URL(fileURLWithPath: tmp))
    if rename(tmp, path) != 0 { throw CocoaError(.fileWriteUnknown) }
}
