import CCodingKernels
import DeterministicMath
@testable import VLAE
@testable import VLAECoding
import XCTest

/// The coding kernels' AVX2 path against the portable one: the same bits for every sum, and so
/// the same files (issue: "the SIMD and scalar paths produce byte-identical .vz files").
final class SIMDPathTests: XCTestCase {
    override func tearDown() {
        vlae_set_simd_level(mostSIMDLevel)
        super.tearDown()
    }


    /// Floats of every magnitude the models meet, subnormals and signed zeros included.
    private func awkwardFloats(_ count: Int, rng: inout SplitMix64) -> [Float] {
        (0..<count).map { _ in
            let r = rng.next()
            switch r % 8 {
            case 0: return Float(bitPattern: UInt32(truncatingIfNeeded: r >> 32) & 0x807F_FFFF)          // subnormal
            case 1: return r & 2 == 0 ? 0 : -0.0
            default: return Float(Int64(bitPattern: r) >> 20) * Float(DMath.exp(Double(Int(r % 41) - 20)))
            }
        }
    }

    func test_axpy32_portableAndAVX2_giveTheSameBits() throws {
        var rng = SplitMix64(seed: 7)
        for (n, stride) in [(0, 32), (1, 32), (5, 40), (32, 32), (77, 96), (450, 32)] {
            let rows = awkwardFloats(max(1, n) * stride, rng: &rng), x = awkwardFloats(max(1, n), rng: &rng)
            let initial = awkwardFloats(32, rng: &rng)
            let (a, b) = try onEverySIMDPath { () -> [UInt32] in
                var acc = initial
                vlae_axpy32(&acc, rows, stride, x, n)
                return acc.map(\.bitPattern)
            }
            XCTAssertEqual(a, b, "n \(n), stride \(stride)")
            // And both are the plain left-to-right sum.
            var expected = initial
            for k in 0..<n { for i in 0..<32 { expected[i] = expected[i] + rows[k * stride + i] * x[k] } }
            XCTAssertEqual(a, expected.map(\.bitPattern), "n \(n)")
        }
    }

    func test_conv32_isOneAxpy32PerTap_andConv32x2AndConv64TwoConv32s_onBothPaths() throws {
        var rng = SplitMix64(seed: 8)
        let (channels, stride, taps) = (37, 64, 4)
        let weights = awkwardFloats(taps * channels * stride, rng: &rng), input = awkwardFloats(200, rng: &rng)
        let xOffsets = [0, 90, 41, 120], wOffsets = (0..<taps).map { $0 * channels * stride }, shift = 13
        let i0 = awkwardFloats(32, rng: &rng), i1 = awkwardFloats(32, rng: &rng)
        let (p, s) = try onEverySIMDPath { () -> [UInt32] in
            var (a0, a1, b0, b1, c0) = (i0, i1, i0, i1, i0)
            vlae_conv32x2(&a0, &a1, weights, stride, input, shift, xOffsets, wOffsets, taps, channels)
            vlae_conv32(&b0, weights, stride, input, xOffsets, wOffsets, taps, channels)
            vlae_conv32(&b1, weights, stride, Array(input[shift...]), xOffsets, wOffsets, taps, channels)
            for j in 0..<taps { vlae_axpy32(&c0, Array(weights[wOffsets[j]...]), stride, Array(input[xOffsets[j]...]), channels) }
            var (d, e) = (i0 + i1, i1)
            vlae_conv64(&d, weights, stride, input, xOffsets, wOffsets, taps, channels)
            vlae_conv32(&e, Array(weights[32...]), stride, input, xOffsets, wOffsets, taps, channels)
            XCTAssertEqual(d.map(\.bitPattern), (b0 + e).map(\.bitPattern))
            XCTAssertEqual(a0.map(\.bitPattern), b0.map(\.bitPattern))
            XCTAssertEqual(a1.map(\.bitPattern), b1.map(\.bitPattern))
            XCTAssertEqual(b0.map(\.bitPattern), c0.map(\.bitPattern))
            return (a0 + a1).map(\.bitPattern)
        }
        XCTAssertEqual(p, s)
    }

    /// Payloads of many tiles in four chains, both pixel models, 32- and 64-channel PixelCNNs (the
    /// widths the shipped models have): identical bytes on both paths, and each path decodes the
    /// other's, one chain at a time, two in lock-step (`vlae_residual_layer_lanes`) and three (a pair and one).
    func test_codec_portableAndAVX2_writeIdenticalPayloads_andDecodeEachOther() throws {
        let cases: [(VLAEModel, [[UInt8]], Int)] = [
            (CodingModelTests.smallModel(seed: 21, channels: 32), CodingModelTests.randomTiles(24, seed: 22), 1),
            (CodingModelTests.smallModel(seed: 23, channels: 64), CodingModelTests.randomTiles(12, seed: 24), 1),
            (CodingModelTests.smallModel(seed: 25, channels: 32, pixelModel: CodingModelTests.mixture),
             CodingModelTests.grayTiles(8, maxValue: 255, seed: 26), 255),
        ]
        for (model, tiles, maxValue) in cases {
            let coding = CodingModel(model)
            let parameters = maxValue == 1 ? BitsBackParameters() : BitsBackParameters(for: CodingModelTests.mixture)
            try checkCodecOnEverySIMDPath(coding, parameters: parameters, tiles: tiles, maxValue: maxValue, lanes: [1, 2, 3])
        }
    }

