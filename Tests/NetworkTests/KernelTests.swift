import DeterministicMath
import Foundation
import ModelFile
import Network
import XCTest

/// The fast kernels (OpenBLAS GEMM, im2col convolutions) against the naive
/// reference kernels they replace.
final class KernelTests: XCTestCase {
    private func random(_ count: Int, _ rng: inout SplitMix64) -> [Float] { (0..<count).map { _ in Float(rng.nextGaussian()) } }

    private func assertClose(_ a: [Float], _ b: [Float], _ message: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(a.count, b.count, message, file: file, line: line)
        let worst = zip(a, b).map { abs($0 - $1) / max(1, abs($1)) }.max() ?? 0
        XCTAssertLessThan(worst, 1e-4, message, file: file, line: line)
    }

    func test_gemm_matchesNaive_forEveryTransposeCombination() {
        var rng = SplitMix64(seed: 11)
        for (ta, tb) in [(false, false), (true, false), (false, true), (true, true)] {
            let (m, n, k) = (7, 13, 29)
            let a = random(m * k, &rng), b = random(k * n, &rng), c0 = random(m * n, &rng)
            var fast = c0, slow = c0
            for beta: Float in [0, 1] {
                fast = c0; slow = c0
                Gemm.multiply(transA: ta, transB: tb, m: m, n: n, k: k, a: a, lda: ta ? m : k, b: b, ldb: tb ? k : n, beta: beta, c: &fast, ldc: n)
                Gemm.naive(transA: ta, transB: tb, m: m, n: n, k: k, a: a, lda: ta ? m : k, b: b, ldb: tb ? k : n, beta: beta, c: &slow, ldc: n)
                assertClose(fast, slow, "transA \(ta) transB \(tb) beta \(beta)")
            }
        }
    }

    func test_conv2d_matchesReferenceKernel_forStridesPaddingsAndMasks() {
        var rng = SplitMix64(seed: 12)
        let geometries = [
            ConvGeometry(inChannels: 3, height: 9, width: 11, kernelHeight: 3, kernelWidth: 3, stride: 1, padding: 1),
            ConvGeometry(inChannels: 2, height: 14, width: 14, kernelHeight: 3, kernelWidth: 3, stride: 2, padding: 1),
            ConvGeometry(inChannels: 2, height: 8, width: 7, kernelHeight: 4, kernelWidth: 4, stride: 2, padding: 1),
            ConvGeometry(inChannels: 1, height: 10, width: 10, kernelHeight: 5, kernelWidth: 5, padding: 2, taps: PixelCNNMask.a.taps(kernel: 5)),
            ConvGeometry(inChannels: 4, height: 6, width: 9, kernelHeight: 3, kernelWidth: 3, padding: 1, taps: PixelCNNMask.b.taps(kernel: 3)),
            ConvGeometry(inChannels: 2, height: 5, width: 5, kernelHeight: 3, kernelWidth: 3, stride: 1, padding: 0),
        ]
        for (i, g) in geometries.enumerated() {
            let store = ParameterStore()
            let layer = Conv2d("c", geometry: g, outChannels: 5, store: store, rng: &rng)
            store.materialize()
            let n = 3, x = random(g.inChannels * n * g.height * g.width, &rng)
            var cols = [Float](repeating: 0, count: layer.inputScratchCount(batch: n))
            var y = [Float](repeating: 0, count: 5 * layer.columns(batch: n))
            layer.forward(x: x, batch: n, cols: &cols, y: &y, params: store)
            let reference = ReferenceKernels.conv2d(g, outChannels: 5, weight: Array(UnsafeBufferPointer(start: store.value(layer.weight), count: layer.weight.count)),
                                                    bias: Array(UnsafeBufferPointer(start: store.value(layer.bias), count: 5)), x: x, batch: n)
            assertClose(y, reference, "geometry #\(i)")
        }
    }

    func test_convTranspose2d_matchesReferenceKernel() {
        var rng = SplitMix64(seed: 13)
        let store = ParameterStore()
        let layer = ConvTranspose2d("t", inChannels: 3, outChannels: 2, outHeight: 14, outWidth: 14, kernel: 4, stride: 2, padding: 1, store: store, rng: &rng)
        store.materialize()
        let n = 2, x = random(3 * n * 49, &rng)
        var cols = [Float](repeating: 0, count: layer.adjoint.patchSize * n * 49)
        var y = [Float](repeating: 0, count: 2 * n * 196)
        layer.forward(x: x, batch: n, cols: &cols, y: &y, params: store)
        let reference = ReferenceKernels.convTranspose2d(layer.adjoint, inChannels: 3, weight: Array(UnsafeBufferPointer(start: store.value(layer.weight), count: layer.weight.count)),
                                                         bias: Array(UnsafeBufferPointer(start: store.value(layer.bias), count: 2)), x: x, batch: n)
        assertClose(y, reference, "convTranspose2d")
    }

    func test_pixelCNNMasks_keepOnlyCausalTaps() {
        XCTAssertEqual(PixelCNNMask.a.taps(kernel: 3), [0, 1, 2, 3])
        XCTAssertEqual(PixelCNNMask.b.taps(kernel: 3), [0, 1, 2, 3, 4])
        XCTAssertEqual(PixelCNNMask.a.taps(kernel: 5).count, 12)
        XCTAssertEqual(PixelCNNMask.b.taps(kernel: 5).count, 13)
    }

    func test_madeMasks_makeOutputIDependOnlyOnInputsBeforeI() {
        let d = 6, h = 10, m = MADEMasks(variables: d, hidden: h)
        // Reachability through the two hidden layers.
        for out in 0..<(2 * d) {
            for input in 0..<d {
                var connected = false
                for a in 0..<h where m.output[out * h + a] != 0 {
                    for b in 0..<h where m.hidden[a * h + b] != 0 && m.input[b * d + input] != 0 { connected = true }
                }
                XCTAssertEqual(connected, input < out % d, "output \(out) ← input \(input)")
            }
        }
    }
}
