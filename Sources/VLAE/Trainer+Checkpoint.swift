import ModelFile
import Foundation

extension Trainer {
    /// Checkpoint = safetensors with the live weights, Adamax's two moments, the Polyak average
    /// and the best weights so far, plus the progress counters and settings in the metadata.
    func saveCheckpoint(to path: String) throws {
        var tensors: [String: Safetensors.Entry] = [
            "values": .init(shape: [model.store.count], values: Array(model.store.values)),
            "moment": .init(shape: [model.store.count], values: optimizer.moment),
            "infinity_norm": .init(shape: [model.store.count], values: optimizer.infinityNorm),
            "average": .init(shape: [model.store.count], values: optimizer.average),
        ]
        if let bestWeights { tensors["best"] = .init(shape: [model.store.count], values: bestWeights) }
        let metadata = [
            "format": "vlae-checkpoint-1",
            "vlae.config": String(decoding: try JSONEncoder.sorted.encode(model.config), as: UTF8.self),
            "options": String(decoding: try JSONEncoder.sorted.encode(options), as: UTF8.self),
            "step": String(optimizer.step), "epoch": String(epoch), "batch_in_epoch": String(batchInEpoch),
            "elapsed": String(elapsed), "best_validation": String(bestValidation),
        ]
        try writeAtomically(Safetensors.encode(.init(tensors: tensors, metadata: metadata)), to: path)
        log("checkpoint written: \(path) (step \(optimizer.step))")
    }

    /// Restores a checkpoint written by `saveCheckpoint` for the same configuration. The time
    /// budget and epoch cap come from the current options, so a resumed run can be extended.
    public func resume(from path: String) throws {
        let file = try Safetensors.decode(Array(try Data(contentsOf: URL(fileURLWithPath: path))))
        guard file.metadata["format"] == "vlae-checkpoint-1" else { throw TrainingError.checkpointMismatch("not a vlae checkpoint") }
        guard let json = file.metadata["vlae.config"], let config = try? JSONDecoder().decode(VLAEConfig.self, from: Data(json.utf8)),
              config == model.config else { throw TrainingError.checkpointMismatch("model configuration differs") }
        func tensor(_ name: String) throws -> [Float] {
            guard let e = file.tensors[name], e.values.count == model.store.count else {
                throw TrainingError.checkpointMismatch("tensor \(name) missing or of the wrong size")
            }
            return e.values
        }
        guard let step = Int(file.metadata["step"] ?? ""), let epoch = Int(file.metadata["epoch"] ?? ""),
              let batchInEpoch = Int(file.metadata["batch_in_epoch"] ?? ""), let elapsed = Double(file.metadata["elapsed"] ?? ""),
              let best = Double(file.metadata["best_validation"] ?? "") else { throw TrainingError.checkpointMismatch("progress counters missing") }
        _ = model.store.values.update(from: try tensor("values"))
        optimizer.restore(step: step, moment: try tensor("moment"), infinityNorm: try tensor("infinity_norm"), average: try tensor("average"))
        bestWeights = file.tensors["best"] == nil ? nil : try tensor("best")
        self.epoch = epoch
        self.batchInEpoch = batchInEpoch
        self.elapsed = elapsed
        bestValidation = best
        log("resumed from \(path): epoch \(epoch + 1), step \(step), \(Int(elapsed))s trained")
    }
}

/// A checkpoint's Polyak-averaged weights (the ones a run would ship) as a model file, so a
/// running or stopped run can be tried with `vlae-compress --model` before it ends.
public enum CheckpointExport {
    /// Writes the model file of checkpoint `path` to `out` (atomically), named `name` or the run's name.
    public static func export(checkpoint path: String, to out: String, name: String?) throws {
        let file = try Safetensors.decode(Array(try Data(contentsOf: URL(fileURLWithPath: path))))
        guard file.metadata["format"] == "vlae-checkpoint-1" else { throw TrainingError.checkpointMismatch("not a vlae checkpoint") }
        guard let json = file.metadata["vlae.config"], let config = try? JSONDecoder().decode(VLAEConfig.self, from: Data(json.utf8)) else {
            throw TrainingError.checkpointMismatch("no model configuration")
        }
        let model = VLAEModel(config: config, seed: 0)
        guard let average = file.tensors["average"], average.values.count == model.store.count else {
            throw TrainingError.checkpointMismatch("averaged weights missing or of the wrong size")
        }
        let options = file.metadata["options"].flatMap { try? JSONDecoder().decode(TrainingOptions.self, from: Data($0.utf8)) }
        try writeAtomically(model.fileBytes(values: average.values, name: name ?? options?.name,
                                            extra: ["vlae.training": "exported from a checkpoint at step \(file.metadata["step"] ?? "?")"]), to: out)
    }
}
