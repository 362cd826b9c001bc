import DeterministicMath
import ModelFile
import Network
@testable import VLAE
import XCTest

/// Central-difference check of the whole VLAE backward pass, on a small batch with fixed noise.
/// The reconstruction and KL terms are checked separately (the KL's gradient is the difference
/// between a pass with the KL active and one held under free bits), because the reconstruction
/// term is so much larger that errors in the KL's gradient would hide inside its tolerance.
final class VLAEGradientTests: XCTestCase {
    func test_backward_matchesCentralDifferences_forReconstructionAndKL() {
        for seed: UInt64 in [7, 8] { checkGradients(seed: seed, pixelModel: .bernoulli, maxValue: 1) }
    }

    /// Few levels keep each pixel's loss smooth enough for Float central differences through
    /// the latent path (with 256 levels the difference drowns in rounding); the mixture's own
    /// gradient at 256 levels is checked in DiscretizedLogisticMixtureTests.
    func test_backward_matchesCentralDifferences_withLogisticMixtureDecoder() {
        checkGradients(seed: 9, pixelModel: .logisticMixture(components: 3), maxValue: 15)
        checkGradients(seed: 10, pixelModel: .logisticMixture(components: 2), maxValue: 4)
    }

    /// The study's variants: an IAF posterior step with the standard normal prior, both
    /// diagonal, and a factorized decoder (a first layer that reads no pixels).
    func test_backward_matchesCentralDifferences_forIAFPosteriorDiagonalPriorAndFactorizedDecoder() {
        checkGradients(seed: 11, pixelModel: .bernoulli, maxValue: 1) { $0.prior = .diagonal; $0.posterior = .inverseAutoregressive }
        checkGradients(seed: 12, pixelModel: .bernoulli, maxValue: 1) { $0.prior = .diagonal }
        checkGradients(seed: 13, pixelModel: .bernoulli, maxValue: 1) { $0.firstKernel = 1; $0.layers = 0 }
    }

    private func checkGradients(seed: UInt64, pixelModel: PixelModel, maxValue: Int, configure: (inout VLAEConfig) -> Void = { _ in }) {
        var config = VLAEConfig()
        config.latents = 4; config.encoderChannels = [4, 4]; config.encoderHidden = 8
        config.madeHidden = 8; config.channels = 4; config.layers = 2; config.pixelModel = pixelModel
        config.tile = 16   // a tile side other than the shipped models' 28
        configure(&config)
        let model = VLAEModel(config: config, seed: seed)
        let ws = VLAEWorkspace(model: model, batch: 2)
        var rng = SplitMix64(seed: seed)
        // Smooth-ish images: a gradient plus noise, so the decoder has something to predict.
        let side = config.tile
        let images = ImageSet(pixels: (0..<(2 * config.pixels)).map { i in
            maxValue == 1 ? (rng.next() % 3 == 0 ? 1 : 0) : UInt8(min(maxValue, (i % side) * maxValue / (side - 1) / 2 + Int(rng.next() % UInt64(maxValue / 2 + 1))))
        }, side: side, maxValue: maxValue)
        ws.load(images, 0..<2, pixelModel: pixelModel)
        for i in 0..<ws.noise.count { ws.noise[i] = Float(rng.nextGaussian()) }
        func gradient(freeNats: Double) -> [Float] {
            model.forward(ws)
            model.store.zeroGradients()
            model.backward(ws, freeNats: freeNats, lossScale: 1 / 2)
            return Array(model.store.gradients)
        }
        let reconstruction = gradient(freeNats: .infinity)
        let kl = zip(gradient(freeNats: -.infinity), reconstruction).map { $0 - $1 }
        let terms: [(String, [Float], () -> Double)] = [
            ("reconstruction", reconstruction, { ws.reconstruction.reduce(0, +) / 2 }),
            ("KL", kl, { ws.kl.reduce(0, +) / 2 }),
        ]
        // MADE weights under a zero mask are structurally absent: they get no gradient by design.
        var masks: [String: [Float]] = [:]
        for layer in model.made.map({ [$0.layer1, $0.layer2, $0.layer3] }) ?? [] {
            masks[model.store.views.first { $0.offset == layer.weight.offset }!.name] = layer.mask
        }
        for (term, analytic, value) in terms {
            var checked = 0
            for view in model.store.views {
                // The entries with the largest gradients, plus a few seeded random ones.
                let indices = (0..<view.count).sorted { abs(analytic[view.offset + $0]) > abs(analytic[view.offset + $1]) }.prefix(3)
                    + (0..<2).map { _ in Int(rng.next() % UInt64(view.count)) }
                for i in indices where masks[view.name].map({ $0[i] != 0 }) ?? true {
                    let p = model.store.value(view) + i, saved = p.pointee, h: Float = 1e-2
                    p.pointee = saved + h; model.forward(ws); let up = value()
                    p.pointee = saved - h; model.forward(ws); let down = value()
                    p.pointee = saved
                    let numeric = (up - down) / Double(2 * h), exact = Double(analytic[view.offset + i])
                    XCTAssertEqual(numeric, exact, accuracy: 2e-2 * max(abs(numeric), abs(exact)) + 2e-3,
                                   "\(term) gradient of \(view.name)[\(i)], seed \(seed), \(pixelModel), \(config.prior) prior, \(config.posterior) posterior")
                    if exact != 0 { checked += 1 }
                }
            }
            XCTAssertGreaterThan(checked, term == "KL" && config.madeRole == nil ? model.store.views.count / 2 : model.store.views.count,
                                 "\(term): too few nonzero gradients checked")
        }
    }
}
