import CTrainingKernels
import DeterministicMath
import ModelFile
import Network
import XCTest

/// The direct convolution kernels (`CTrainingKernels`, both the AVX2 + FMA path and the portable
/// one) against the im2col + GEMM path of the same layer: outputs, weight, bias and input
/// gradients, on shapes that reach every block kernel (24-column blocks, single vectors, channel
/// counts that are not multiples of 4 or 8, rows wider than one block).
final class DirectConvTests: XCTestCase {
    private func random(_ count: Int, _ rng: inout SplitMix64) -> [Float] { (0..<count).map { _ in Float(rng.nextGaussian()) } }

    private func worst(_ a: [Float], _ b: [Float]) -> Float {
        zip(a, b).map { abs($0 - $1) / max(1, abs($1)) }.max() ?? 0
    }

    private struct Pass { var y: [Float], dw: [Float], db: [Float], dx: [Float] }

    private func run(_ layer: Conv2d, store: ParameterStore, x: [Float], dy: [Float], batch n: Int) -> Pass {
        let g = layer.geometry
        store.zeroGradients()
        var cols = [Float](repeating: 0, count: layer.inputScratchCount(batch: n))
        var dcols = [Float](repeating: 0, count: layer.gradientScratchCount(batch: n))
        var y = [Float](repeating: 0, count: layer.outChannels * layer.columns(batch: n))
        var dx = [Float](repeating: 0, count: g.inChannels * n * g.height * g.width)
        layer.forward(x: x, batch: n, cols: &cols, y: &y, params: store)
        layer.backward(dy: dy, batch: n, cols: cols, dcols: &dcols, dx: &dx, params: store)
        return Pass(y: y, dw: Array(UnsafeBufferPointer(start: store.gradient(layer.weight), count: layer.weight.count)),
                    db: Array(UnsafeBufferPointer(start: store.gradient(layer.bias), count: layer.bias.count)), dx: dx)
    }

    func test_directConvolution_matchesIm2col_onBothKernelPaths() {
        let cases: [(ConvGeometry, outChannels: Int, batch: Int)] = [
            (ConvGeometry(inChannels: 32, height: 28, width: 28, kernelHeight: 3, kernelWidth: 3, padding: 1, taps: PixelCNNMask.b.taps(kernel: 3)), 32, 3),
            (ConvGeometry(inChannels: 1, height: 7, width: 53, kernelHeight: 5, kernelWidth: 5, padding: 2, taps: PixelCNNMask.a.taps(kernel: 5)), 9, 2),
            (ConvGeometry(inChannels: 5, height: 6, width: 11, kernelHeight: 3, kernelWidth: 3, padding: 1), 3, 2),
            (ConvGeometry(inChannels: 2, height: 16, width: 16, kernelHeight: 7, kernelWidth: 7, padding: 3, taps: PixelCNNMask.a.taps(kernel: 7)), 12, 2),
            (ConvGeometry(inChannels: 4, height: 5, width: 40, kernelHeight: 3, kernelWidth: 3, padding: 1, taps: PixelCNNMask.b.taps(kernel: 3)), 6, 1),
        ]
        let saved = vlae_training_simd_level()
        defer { _ = vlae_set_training_simd_level(saved) }
        var levels = 0
        for (i, c) in cases.enumerated() {
            var rng = SplitMix64(seed: UInt64(40 + i))
            let directStore = ParameterStore(), loweredStore = ParameterStore()
            var rngCopy = rng
            let direct = Conv2d("c", geometry: c.0, outChannels: c.outChannels, store: directStore, rng: &rng)
            let lowered = Conv2d("c", geometry: c.0, outChannels: c.outChannels, direct: false, store: loweredStore, rng: &rngCopy)
            directStore.materialize(); loweredStore.materialize()
            XCTAssertTrue(direct.isDirect, "case \(i)")
            XCTAssertFalse(lowered.isDirect, "case \(i)")
            let g = c.0, n = c.batch
            let x = random(g.inChannels * n * g.height * g.width, &rng), dy = random(c.outChannels * n * g.height * g.width, &rng)
            let expected = run(lowered, store: loweredStore, x: x, dy: dy, batch: n)
            for level in [1, 0] where vlae_set_training_simd_level(Int32(level)) == level {
                levels += 1
                let got = run(direct, store: directStore, x: x, dy: dy, batch: n)
                let name = "case \(i), kernel level \(level)"
                XCTAssertLessThan(worst(got.y, expected.y), 1e-4, "output, \(name)")
                XCTAssertLessThan(worst(got.dw, expected.dw), 1e-4, "weight gradient, \(name)")
                XCTAssertLessThan(worst(got.db, expected.db), 1e-4, "bias gradient, \(name)")
                XCTAssertLessThan(worst(got.dx, expected.dx), 1e-4, "input gradient, \(name)")
            }
        }
        XCTAssertGreaterThanOrEqual(levels, cases.count, "the portable path ran on every case")
    }

    func test_stridedAndValidConvolutions_stayOnIm2col() {
        var rng = SplitMix64(seed: 50)
        let store = ParameterStore()
        let strided = Conv2d("s", geometry: ConvGeometry(inChannels: 1, height: 8, width: 8, kernelHeight: 3, kernelWidth: 3, stride: 2, padding: 1),
                             outChannels: 2, store: store, rng: &rng)
        let valid = Conv2d("v", geometry: ConvGeometry(inChannels: 1, height: 8, width: 8, kernelHeight: 3, kernelWidth: 3),
                           outChannels: 2, store: store, rng: &rng)
        XCTAssertFalse(strided.isDirect)
        XCTAssertFalse(valid.isDirect)
    }
}
