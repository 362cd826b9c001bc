import DeterministicMath
import EntropyCoder
import ModelFile
@testable import VLAE
@testable import VLAECoding
import XCTest

/// The coding model against the float model it was exported from, and its two PixelCNN orders
/// against each other.
final class CodingModelTests: XCTestCase {
    /// 32 channels exercise the register-blocked conv kernel; other widths the generic one.
    static func smallModel(seed: UInt64, channels: Int = 32, pixelModel: PixelModel = .bernoulli, tile: Int = 28,
                           kernels: (first: Int, residual: Int) = (5, 3), configure: (inout VLAEConfig) -> Void = { _ in }) -> VLAEModel {
        var config = VLAEConfig()
        config.tile = tile
        (config.firstKernel, config.kernel) = kernels
        config.latents = 8; config.encoderChannels = [8, 16]; config.encoderHidden = 20
        config.madeHidden = 24; config.channels = channels; config.layers = 2; config.pixelModel = pixelModel
        configure(&config)
        return VLAEModel(config: config, seed: seed)
    }

    static let mixture = PixelModel.logisticMixture(components: 3)

    static func randomTiles(_ count: Int, seed: UInt64, side s: Int = 28) -> [[UInt8]] {
        var rng = SplitMix64(seed: seed)
        return (0..<count).map { _ in
            // Blobs rather than noise, so logits vary the way they do on digits.
            let cx = Int(rng.next() % UInt64(s - 8)) + 4, cy = Int(rng.next() % UInt64(s - 8)) + 4, r2 = Int(rng.next() % 60) + 10
            return (0..<(s * s)).map { p in ((p / s - cy) * (p / s - cy) + (p % s - cx) * (p % s - cx) < r2) != (rng.next() % 17 == 0) ? 1 : 0 }
        }
    }

    /// Grayscale blobs of values 0 … maxValue: a bright disc with a gradient, plus noise.
    static func grayTiles(_ count: Int, maxValue: Int, seed: UInt64) -> [[UInt8]] {
        var rng = SplitMix64(seed: seed)
        return (0..<count).map { _ in
            let cx = Int(rng.next() % 20) + 4, cy = Int(rng.next() % 20) + 4, r2 = Int(rng.next() % 60) + 10
            return (0..<784).map { p in
                let d2 = (p / 28 - cy) * (p / 28 - cy) + (p % 28 - cx) * (p % 28 - cx)
                let base = d2 < r2 ? maxValue - d2 * maxValue / (2 * r2) : 0
                return UInt8(min(maxValue, max(0, base + Int(rng.next() % 5) - 2)))
            }
        }
    }

    func test_codingModel_matchesFloatModel_onPosteriorPriorAndLogits() {
        checkAgainstFloatModel(Self.smallModel(seed: 3), tiles: Self.randomTiles(4, seed: 5), maxValue: 1)
    }

    func test_codingModel_matchesFloatModel_atTileSides16And32() {
        for side in [16, 32] {
            checkAgainstFloatModel(Self.smallModel(seed: 4, tile: side), tiles: Self.randomTiles(3, seed: 6, side: side), maxValue: 1)
        }
    }

    func test_codingModel_matchesFloatModel_withLogisticMixtureDecoder() {
        checkAgainstFloatModel(Self.smallModel(seed: 7, pixelModel: Self.mixture), tiles: Self.grayTiles(3, maxValue: 255, seed: 8), maxValue: 255)
    }

    /// The study's variants: an IAF posterior (its conditionals given z against the float step),
    /// the standard normal prior, and a factorized decoder.
    func test_codingModel_matchesFloatModel_withIAFPosteriorDiagonalPriorAndFactorizedDecoder() {
        let tiles = Self.randomTiles(3, seed: 15)
        checkAgainstFloatModel(Self.smallModel(seed: 12) { $0.prior = .diagonal; $0.posterior = .inverseAutoregressive }, tiles: tiles, maxValue: 1)
        checkAgainstFloatModel(Self.smallModel(seed: 13) { $0.prior = .diagonal }, tiles: tiles, maxValue: 1)
        checkAgainstFloatModel(Self.smallModel(seed: 14, kernels: (1, 3)) { $0.layers = 0 }, tiles: tiles, maxValue: 1)
    }

