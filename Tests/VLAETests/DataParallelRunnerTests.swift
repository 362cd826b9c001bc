import DeterministicMath
import ModelFile
import Network
@testable import VLAE
import XCTest

/// Micro-batches on two threads with replica stores give the gradient and the losses of one
/// pass over the whole batch (up to float summation order), for both pixel models.
final class DataParallelRunnerTests: XCTestCase {
    func test_microBatches_onTwoThreads_giveTheWholeBatchsGradient() {
        for (pixelModel, maxValue) in [(PixelModel.bernoulli, 1), (.logisticMixture(components: 3), 255)] {
            var config = VLAEConfig()
            config.latents = 4; config.encoderChannels = [4, 4]; config.encoderHidden = 8
            config.madeHidden = 8; config.channels = 4; config.layers = 2; config.pixelModel = pixelModel
            config.tile = 16
            let model = VLAEModel(config: config, seed: 3)
            let n = 7, d = config.latents
            var rng = SplitMix64(seed: 11)
            let images = ImageSet(pixels: (0..<(n * config.pixels)).map { _ in UInt8(rng.next() % UInt64(maxValue + 1)) },
                                  side: config.tile, maxValue: maxValue)
            let noise = (0..<(n * d)).map { _ in Float(rng.nextGaussian()) }

            let whole = VLAEWorkspace(model: model, batch: n)
            whole.load(images, 0..<n, pixelModel: pixelModel)
            for i in 0..<noise.count { whole.noise[i] = noise[i] }
            model.forward(whole)
            model.store.zeroGradients()
            model.backward(whole, freeNats: 0.5, lossScale: 1 / Float(n))
            let expected = Array(model.store.gradients)

            let runner = DataParallelRunner(model: model, microBatch: 3, threads: 2)
            XCTAssertEqual(runner.slices(of: n), [0..<2, 2..<4, 4..<7])
            var losses = [Double](repeating: 0, count: n)
            runner.zeroGradients()
            losses.withUnsafeMutableBufferPointer { losses in
                runner.run(n) { ws, slice in
                    ws.load(images, slice, pixelModel: pixelModel)
                    for i in 0..<ws.noise.count { ws.noise[i] = noise[slice.lowerBound * d + i] }
                    model.forward(ws)
                    model.backward(ws, freeNats: 0.5, lossScale: 1 / Float(n))
                    for i in 0..<ws.batch { losses[slice.lowerBound + i] = ws.reconstruction[i] + ws.kl[i] }
                }
            }
            runner.reduceGradients()
            let scale = expected.map(abs).max()!
            XCTAssertGreaterThan(scale, 0)
            for (a, b) in zip(model.store.gradients, expected) {
                XCTAssertEqual(a, b, accuracy: 1e-4 * scale, "\(pixelModel)")
            }
            for i in 0..<n {
                XCTAssertEqual(losses[i], whole.reconstruction[i] + whole.kl[i], accuracy: 1e-6 * abs(losses[i]), "\(pixelModel) image \(i)")
            }
        }
    }
}
