import ModelFile
import DeterministicMath
import Foundation

/// Test-set figures of a model, in nats per image unless named otherwise.
public struct EvaluationResult: Codable, Equatable, Sendable {
    public var images: Int
    /// −ELBO, averaged over images and over the `samples` posterior draws.
    public var negELBONats: Double
    public var reconstructionNats: Double
    public var klNats: Double
    /// Importance-weighted bound on −log p(x) with `samples` draws (Burda et al. 2016); equals the
    /// −ELBO estimate for one draw and tightens towards the NLL as draws grow.
    public var importanceWeightedNLLNats: Double
    public var samples: Int
    /// Pixels per image (the model's tile), which bits/dim are relative to.
    public var pixelsPerImage: Int

    public var bitsPerDim: Double { negELBONats / Double(pixelsPerImage) / M_LN2 }
    public var klBits: Double { klNats / M_LN2 }
}

extension VLAEModel {
    /// Evaluates the current weights on `images` with `samples` posterior draws per image,
    /// seeded so the figures replay exactly.
    public func evaluate(_ images: ImageSet, samples: Int = 1, batch: Int = 200, seed: UInt64 = 1) -> EvaluationResult {
        precondition(samples >= 1 && images.count > 0 && (try? images.check(fits: config.pixelModel)) != nil)
        let images = images.withCanvas(config.canvas)
        var rng = SplitMix64(seed: seed)
        var rec = 0.0, kl = 0.0, iw = 0.0
        let runner = DataParallelRunner(model: self, microBatch: 20)
        let d = config.latents
        var start = 0
        while start < images.count {
            let n = min(batch, images.count - start)
            var logWeights = Array(repeating: [Double](), count: n)
            var sampleRec = [Double](repeating: 0, count: n), sampleKL = [Double](repeating: 0, count: n)
            for _ in 0..<samples {
                let noise = (0..<(n * d)).map { _ in Float(rng.nextGaussian()) }
                sampleRec.withUnsafeMutableBufferPointer { rec in
                    sampleKL.withUnsafeMutableBufferPointer { kl in
                        runner.run(n) { ws, slice in
                            ws.load(images, (start + slice.lowerBound)..<(start + slice.upperBound), pixelModel: config.pixelModel)
                            for i in 0..<ws.noise.count { ws.noise[i] = noise[slice.lowerBound * d + i] }
                            forward(ws)
                            for i in 0..<ws.batch { rec[slice.lowerBound + i] = ws.reconstruction[i]; kl[slice.lowerBound + i] = ws.kl[i] }
                        }
                    }
                }
                for i in 0..<n {
                    rec += sampleRec[i]
                    kl += sampleKL[i]
                    logWeights[i].append(-(sampleRec[i] + sampleKL[i]))
                }
            }
            for w in logWeights {
                let top = w.max()!
                iw -= top + log(w.reduce(0) { $0 + exp($1 - top) } / Double(samples))
            }
            start += n
        }
        let draws = Double(images.count * samples)
        return EvaluationResult(images: images.count, negELBONats: (rec + kl) / draws, reconstructionNats: rec / draws,
                                klNats: kl / draws, importanceWeightedNLLNats: iw / Double(images.count), samples: samples,
                                pixelsPerImage: config.pixels)
    }
}