    private func checkAgainstFloatModel(_ model: VLAEModel, tiles: [[UInt8]], maxValue: Int) {
        let coding = CodingModel(model)
        let ws = VLAEWorkspace(model: model, batch: tiles.count)
        ws.load(ImageSet(pixels: tiles.flatMap { $0 }, side: model.config.tile, maxValue: maxValue), 0..<tiles.count, pixelModel: model.config.pixelModel)
        ws.noise.zero()   // z = μ, so the float decoder sees the same z as the coding one
        model.forward(ws)
        let d = model.config.latents
        for (i, t) in tiles.enumerated() {
            let (mean, std) = coding.posterior(t, maxValue: maxValue)
            for j in 0..<d {
                XCTAssertEqual(mean[j], Double(ws.encOut[i * 2 * d + j]), accuracy: 1e-4, "tile \(i) mean \(j)")
                XCTAssertEqual(std[j], Double(exp(model.clampLogScale(ws.encOut[i * 2 * d + d + j]))), accuracy: 1e-4 * std[j], "tile \(i) std \(j)")
            }
            let z = (0..<d).map { ws.z[i * d + $0] }
            if model.config.posterior == .inverseAutoregressive {
                // With no noise z⁰ = μ, so q(z_j | z_<j) has mean m_j + s_j·μ_j = z_j and scale s_j·σ_j.
                let posterior = CodingModel.Posterior(model: coding)
                posterior.start((mean, std))
                for (j, q) in posterior.conditionals(of: z).enumerated() {
                    let s = Double(exp(model.clampLogScale(ws.madeOut[i * 2 * d + d + j])))
                    XCTAssertEqual(q.mean, Double(z[j]), accuracy: 1e-4, "tile \(i) IAF mean \(j)")
                    XCTAssertEqual(q.std, s * std[j], accuracy: 1e-4 * q.std, "tile \(i) IAF std \(j)")
                }
            }
            let priors = CodingModel.Prior(model: coding)
            for j in 0..<d {
                let prior = priors.next(z: z.enumerated().map { $0.offset < j ? $0.element : 0 })
                guard model.config.prior == .autoregressive else {
                    XCTAssertTrue(prior == (0, 1), "tile \(i) diagonal prior \(j)")
                    continue
                }
                XCTAssertEqual(prior.mean, Double(ws.madeOut[i * 2 * d + j]), accuracy: 1e-4, "tile \(i) prior mean \(j)")
                XCTAssertEqual(prior.std, Double(exp(model.clampLogScale(ws.madeOut[i * 2 * d + d + j]))), accuracy: 1e-4 * prior.std, "tile \(i) prior std \(j)")
            }
            let state = PixelCNNState(model: coding)
            state.condition(on: z, maxValue: maxValue)
            let outputs = state.outputs(for: t), count = model.config.pixelModel.outputChannels
            let s = model.config.pixels
            for p in 0..<s {
                for c in 0..<count {
                    XCTAssertEqual(outputs[p * count + c], ws.logits[c * tiles.count * s + i * s + p], accuracy: 1e-4, "tile \(i) pixel \(p) output \(c)")
                }
            }
        }
    }

    func test_incrementalOutputs_equalBatchedOutputsBitForBit() {
        checkIncrementalEqualsBatched(Self.smallModel(seed: 4), tiles: Self.randomTiles(4, seed: 6), maxValue: 1)
        checkIncrementalEqualsBatched(Self.smallModel(seed: 5, pixelModel: Self.mixture), tiles: Self.grayTiles(3, maxValue: 200, seed: 7), maxValue: 200)
        checkIncrementalEqualsBatched(Self.smallModel(seed: 6, tile: 20), tiles: Self.randomTiles(2, seed: 8, side: 20), maxValue: 1)
        // The largest kernels a model may declare (15×15: 112 and 113 taps).
        checkIncrementalEqualsBatched(Self.smallModel(seed: 7, tile: 16, kernels: (15, 15)), tiles: Self.randomTiles(1, seed: 9, side: 16), maxValue: 1)
    }

