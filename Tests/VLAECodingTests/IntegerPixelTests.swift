import CCodingKernels
import DeterministicMath
import ModelFile
@testable import VLAE
@testable import VLAECoding
import XCTest

/// The integer PixelCNN (models quantised by `vlae-train quantize`): its kernels against a plain
/// modular-arithmetic reference on both SIMD paths, its files on both paths, and the quantiser.
final class IntegerPixelTests: XCTestCase {
    override func tearDown() {
        vlae_set_simd_level(mostSIMDLevel)
        super.tearDown()
    }

    /// The requantisation and table ELU of CIntegerKernels.h, in Swift's wrapping arithmetic.
    private func requantizeELU(_ s: UInt32, shift: Int, elu: [Int16]) -> Int32 {
        var y = Int32(bitPattern: s &+ (1 << (shift - 1))) >> shift
        y = min(max(y, -32767), 32767)
        return y >= 0 ? y : Int32(elu[min(Int(-y), elu.count - 2)])
    }

    func test_residualLayer_isTheModularSum_onBothPaths() throws {
        var rng = SplitMix64(seed: 31)
        let side = 6, taps = PixelCNNMask.b.taps(kernel: 3).map { (dy: $0 / 3 - 1, dx: $0 % 3 - 1) }
        let elu = integerELUTable(bits: 9)
        for c in [16, 32, 48, 64, 80] {
            let hIn = int16sThatWrap(side * side * c, &rng), weights = int16sThatWrap(taps.count * c * c, &rng)
            let term = int16sThatWrap(side * side * c, &rng).map { Int32($0) << 12 }, bias = int16sThatWrap(c, &rng).map { Int32($0) << 3 }
            for shift in [1, 9, 17] {
                let (p, s) = try onEverySIMDPath { () -> [Int16] in
                    var out = [Int16](repeating: 0, count: hIn.count), scratch = [Int32](repeating: 0, count: c)
                    vlae_q_residual_layer(hIn, &out, term, weights, bias, c, side, taps.map(\.dy), taps.map(\.dx), taps.count,
                                          0, side * side, Int32(shift), elu, elu.count - 1, &scratch)
                    return out
                }
                XCTAssertEqual(p, s, "\(c) channels, shift \(shift)")
                var expected = [Int16](repeating: 0, count: hIn.count)
                for pos in 0..<(side * side) {
                    for o in 0..<c {
                        var sum = UInt32(bitPattern: bias[o]) &+ UInt32(bitPattern: term[pos * c + o])
                        for (t, tap) in taps.enumerated() {
                            let y = pos / side + tap.dy, x = pos % side + tap.dx
                            guard y >= 0, y < side, x >= 0, x < side else { continue }
                            for i in 0..<c {
                                let w = Int32(weights[((t * c / 2 + i / 2) * c + o) * 2 + i % 2])
                                sum = sum &+ UInt32(bitPattern: w * Int32(hIn[(y * side + x) * c + i]))
                            }
                        }
                        let e = requantizeELU(sum, shift: shift, elu: elu)
                        expected[pos * c + o] = Int16(min(max(Int32(hIn[pos * c + o]) + e, -32767), 32767))
                    }
                }
                XCTAssertEqual(p, expected, "\(c) channels, shift \(shift)")
            }
        }
    }