    func test_elu_isDMathElu_onBothPaths() throws {
        var rng = SplitMix64(seed: 9)
        // Awkward floats, every float of the polynomial's range at coarse steps, and the clamp's edges.
        var x = awkwardFloats(20_000, rng: &rng)
        x += stride(from: Float(-100), through: 10, by: 0.0013)
        x += [-87, -87.000_01, -86.999_99, -0.0, 0, .leastNonzeroMagnitude, -.leastNonzeroMagnitude, -.greatestFiniteMagnitude]
        for count in [x.count, 1, 7, 9] {
            let (p, s) = try onEverySIMDPath { () -> [UInt32] in
                var y = Array(x.prefix(count))
                vlae_elu(&y, count)
                return y.map(\.bitPattern)
            }
            XCTAssertEqual(p, s, "count \(count)")
            XCTAssertEqual(p, x.prefix(count).map { DMath.elu($0).bitPattern }, "count \(count)")
        }
    }

    func test_axpy32x2_isTwoAxpy32_onBothPaths() throws {
        var rng = SplitMix64(seed: 10)
        let (n, stride) = (45, 40)
        let rows = awkwardFloats(2 * n * stride, rng: &rng), x = awkwardFloats(n, rng: &rng), initial = awkwardFloats(64, rng: &rng)
        let (p, s) = try onEverySIMDPath { () -> [UInt32] in
            var (a0, a1) = (Array(initial[..<32]), Array(initial[32...]))
            var (b0, b1) = (a0, a1)
            vlae_axpy32x2(&a0, &a1, rows, Array(rows[(n * stride)...]), stride, x, n)
            vlae_axpy32(&b0, rows, stride, x, n)
            vlae_axpy32(&b1, Array(rows[(n * stride)...]), stride, x, n)
            XCTAssertEqual((a0 + a1).map(\.bitPattern), (b0 + b1).map(\.bitPattern))
            return (a0 + a1).map(\.bitPattern)
        }
        XCTAssertEqual(p, s)
    }

    /// The residual layer against its definition written out in Swift (taps in order, channels in
    /// order, DMath.elu), for channel counts on the blocked and the plain path, at every position of
    /// a map (edges skip taps) whether computed one position per call or all in one call.
    func test_residualLayer_isItsDefinition_positionByPositionOrAllAtOnce_onBothPaths() throws {
        var rng = SplitMix64(seed: 11)
        let (side, tapDy, tapDx) = (6, [-1, -1, -1, 0, 0], [-1, 0, 1, -1, 0])
        for channels in [32, 64, 12] {
            let positions = side * side
            let input = (0..<positions * channels).map { _ in Float(Int64(bitPattern: rng.next()) >> 40) / 16_777_216 }
            let term = (0..<positions * channels).map { _ in Float(Int64(bitPattern: rng.next()) >> 40) / 33_554_432 }
            let weights = (0..<5 * channels * channels).map { _ in Float(Int64(bitPattern: rng.next()) >> 40) / 67_108_864 }
            let bias = (0..<channels).map { _ in Float(Int64(bitPattern: rng.next()) >> 40) / 16_777_216 }
            var expected = [Float](repeating: 0, count: positions * channels)
            for p in 0..<positions {
                let (y, x) = (p / side, p % side)
                for o in 0..<channels {
                    var acc = bias[o]
                    for t in 0..<5 {
                        let (iy, ix) = (y + tapDy[t], x + tapDx[t])
                        guard iy >= 0 && ix >= 0 && ix < side else { continue }
                        for c in 0..<channels { acc = acc + weights[(t * channels + c) * channels + o] * input[(iy * side + ix) * channels + c] }
                    }
                    expected[p * channels + o] = DMath.elu(acc + term[p * channels + o]) + input[p * channels + o]
                }
            }
            for split in [1, positions] {
                let (p, s) = try onEverySIMDPath { () -> [UInt32] in
                    var output = [Float](repeating: .nan, count: positions * channels), scratch = [Float](repeating: 0, count: 2 * channels)
                    for first in stride(from: 0, to: positions, by: split) {
                        vlae_residual_layer(input, &output, term, weights, bias, channels, side, tapDy, tapDx, 5, first, split, &scratch)
                    }
                    return output.map(\.bitPattern)
                }
                XCTAssertEqual(p, s, "\(channels) channels, \(split) per call")
                XCTAssertEqual(p, expected.map(\.bitPattern), "\(channels) channels, \(split) per call")
            }
        }
    }
}
