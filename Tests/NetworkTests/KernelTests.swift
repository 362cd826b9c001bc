import DeterministicMath
import Foundation
import ModelFile
@testable import Network
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

    /// The phase-split im2col and col2im of strided geometries against the column-by-column ones:
    /// the same bits, including taps that fall in the padding on either side.
    func test_im2colByPhases_givesTheSameBitsAsColumnByColumn() {
        var rng = SplitMix64(seed: 14)
        let geometries = [
            ConvGeometry(inChannels: 2, height: 28, width: 28, kernelHeight: 4, kernelWidth: 4, stride: 2, padding: 1),
            ConvGeometry(inChannels: 3, height: 14, width: 14, kernelHeight: 3, kernelWidth: 3, stride: 2, padding: 1),
            ConvGeometry(inChannels: 2, height: 7, width: 12, kernelHeight: 5, kernelWidth: 5, stride: 3, padding: 2),
            ConvGeometry(inChannels: 1, height: 9, width: 8, kernelHeight: 4, kernelWidth: 4, stride: 2, padding: 3),
            ConvGeometry(inChannels: 2, height: 8, width: 8, kernelHeight: 2, kernelWidth: 2, stride: 2, padding: 0, taps: [1, 2]),
        ]
        for (i, g) in geometries.enumerated() {
            XCTAssertTrue(g.splitsIntoPhases)
            let n = 2, x = random(g.inChannels * n * g.height * g.width, &rng)
            let colsCount = g.patchSize * n * g.outHeight * g.outWidth
            var byPhases = [Float](repeating: .nan, count: colsCount), byColumns = byPhases
            Im2Col.lowerByPhases(g, batch: n, x: x, cols: &byPhases)
            Im2Col.lowerByColumns(g, batch: n, x: x, cols: &byColumns)
            XCTAssertEqual(byPhases.map(\.bitPattern), byColumns.map(\.bitPattern), "lower, geometry #\(i)")
            let cols = random(colsCount, &rng)
            var addedByPhases = x, addedByColumns = x
            Im2Col.scatterAddByPhases(g, batch: n, cols: cols, x: &addedByPhases)
            Im2Col.scatterAddByColumns(g, batch: n, cols: cols, x: &addedByColumns)
            XCTAssertEqual(addedByPhases.map(\.bitPattern), addedByColumns.map(\.bitPattern), "scatterAdd, geometry #\(i)")
            XCTAssertNotEqual(addedByPhases, x)
        }
    }

    /// Both paths: direct phases (14×14 from 7×7, and stride 3) and GEMM + col2im (15×15 from 7×7).
    func test_convTranspose2d_matchesReferenceKernel() {
        var rng = SplitMix64(seed: 13)
        for (side, kernel, stride, padding, direct) in [(14, 4, 2, 1, true), (15, 4, 2, 1, false), (21, 6, 3, 2, true)] {
            let store = ParameterStore()
            let layer = ConvTranspose2d("t", inChannels: 3, outChannels: 5, outHeight: side, outWidth: side, kernel: kernel, stride: stride, padding: padding, store: store, rng: &rng)
            XCTAssertEqual(layer.isDirect, direct)
            store.materialize()
            let n = 2, x = random(3 * n * layer.inHeight * layer.inWidth, &rng)
            var cols = [Float](repeating: 0, count: layer.scratchCount(batch: n))
            var y = [Float](repeating: 0, count: 5 * n * side * side)
            layer.forward(x: x, batch: n, cols: &cols, y: &y, params: store)
            let reference = ReferenceKernels.convTranspose2d(layer.adjoint, inChannels: 3, weight: Array(UnsafeBufferPointer(start: store.value(layer.weight), count: layer.weight.count)),
                                                             bias: Array(UnsafeBufferPointer(start: store.value(layer.bias), count: 5)), x: x, batch: n)
            assertClose(y, reference, "convTranspose2d \(side)×\(side), stride \(stride)")
        }
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