    /// The decoder's step (`vlae_q_pixel_step`: every layer at one pixel of up to four lanes) gives
    /// each lane's outputs bit for bit as the encoder's whole-tile layers do for that lane alone.
    func test_pixelStepOfLanes_isTheWholeTileLayers_onBothPaths() throws {
        let cases: [(VLAEModel, Int)] = [
            (CodingModelTests.smallModel(seed: 53, channels: 32), 1), (CodingModelTests.smallModel(seed: 54, channels: 20), 1),
            (CodingModelTests.smallModel(seed: 55, channels: 16, pixelModel: CodingModelTests.mixture), 255),
        ]
        for (model, maxValue) in cases {
            let tiles = maxValue == 1 ? CodingModelTests.randomTiles(4, seed: 56) : CodingModelTests.grayTiles(4, maxValue: 255, seed: 56)
            let coding = try Self.quantised(model, calibration: tiles, maxValue: maxValue).1
            let count = model.config.pixelModel.outputChannels, positions = model.config.pixels
            var rng = SplitMix64(seed: 57)
            let zs = tiles.map { _ in (0..<coding.latents).map { _ in Float(rng.nextGaussian()) } }
            let (p, s) = try onEverySIMDPath { () -> [UInt32] in
                var whole: [Float] = []
                for (tile, z) in zip(tiles, zs) {
                    let state = PixelCNNState(model: coding)
                    state.condition(on: z, maxValue: maxValue)
                    whole += state.outputs(for: tile)
                }
                for lanes in 1...4 {
                    let state = PixelCNNState(model: coding, lanes: lanes)
                    for k in 0..<lanes { state.condition(on: zs[k], maxValue: maxValue, lane: k) }
                    var stepped = [Float](repeating: 0, count: lanes * positions * count), out = [Float](repeating: 0, count: lanes * count)
                    for pos in 0..<positions {
                        if lanes == 1 { state.outputs(at: pos, into: &out) } else { state.outputs(at: pos, lanes: lanes, into: &out) }
                        for k in 0..<lanes {
                            for c in 0..<count { stepped[(k * positions + pos) * count + c] = out[k * count + c] }
                            state.setPixel(pos, tiles[k][pos], lane: k)
                        }
                    }
                    XCTAssertEqual(stepped.map(\.bitPattern), whole.prefix(stepped.count).map(\.bitPattern), "\(lanes) lanes")
                }
                return whole.map(\.bitPattern)
            }
            XCTAssertEqual(p, s)
        }
    }

