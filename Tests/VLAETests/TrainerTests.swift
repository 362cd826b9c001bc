import DeterministicMath
import Foundation
import ModelFile
@testable import VLAE
import XCTest

/// The trainer lowers the loss, and a run resumed from a checkpoint continues exactly as the
/// uninterrupted run would have.
final class TrainerTests: XCTestCase {
    private func data(_ count: Int, seed: UInt64) -> TrainingImages {
        var rng = SplitMix64(seed: seed)
        // Two prototypes with noise: learnable in a few steps.
        return TrainingImages(images: (0..<count).map { i in
            TrainingImages.Image(width: 28, height: 28, pixels: (0..<784).map { p -> UInt8 in
                let ink = i % 2 == 0 ? (p % 28 < 14) : (p / 28 < 14)
                return (ink != (rng.next() % 10 == 0)) ? 1 : 0
            })
        }, maxValue: 1)
    }

    private func trainer(seed: UInt64 = 5) -> Trainer {
        var config = VLAEConfig()
        config.latents = 4; config.encoderChannels = [4, 4]; config.encoderHidden = 16; config.madeHidden = 8; config.channels = 4; config.layers = 1
        var options = TrainingOptions()
        options.batch = 8; options.seed = seed
        let t = Trainer(config: config, options: options, train: data(32, seed: 1), validation: data(16, seed: 2).tiles(side: 28, seed: 0))
        t.log = { _ in }
        return t
    }

    func test_steps_lowerTheNegativeELBO() {
        let t = trainer()
        let order = Array(0..<32)
        let first = t.step(order[0..<8]).negELBO
        var last = first
        for s in 0..<40 { last = t.step(order[(s % 4 * 8)..<(s % 4 * 8 + 8)]).negELBO }
        XCTAssertLessThan(last, first * 0.8, "first \(first), last \(last)")
    }

    func test_resumeFromCheckpoint_continuesBitForBit() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vlae-trainer-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let checkpoint = dir.appendingPathComponent("c.safetensors").path
        let straight = trainer(), interrupted = trainer()
        let order = Array(0..<32)
        for s in 0..<3 { _ = straight.step(order[(s * 8)..<(s * 8 + 8)]); _ = interrupted.step(order[(s * 8)..<(s * 8 + 8)]) }
        try interrupted.saveCheckpoint(to: checkpoint)
        let resumed = trainer(seed: 5)
        try resumed.resume(from: checkpoint)
        for s in 3..<6 {
            let a = straight.step(order[(s % 4 * 8)..<(s % 4 * 8 + 8)]), b = resumed.step(order[(s % 4 * 8)..<(s % 4 * 8 + 8)])
            XCTAssertEqual(a.negELBO, b.negELBO)
        }
        XCTAssertEqual(Array(straight.model.store.values), Array(resumed.model.store.values))
        XCTAssertEqual(straight.optimizer.average, resumed.optimizer.average)
    }

    func test_export_writesTheCheckpointsAveragedWeightsAsAModelFile() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vlae-export-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let t = trainer()
        for s in 0..<3 { _ = t.step(Array(0..<32)[(s * 8)..<(s * 8 + 8)]) }
        let checkpoint = dir.appendingPathComponent("c.safetensors").path, out = dir.appendingPathComponent("m.safetensors").path
        try t.saveCheckpoint(to: checkpoint)
        try CheckpointExport.export(checkpoint: checkpoint, to: out, name: "mid-run")
        let file = try ModelFile(contentsOfFile: out)
        XCTAssertEqual(file.name, "mid-run")
        XCTAssertEqual(file.config, t.model.config)
        let exported = VLAEModel(file: file)
        XCTAssertEqual(Array(exported.store.values), t.optimizer.average)
        XCTAssertNotEqual(t.optimizer.average, Array(t.model.store.values), "the averages, not the live weights")
        XCTAssertThrowsError(try CheckpointExport.export(checkpoint: out, to: checkpoint, name: nil), "a model file is not a checkpoint")
    }
}
