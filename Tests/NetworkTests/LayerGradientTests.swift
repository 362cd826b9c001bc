import DeterministicMath
import ModelFile
import Network
import XCTest

/// Central-difference gradient checks for every layer: loss = Σ yᵢ·rᵢ with seeded random r, and
/// each input and parameter gradient compared with (loss(θ+h) − loss(θ−h)) / 2h.
final class LayerGradientTests: XCTestCase {
    func test_conv2d_gradients_matchCentralDifferences_forEachGeometry() {
        let geometries = [
            ConvGeometry(inChannels: 2, height: 5, width: 6, kernelHeight: 3, kernelWidth: 3, stride: 1, padding: 1),
            ConvGeometry(inChannels: 2, height: 7, width: 7, kernelHeight: 3, kernelWidth: 3, stride: 2, padding: 1),
            ConvGeometry(inChannels: 1, height: 6, width: 5, kernelHeight: 5, kernelWidth: 5, padding: 2, taps: PixelCNNMask.a.taps(kernel: 5)),
            ConvGeometry(inChannels: 3, height: 4, width: 5, kernelHeight: 3, kernelWidth: 3, padding: 1, taps: PixelCNNMask.b.taps(kernel: 3)),
        ]
        for (i, g) in geometries.enumerated() {
            let store = ParameterStore()
            var rng = SplitMix64(seed: UInt64(i))
            let layer = Conv2d("c", geometry: g, outChannels: 3, store: store, rng: &rng)
            store.materialize()
            let n = 2
            var colsBuffer = [Float](repeating: 0, count: layer.inputScratchCount(batch: n))
            var dcols = [Float](repeating: 0, count: layer.gradientScratchCount(batch: n))
            checkLayer("conv2d #\(i)", store: store, inputs: g.inChannels * n * g.height * g.width,
                       outputs: 3 * layer.columns(batch: n), seed: UInt64(i),
                       forward: { x, y in colsBuffer.withUnsafeMutableBufferPointer { layer.forward(x: x, batch: n, cols: $0.baseAddress!, y: y, params: store) } },
                       backward: { dy, _, dx in
                           colsBuffer.withUnsafeBufferPointer { c in dcols.withUnsafeMutableBufferPointer { d in
                               layer.backward(dy: dy, batch: n, cols: c.baseAddress!, dcols: d.baseAddress!, dx: dx, params: store) } }
                       })
        }
    }

    /// Both paths: direct phases (output twice the input) and GEMM + col2im (an odd output side).
    func test_convTranspose2d_gradients_matchCentralDifferences() {
        for (side, direct) in [(8, true), (9, false)] {
            let store = ParameterStore()
            var rng = SplitMix64(seed: 3)
            let layer = ConvTranspose2d("t", inChannels: 2, outChannels: 3, outHeight: side, outWidth: side, kernel: 4, stride: 2, padding: 1, store: store, rng: &rng)
            XCTAssertEqual(layer.isDirect, direct)
            store.materialize()
            let n = 2
            var cols = [Float](repeating: 0, count: layer.scratchCount(batch: n))
            var dcols = [Float](repeating: 0, count: layer.gradientScratchCount(batch: n))
            checkLayer("convTranspose2d \(side)", store: store, inputs: 2 * n * layer.inHeight * layer.inWidth, outputs: 3 * n * side * side, seed: 3,
                       forward: { x, y in cols.withUnsafeMutableBufferPointer { layer.forward(x: x, batch: n, cols: $0.baseAddress!, y: y, params: store) } },
                       backward: { dy, x, dx in dcols.withUnsafeMutableBufferPointer { layer.backward(dy: dy, x: x, batch: n, dcols: $0.baseAddress!, dx: dx, params: store) } })
        }
    }

    func test_dense_gradients_matchCentralDifferences_withAndWithoutMADEMask() {
        for masked in [false, true] {
            let store = ParameterStore()
            var rng = SplitMix64(seed: 4)
            let masks = MADEMasks(variables: 4, hidden: 6)
            let layer = Dense("d", inputs: 4, outputs: 6, mask: masked ? masks.input : nil, store: store, rng: &rng)
            store.materialize()
            checkLayer("dense masked=\(masked)", store: store, inputs: 3 * 4, outputs: 3 * 6, seed: 4, frozen: masked ? masks.input.map { $0 == 0 } : nil,
                       forward: { x, y in layer.forward(x: x, batch: 3, y: y, params: store) },
                       backward: { dy, x, dx in layer.backward(dy: dy, x: x, batch: 3, dx: dx, params: store) })
        }
    }

    func test_conv1x1_gradients_matchCentralDifferences() {
        let store = ParameterStore()
        var rng = SplitMix64(seed: 5)
        let layer = Conv1x1("p", inChannels: 3, outChannels: 2, store: store, rng: &rng)
        store.materialize()
        checkLayer("conv1x1", store: store, inputs: 3 * 10, outputs: 2 * 10, seed: 5,
                   forward: { x, y in layer.forward(x: x, planes: 10, y: y, params: store) },
                   backward: { dy, x, dx in layer.backward(dy: dy, x: x, planes: 10, dx: dx, params: store) })
    }

