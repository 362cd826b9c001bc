import DeterministicMath
import EntropyCoder
@testable import VLAE
@testable import VLAECoding
import XCTest

/// The coding model against the float model it was exported from, and its two PixelCNN orders
/// against each other.
final class CodingModelTests: XCTestCase {
    /// 32 channels exercise the register-blocked conv kernel; other widths the generic one.
    static func smallModel(seed: UInt64, channels: Int = 32) -> VLAEModel {
        var config = VLAEConfig()
        config.latents = 8; config.encoderChannels = [8, 16]; config.encoderHidden = 20
        config.madeHidden = 24; config.channels = channels; config.layers = 2
        return VLAEModel(config: config, seed: seed)
    }

    static func randomTiles(_ count: Int, seed: UInt64) -> [[UInt8]] {
        var rng = SplitMix64(seed: seed)
        return (0..<count).map { _ in
            // Blobs rather than noise, so logits vary the way they do on digits.
            let cx = Int(rng.next() % 20) + 4, cy = Int(rng.next() % 20) + 4, r2 = Int(rng.next() % 60) + 10
            return (0..<784).map { p in ((p / 28 - cy) * (p / 28 - cy) + (p % 28 - cx) * (p % 28 - cx) < r2) != (rng.next() % 17 == 0) ? 1 : 0 }
        }
    }

    func test_codingModel_matchesFloatModel_onPosteriorPriorAndLogits() {
        let model = Self.smallModel(seed: 3), coding = CodingModel(model)
        let tiles = Self.randomTiles(4, seed: 5)
        let ws = VLAEWorkspace(model: model, batch: tiles.count)
        for (i, t) in tiles.enumerated() { for p in 0..<784 { ws.x[i * 784 + p] = Float(t[p]) } }
        ws.noise.zero()   // z = μ, so the float decoder sees the same z as the coding one
        model.forward(ws)
        let d = model.config.latents
        for (i, t) in tiles.enumerated() {
            let (mean, std) = coding.posterior(t)
            for j in 0..<d {
                XCTAssertEqual(mean[j], Double(ws.encOut[i * 2 * d + j]), accuracy: 1e-4, "tile \(i) mean \(j)")
                XCTAssertEqual(std[j], Double(exp(model.clampLogScale(ws.encOut[i * 2 * d + d + j]))), accuracy: 1e-4 * std[j], "tile \(i) std \(j)")
            }
            let z = (0..<d).map { ws.z[i * d + $0] }
            let priors = CodingModel.Prior(model: coding)
            for j in 0..<d {
                let prior = priors.next(z: z.enumerated().map { $0.offset < j ? $0.element : 0 })
                XCTAssertEqual(prior.mean, Double(ws.madeOut[i * 2 * d + j]), accuracy: 1e-4, "tile \(i) prior mean \(j)")
                XCTAssertEqual(prior.std, Double(exp(model.clampLogScale(ws.madeOut[i * 2 * d + d + j]))), accuracy: 1e-4 * prior.std, "tile \(i) prior std \(j)")
            }
            let state = PixelCNNState(model: coding)
            state.condition(on: z)
            let logits = state.logits(for: t)
            for p in 0..<784 { XCTAssertEqual(logits[p], ws.logits[i * 784 + p], accuracy: 1e-4, "tile \(i) pixel \(p)") }
        }
    }

    func test_incrementalLogits_equalBatchedLogitsBitForBit() {
        let model = Self.smallModel(seed: 4), coding = CodingModel(model)
        var rng = SplitMix64(seed: 9)
        for tile in Self.randomTiles(4, seed: 6) {
            let z = (0..<coding.latents).map { _ in Float(rng.nextGaussian()) }
            let batchedState = PixelCNNState(model: coding), incremental = PixelCNNState(model: coding)
            batchedState.condition(on: z)
            incremental.condition(on: z)
            let batched = batchedState.logits(for: tile)
            for p in 0..<784 {
                let logit = incremental.logit(at: p)
                XCTAssertEqual(logit.bitPattern, batched[p].bitPattern, "pixel \(p)")
                // The frequency tables the coder builds are therefore identical too.
                XCTAssertEqual(BernoulliCodec(logit: Double(logit), precision: 16), BernoulliCodec(logit: Double(batched[p]), precision: 16))
                incremental.setPixel(p, tile[p])
            }
        }
    }
}