    private func checkIncrementalEqualsBatched(_ model: VLAEModel, tiles: [[UInt8]], maxValue: Int) {
        let coding = CodingModel(model), count = model.config.pixelModel.outputChannels
        var rng = SplitMix64(seed: 9)
        var one = [Float](repeating: 0, count: count)
        for tile in tiles {
            let z = (0..<coding.latents).map { _ in Float(rng.nextGaussian()) }
            let batchedState = PixelCNNState(model: coding), incremental = PixelCNNState(model: coding)
            batchedState.condition(on: z, maxValue: maxValue)
            incremental.condition(on: z, maxValue: maxValue)
            let batched = batchedState.outputs(for: tile)
            for p in 0..<model.config.pixels {
                incremental.outputs(at: p, into: &one)
                for c in 0..<count { XCTAssertEqual(one[c].bitPattern, batched[p * count + c].bitPattern, "pixel \(p) output \(c)") }
                incremental.setPixel(p, tile[p])
            }
        }
    }
}

extension CodingModel {
    /// The coding model of a training model, through its model file (as the compressor builds it).
    convenience init(_ model: VLAEModel) {
        try! self.init(ModelFile(bytes: model.fileBytes(), origin: .file(path: "test.safetensors")))
    }
}

/// The register-blocked kernels (output channels in blocks of 32) against plain per-channel sums
/// in the same order: equal bits, for one block, two, and widths with a remainder.
final class CodingConvKernelTests: XCTestCase {
    func test_blockedDense_equalsThePlainSum_bitForBit() {
        for outputs in [32, 64, 450, 7] {
            var rng = SplitMix64(seed: UInt64(outputs))
            let inputs = 37
            let dense = CodingDense(inputs: inputs, outputs: outputs, weight: (0..<(inputs * outputs)).map { _ in Float(rng.nextGaussian()) },
                                    bias: (0..<outputs).map { _ in Float(rng.nextGaussian()) })
            let x = (0..<inputs).map { _ in Float(rng.nextGaussian()) }
            var y = [Float](repeating: 0, count: outputs)
            x.withUnsafeBufferPointer { x in y.withUnsafeMutableBufferPointer { dense.apply(x.baseAddress!, $0.baseAddress!) } }
            for o in 0..<outputs {
                var sum = dense.bias[o]
                for k in 0..<inputs { sum = sum + dense.weight[k * outputs + o] * x[k] }
                XCTAssertEqual(y[o].bitPattern, sum.bitPattern, "\(outputs) outputs, output \(o)")
            }
        }
    }

    func test_denseOverAMap_equalsOneApplyPerPosition_bitForBit() {
        for (inputs, outputs, count) in [(32, 32, 9), (64, 64, 4), (20, 7, 3)] {
            var rng = SplitMix64(seed: UInt64(outputs * 7 + count))
            let dense = CodingDense(inputs: inputs, outputs: outputs, weight: (0..<(inputs * outputs)).map { _ in Float(rng.nextGaussian()) },
                                    bias: (0..<outputs).map { _ in Float(rng.nextGaussian()) })
            let x = (0..<(count * inputs)).map { _ in Float(rng.nextGaussian()) }
            var mapped = [Float](repeating: .nan, count: count * outputs), single = mapped
            x.withUnsafeBufferPointer { x in
                mapped.withUnsafeMutableBufferPointer { dense.apply(map: x.baseAddress!, $0.baseAddress!, count: count) }
                single.withUnsafeMutableBufferPointer { y in
                    for p in 0..<count { dense.apply(x.baseAddress! + p * inputs, y.baseAddress! + p * outputs) }
                }
            }
            XCTAssertEqual(mapped.map(\.bitPattern), single.map(\.bitPattern), "\(inputs)→\(outputs) × \(count)")
        }
    }