    func test_elu_gradient_matchesCentralDifferences() {
        let store = ParameterStore()
        store.materialize()
        var y = [Float](repeating: 0, count: 40)
        checkLayer("elu", store: store, inputs: 40, outputs: 40, seed: 6,
                   forward: { x, out in ELU.forward(x, out, count: 40); for i in 0..<40 { y[i] = out[i] } },
                   backward: { dy, _, dx in
                       var d = [Float](repeating: 0, count: 40)
                       y.withUnsafeBufferPointer { ELU.backward(dy, y: $0.baseAddress!, &d, count: 40) }
                       for i in 0..<40 { dx[i] += d[i] }
                   })
    }

    func test_losses_gradientsMatchCentralDifferences() {
        var rng = SplitMix64(seed: 7)
        for _ in 0..<50 {
            let l = Float(rng.nextGaussian() * 4), x: Float = rng.next() % 2 == 0 ? 0 : 1, h: Float = 1e-2
            let numeric = (BernoulliLogits.negLogLikelihood(logit: l + h, target: x) - BernoulliLogits.negLogLikelihood(logit: l - h, target: x)) / (2 * h)
            XCTAssertEqual(numeric, BernoulliLogits.gradient(logit: l, target: x), accuracy: 2e-3, "logit \(l) target \(x)")
            let (z, m, s) = (Float(rng.nextGaussian()), Float(rng.nextGaussian()), Float(rng.nextGaussian() * 0.5))
            let g = GaussianLogDensity.gradient(z, mean: m, logScale: s)
            func f(_ a: Float, _ b: Float, _ c: Float) -> Float { GaussianLogDensity.value(a, mean: b, logScale: c) }
            XCTAssertEqual((f(z + h, m, s) - f(z - h, m, s)) / (2 * h), g.x, accuracy: 1e-2 * max(1, abs(g.x)))
            XCTAssertEqual((f(z, m + h, s) - f(z, m - h, s)) / (2 * h), g.mean, accuracy: 1e-2 * max(1, abs(g.mean)))
            XCTAssertEqual((f(z, m, s + h) - f(z, m, s - h)) / (2 * h), g.logScale, accuracy: 1e-2 * max(1, abs(g.logScale)))
        }
    }

    /// Checks every input and parameter gradient of a layer. `backward(dy, x, dx)` must add the
    /// input gradient into dx and accumulate parameter gradients in the store.
    private func checkLayer(_ name: String, store: ParameterStore, inputs: Int, outputs: Int, seed: UInt64, frozen: [Bool]? = nil,
                            forward: (UnsafePointer<Float>, UnsafeMutablePointer<Float>) -> Void,
                            backward: (UnsafePointer<Float>, UnsafePointer<Float>, UnsafeMutablePointer<Float>) -> Void) {
        var rng = SplitMix64(seed: seed &+ 100)
        var x = (0..<inputs).map { _ in Float(rng.nextGaussian()) }
        let r = (0..<outputs).map { _ in Float(rng.nextGaussian()) }
        var y = [Float](repeating: 0, count: outputs)
        func loss() -> Double {
            x.withUnsafeBufferPointer { xp in y.withUnsafeMutableBufferPointer { forward(xp.baseAddress!, $0.baseAddress!) } }
            return zip(y, r).reduce(0) { $0 + Double($1.0) * Double($1.1) }
        }
        _ = loss()
        var dx = [Float](repeating: 0, count: inputs)
        store.zeroGradients()
        r.withUnsafeBufferPointer { rp in x.withUnsafeBufferPointer { xp in dx.withUnsafeMutableBufferPointer { backward(rp.baseAddress!, xp.baseAddress!, $0.baseAddress!) } } }
        let h: Float = 1e-2
        func compare(_ numeric: Double, _ exact: Float, _ what: String) {
            XCTAssertEqual(numeric, Double(exact), accuracy: 1e-2 * max(abs(numeric), Double(abs(exact))) + 2e-3, "\(name): \(what), seed \(seed)")
        }
        for i in 0..<inputs {
            let saved = x[i]
            x[i] = saved + h; let up = loss()
            x[i] = saved - h; let down = loss()
            x[i] = saved
            compare((up - down) / Double(2 * h), dx[i], "input \(i)")
        }
        let grads = Array(store.gradients)
        for view in store.views {
            for i in 0..<view.count where !(view.name.hasSuffix(".weight") && frozen?[i] == true) {
                let p = store.value(view) + i, saved = p.pointee
                p.pointee = saved + h; let up = loss()
                p.pointee = saved - h; let down = loss()
                p.pointee = saved
                compare((up - down) / Double(2 * h), grads[view.offset + i], "\(view.name)[\(i)]")
            }
        }
    }
}