    func test_firstLayer_outputLayer_andQuantize_agreeOnBothPaths() throws {
        var rng = SplitMix64(seed: 32)
        let canvas = TileCanvas(side: 8, border: 2), c = 32, taps = PixelCNNMask.a.taps(kernel: 5).map { (dy: $0 / 5 - 2, dx: $0 % 5 - 2) }
        // Twelve taps in pairs: weights [6][C][2].
        let pixels = int16sThatWrap(canvas.count, &rng), weights = int16sThatWrap(taps.count * c, &rng), bias = int16sThatWrap(c, &rng).map { Int32($0) << 10 }
        let condition = int16sThatWrap(64 * c, &rng).map { Int32($0) << 14 }, elu = integerELUTable(bits: 10)
        func firstLayer(_ taps: [(dy: Int, dx: Int)], _ weights: [Int16]) throws -> (portable: [Int16], simd: [Int16]) {
            try onEverySIMDPath { () -> [Int16] in
                // Each position's taps in the canvas; outside it, the zero after the canvas.
                let index = (0..<64).flatMap { p in
                    taps.map { t -> Int32 in
                        let y = p / 8 + canvas.border + t.dy, x = p % 8 + canvas.border + t.dx
                        return Int32(y >= 0 && y < canvas.height && x >= 0 && x < canvas.width ? y * canvas.width + x : canvas.count)
                    }
                }
                var out = [Int16](repeating: 0, count: 64 * c)
                vlae_q_first_layer(pixels + [0], index, taps.count, weights, bias, condition, &out, c, 0, 64, 13, elu, elu.count - 1)
                return out
            }
        }
        let (p, s) = try firstLayer(taps, weights)
        XCTAssertEqual(p, s)
        var expected = [Int16](repeating: 0, count: 64 * c)
        for pos in 0..<64 {
            for o in 0..<c {
                var sum = UInt32(bitPattern: bias[o]) &+ UInt32(bitPattern: condition[pos * c + o])
                for (t, tap) in taps.enumerated() {
                    let y = pos / 8 + canvas.border + tap.dy, x = pos % 8 + canvas.border + tap.dx
                    guard y >= 0, y < canvas.height, x >= 0, x < canvas.width else { continue }
                    sum = sum &+ UInt32(bitPattern: Int32(weights[(t / 2 * c + o) * 2 + t % 2]) * Int32(pixels[y * canvas.width + x]))
                }
                expected[pos * c + o] = Int16(requantizeELU(sum, shift: 13, elu: elu))
            }
        }
        XCTAssertEqual(p, expected, "the modular sum over the taps inside the canvas")
        // An odd count of taps: the last pair's second weight is padding.
        let sevenWeights = (0..<(8 * c)).map { $0 / 2 / c == 3 && $0 % 2 == 1 ? 0 : weights[$0] }
        let (p7, s7) = try firstLayer(Array(taps.prefix(7)), sevenWeights)
        XCTAssertEqual(p7, s7)
        XCTAssertNotEqual(p7, p)
        // 19 positions: two blocks of 8 and three one at a time on the AVX2 path.
        let outputs = 3, positions = 19
        let (po, so) = try onEverySIMDPath { () -> [UInt32] in
            var y = [Float](repeating: 0, count: positions * outputs)
            vlae_q_output_layer(&y, weights, bias, Array(p.prefix(positions * c)), c, outputs, 1.0 / 65536, positions)
            return y.map(\.bitPattern)
        }
        XCTAssertEqual(po, so)
        let reference = (0..<(positions * outputs)).map { i -> UInt32 in
            let (q, k) = (i / outputs, i % outputs)
            let sum = (0..<c).reduce(UInt32(bitPattern: bias[k])) { $0 &+ UInt32(bitPattern: Int32(weights[k * c + $1]) * Int32(p[q * c + $1])) }
            return (Float(Int32(bitPattern: sum)) / 65536).bitPattern
        }
        XCTAssertEqual(po, reference, "the modular sum, rounded to float and scaled")
        let floats: [Float] = [0, -0.0, 0.5, 1.5, 2.5, -2.5, .leastNonzeroMagnitude, .nan, .infinity, -.infinity, 3e9, -3e9, 123.456, -7.75, 0.4999, 1e6, 0.125, 0.375, -0.375]
        let (pq, sq) = try onEverySIMDPath { () -> [Int32] in
            var y = [Int32](repeating: 0, count: floats.count)
            vlae_q_quantize(floats, &y, floats.count, 4, 536_870_912)
            return y
        }
        XCTAssertEqual(pq, sq)
        XCTAssertEqual(Array(pq.prefix(8)), [0, 0, 2, 6, 10, -10, 0, 0], "round half to even; NaN to 0")
        XCTAssertEqual(Array(pq[8..<12]), [536_870_912, -536_870_912, 536_870_912, -536_870_912], "clamped")
        XCTAssertEqual(Array(pq.suffix(3)), [0, 2, -2], "0.5, 1.5 and −1.5 to even")
    }

    /// A quantised copy of a small model, through its model file as the compressor loads it; its
    /// per-tile layers' scales from `calibration` (nil: per-tile layers in float, as files
    /// quantised before those layers had integer scales).
    static func quantised(_ model: VLAEModel, calibration: [[UInt8]]?, maxValue: Int = 1, hiddenBits: Int = 10,
                          headroom: Int = 7) throws -> (ModelFile, CodingModel) {
        let file = try ModelFile(bytes: model.fileBytes(), origin: .file(path: "float.safetensors"))
        let tile = calibration.map { TileQuantizer.scales(file, tiles: $0, maxValue: maxValue, pixelInputBits: PixelQuantizer.inputBits) }
        let (arithmetic, values) = try XCTUnwrap(PixelQuantizer.candidate(file, hiddenBits: hiddenBits, headroom: headroom, tile: tile))
        let bytes = ModelFile.encode(config: file.config, values: values, name: "q", extra: [PixelArithmetic.metadataKey: arithmetic.json])
        let quantised = try ModelFile(bytes: bytes, origin: .file(path: "q.safetensors"))
        XCTAssertEqual(quantised.pixelArithmetic, arithmetic)
        return (quantised, CodingModel(quantised))
    }