    /// The gather form against the scatter it replaces: bias first, then every input position in
    /// order adding each channel's weight row into the outputs its taps reach.
    func test_transposedConvolution_equalsTheScatterInInputOrder_bitForBit() {
        for channels in [32, 64, 40, 12] {
            var rng = SplitMix64(seed: UInt64(channels))
            let (inSide, outSide, stride) = (3, 6, 2)
            let offsets = (0..<16).map { (dy: $0 / 4 - 1, dx: $0 % 4 - 1) }
            func values(_ n: Int) -> [Float] { (0..<n).map { _ in Float(rng.nextGaussian()) } }
            let layer = CodingConvTranspose(inChannels: 5, outChannels: channels, inHeight: inSide, inWidth: inSide, outHeight: outSide,
                                            outWidth: outSide, stride: stride, offsets: offsets,
                                            weight: values(5 * offsets.count * channels), bias: values(channels))
            let x = values(inSide * inSide * 5)
            var y = [Float](repeating: 0, count: outSide * outSide * channels)
            x.withUnsafeBufferPointer { x in y.withUnsafeMutableBufferPointer { layer.apply(x.baseAddress!, $0.baseAddress!) } }
            var expected = [Float](repeating: 0, count: y.count)
            for p in 0..<(outSide * outSide) { for o in 0..<channels { expected[p * channels + o] = layer.bias[o] } }
            for iy in 0..<inSide {
                for ix in 0..<inSide {
                    for ci in 0..<5 {
                        for (t, off) in offsets.enumerated() {
                            let oy = iy * stride + off.dy, ox = ix * stride + off.dx
                            guard oy >= 0 && oy < outSide && ox >= 0 && ox < outSide else { continue }
                            for o in 0..<channels {
                                let e = (oy * outSide + ox) * channels + o
                                expected[e] = expected[e] + layer.weight[(ci * offsets.count + t) * channels + o] * x[(iy * inSide + ix) * 5 + ci]
                            }
                        }
                    }
                }
            }
            XCTAssertEqual(y.map(\.bitPattern), expected.map(\.bitPattern), "\(channels) channels")
        }
    }

    func test_blockedKernel_equalsThePlainSum_bitForBit() {
        for outChannels in [32, 64, 24] {
            var rng = SplitMix64(seed: UInt64(outChannels))
            let inChannels = 5, side = 6
            let offsets = [(dy: -1, dx: -1), (dy: -1, dx: 0), (dy: -1, dx: 1), (dy: 0, dx: -1), (dy: 0, dx: 0)]
            func values(_ n: Int) -> [Float] { (0..<n).map { _ in Float(rng.nextGaussian()) } }
            let conv = CodingConv(inChannels: inChannels, outChannels: outChannels, height: side, width: side, stride: 1,
                                  offsets: offsets, weight: values(offsets.count * inChannels * outChannels), bias: values(outChannels))
            let input = values(side * side * inChannels)
            var out = [Float](repeating: 0, count: outChannels)
            for (oy, ox) in [(0, 0), (3, 2), (5, 5)] {
                input.withUnsafeBufferPointer { x in
                    conv.weight.withUnsafeBufferPointer { w in
                        out.withUnsafeMutableBufferPointer { o in conv.apply(at: oy, ox, input: x.baseAddress!, weights: w.baseAddress!, o.baseAddress!) }
                    }
                }
                for o in 0..<outChannels {
                    var sum = conv.bias[o]
                    for (t, off) in offsets.enumerated() {
                        let iy = oy + off.dy, ix = ox + off.dx
                        guard iy >= 0 && iy < side && ix >= 0 && ix < side else { continue }
                        for ci in 0..<inChannels {
                            sum = sum + conv.weight[(t * inChannels + ci) * outChannels + o] * input[(iy * side + ix) * inChannels + ci]
                        }
                    }
                    XCTAssertEqual(out[o].bitPattern, sum.bitPattern, "\(outChannels) channels, output \(o) at (\(oy), \(ox))")
                }
            }
        }
    }
}