    func test_quantisedModels_writeIdenticalPayloadsOnBothPaths_andDecodeEachOther() throws {
        let cases: [(VLAEModel, [[UInt8]], Int)] = [
            (CodingModelTests.smallModel(seed: 41, channels: 32), CodingModelTests.randomTiles(16, seed: 42), 1),
            (CodingModelTests.smallModel(seed: 43, channels: 20), CodingModelTests.randomTiles(8, seed: 44), 1),
            (CodingModelTests.smallModel(seed: 45, channels: 64, pixelModel: CodingModelTests.mixture),
             CodingModelTests.grayTiles(6, maxValue: 255, seed: 46), 255),
            (CodingModelTests.smallModel(seed: 51, channels: 16) { $0.prior = .diagonal; $0.posterior = .inverseAutoregressive },
             CodingModelTests.randomTiles(8, seed: 52), 1),
        ]
        for (model, tiles, maxValue) in cases {
            let coding = try Self.quantised(model, calibration: tiles, maxValue: maxValue).1
            XCTAssertNotNil(coding.integerTile)
            let parameters = maxValue == 1 ? BitsBackParameters() : BitsBackParameters(for: CodingModelTests.mixture)
            try checkCodecOnEverySIMDPath(coding, parameters: parameters, tiles: tiles, maxValue: maxValue, lanes: [1, 2, 3, 4])
        }
    }

    /// The integer layers compute what the float ones do on the same (gridded) weights, to within
    /// the activations' rounding: the tiles' pixel bits agree closely.
    func test_integerPixelBits_followTheFloatModel() throws {
        let model = CodingModelTests.smallModel(seed: 47, channels: 32)
        let tiles = CodingModelTests.randomTiles(20, seed: 48)
        let (file, integer) = try Self.quantised(model, calibration: tiles, hiddenBits: 11)
        let floatBits = PixelQuantizer.pixelBits(CodingModel(model), tiles: tiles, maxValue: 1)
        let integerBits = PixelQuantizer.pixelBits(integer, tiles: tiles, maxValue: 1)
        XCTAssertEqual(integerBits / floatBits, 1, accuracy: 0.003)
        // The same gridded weights in float: the difference left is the activations' rounding.
        let gridded = CodingModel(try ModelFile(bytes: ModelFile.encode(config: file.config, values: file.tensors.mapValues(\.values), name: "g"),
                                                origin: .file(path: "g.safetensors")))
        XCTAssertNil(gridded.arithmetic)
        XCTAssertEqual(integerBits / PixelQuantizer.pixelBits(gridded, tiles: tiles, maxValue: 1), 1, accuracy: 0.002)
    }

    func test_modelFileOffItsGrid_isRefusedWithAMessage() throws {
        let model = CodingModelTests.smallModel(seed: 49, channels: 32)
        let (file, _) = try Self.quantised(model, calibration: CodingModelTests.randomTiles(4, seed: 50))
        var values = file.tensors.mapValues(\.values)
        values["decoder.pixel1.weight"]![3] += 1e-7
        let bytes = ModelFile.encode(config: file.config, values: values, name: "bad",
                                     extra: [PixelArithmetic.metadataKey: file.pixelArithmetic!.json])
        XCTAssertThrowsError(try ModelFile(bytes: bytes, origin: .file(path: "bad.safetensors"))) { error in
            XCTAssertTrue("\(error)".contains("decoder.pixel1.weight holds"), "\(error)")
        }
        let wrongCount = ModelFile.encode(config: file.config, values: file.tensors.mapValues(\.values), name: "bad",
                                          extra: [PixelArithmetic.metadataKey: #"{"hiddenBits":10,"inputBits":14,"weightBits":[10,15]}"#])
        XCTAssertThrowsError(try ModelFile(bytes: wrongCount, origin: .file(path: "bad.safetensors"))) { error in
            XCTAssertTrue("\(error)".contains("weight scales"), "\(error)")
        }
    }
}
