import CCodingKernels
import ModelFile
import DeterministicMath
@testable import VLAECoding
import XCTest

/// The integer per-tile layers (encoder, MADE, upsampling, conditioning of a quantised model):
/// their kernels against a plain modular-arithmetic reference on both SIMD paths, the layers
/// against the float ones, and the files' scales.
final class IntegerTileTests: XCTestCase {
    override func tearDown() {
        vlae_set_simd_level(mostSIMDLevel)
        super.tearDown()
    }

    private func int32s(_ n: Int, _ rng: inout SplitMix64) -> [Int32] {
        (0..<n).map { _ in
            let r = rng.next()
            return r % 7 == 0 ? (r & 8 == 0 ? .max : .min) : Int32(truncatingIfNeeded: r >> 11)
        }
    }

    func test_gather_isTheModularSum_onBothPaths_forEachEntryOfABatch() throws {
        var rng = SplitMix64(seed: 61)
        for (inputs, outputs, sources, batch) in [(2, 8, 1, 1), (10, 40, 1, 3), (32, 64, 3, 2), (66, 24, 2, 4), (16, 96, 4, 7), (4, 8, 2, 6),
                                                     (16, 16, 3, 11), (6, 8, 2, 16)] {
            // Entry b's map starts b·xStride values in, its sums b·sumStride (both with a gap); batches of 8
            // entries or more of at most 16 outputs take the AVX2 path's eight-entry blocks.
            let xStride = 8 * inputs + 2, sumStride = outputs + 8
            let x = int16sThatWrap(batch * xStride, &rng), w = int16sThatWrap(5 * inputs * outputs, &rng), bias = int32s(outputs, &rng)
            let panel = 5 * inputs * 8   // five taps' weights per panel of 8 outputs
            let xo = (0..<sources).map { _ in Int(rng.next() % 8) * inputs }, wo = (0..<sources).map { _ in Int(rng.next() % 5) * inputs * 8 }
            let (p, s) = try onEverySIMDPath { () -> [Int32] in
                var sums = [Int32](repeating: 7, count: batch * sumStride)
                vlae_q_gather(&sums, sumStride, bias, x, xStride, batch, xo, w, panel, wo, sources, inputs, outputs)
                return sums
            }
            XCTAssertEqual(p, s, "\(inputs) → \(outputs), \(sources) sources, batch \(batch)")
            var expected = [Int32](repeating: 7, count: batch * sumStride)
            for b in 0..<batch {
                for o in 0..<outputs {
                    var sum = UInt32(bitPattern: bias[o])
                    for j in 0..<sources {
                        for k in 0..<inputs {
                            let weight = Int32(w[o / 8 * panel + wo[j] + k / 2 * 16 + o % 8 * 2 + k % 2])
                            sum = sum &+ UInt32(bitPattern: weight * Int32(x[b * xStride + xo[j] + k]))
                        }
                    }
                    expected[b * sumStride + o] = Int32(bitPattern: sum)
                }
            }
            XCTAssertEqual(p, expected, "\(inputs) → \(outputs), \(sources) sources, batch \(batch)")
        }
    }

    func test_activate_andRescale_onBothPaths() throws {
        var rng = SplitMix64(seed: 62)
        let sums = int32s(203, &rng), elu = integerELUTable(bits: 10)
        for shift in [1, 7, 20, 30] {
            for table in [elu, nil] {
                let (p, s) = try onEverySIMDPath { () -> [Int16] in
                    var y = [Int16](repeating: 0, count: sums.count)
                    if let table { vlae_q_activate(sums, &y, sums.count, Int32(shift), table, table.count - 1) } else {
                        vlae_q_activate(sums, &y, sums.count, Int32(shift), nil, 0)
                    }
                    return y
                }
                XCTAssertEqual(p, s, "shift \(shift)")
                let expected = sums.map { v -> Int16 in
                    let y = min(max(Int32(bitPattern: UInt32(bitPattern: v) &+ (1 << (shift - 1))) >> Int32(shift), -32767), 32767)
                    guard y < 0, let table else { return Int16(y) }
                    return table[min(Int(-y), table.count - 2)]
                }
                XCTAssertEqual(p, expected, "shift \(shift), \(table == nil ? "no ELU" : "ELU")")
            }
        }
        for shift in [-30, -3, 0, 1, 5, 30] {
            let (y, simd) = try onEverySIMDPath { () -> [Int32] in
                var y = [Int32](repeating: 0, count: sums.count)
                vlae_q_rescale(sums, &y, sums.count, Int32(shift))
                return y
            }
            XCTAssertEqual(y, simd, "rescale by \(shift)")
            let expected = sums.map { v -> Int32 in
                let u = UInt32(bitPattern: v)
                return shift > 0 ? Int32(bitPattern: u &+ (1 << (shift - 1))) >> Int32(shift) : Int32(bitPattern: u << UInt32(-shift))
            }
            XCTAssertEqual(y, expected, "rescale by \(shift)")
        }
    }

    /// Every step of the MADE kernel, run in order over one tile, is its definition in modular
    /// arithmetic, on both paths: degree groups of uneven sizes (an empty one first, as step 0 has
    /// no units), latent and hidden counts that leave a remainder after the 16-wide blocks (the
    /// AVX2 path runs on over the zeros past them), sums that wrap.
    func test_madeStep_isItsDefinition_stepAfterStep_onBothPaths() throws {
        var rng = SplitMix64(seed: 63)
        for (d, groups) in [(4, [0, 3, 1, 5]), (6, [0, 17, 16, 2, 33, 9]), (21, [0] + (1..<21).map { $0 % 5 * 4 + 1 })] {
            let h = groups.reduce(0, +)
            let w1 = int16sThatWrap(h * d, &rng), w2 = int16sThatWrap(h * h, &rng), w3 = int16sThatWrap(2 * d * h, &rng)
            let b1 = int32s(h, &rng), b2 = int32s(h, &rng), b3 = int32s(2 * d, &rng), z = int16sThatWrap(d, &rng)
            let elu1 = integerELUTable(bits: 9), elu2 = integerELUTable(bits: 10), (shift1, shift2) = (11, 17)
            // The kernel's struct holds pointers, which must outlive it: copies, freed at the end.
            let padding = [Int16](repeating: 0, count: 16)
            let (pw, pb) = ([w1 + padding, w2 + padding, w3 + padding, elu1, elu2].map(allocateCopy), [b1, b2, b3].map(allocateCopy))
            defer { pw.forEach { $0.deallocate() }; pb.forEach { $0.deallocate() } }
            let made = vlae_q_made(latents: d, hidden: h, w1: pw[0], w2: pw[1], w3: pw[2], b1: pb[0], b2: pb[1], b3: pb[2],
                                   shift1: Int32(shift1), shift2: Int32(shift2), elu1: pw[3], elu2: pw[4],
                                   elu1Count: elu1.count - 1, elu2Count: elu2.count - 1)
            let ends = groups.indices.map { groups[...$0].reduce(0, +) }
            let (p, s) = try onEverySIMDPath { () -> [Int32] in
                var (h1, h2, out) = ([Int16](repeating: 0, count: h + 16), [Int16](repeating: 0, count: h + 16), [Int32]())
                var known = [Int16](repeating: 0, count: d + 16)   // z_<i, zeros after
                withUnsafePointer(to: made) { net in
                    for i in 0..<d {
                        var (m, ls) = (Int32(0), Int32(0))
                        if i > 0 { known[i - 1] = z[i - 1] }
                        vlae_q_made_step(net, i, ends[i] - groups[i], ends[i], known, &h1, &h2, &m, &ls)
                        out += [m, ls]
                    }
                }
                return out
            }
            XCTAssertEqual(p, s, "\(d) latents, groups \(groups)")
            func act(_ sum: UInt32, _ shift: Int, _ elu: [Int16]) -> Int16 {
                let y = min(max(Int32(bitPattern: sum &+ (1 << (shift - 1))) >> Int32(shift), -32767), 32767)
                return y >= 0 ? Int16(y) : elu[min(Int(-y), elu.count - 2)]
            }
            func dot(_ w: [Int16], _ row: Int, _ x: [Int16], _ n: Int) -> UInt32 {
                (0..<n).reduce(UInt32(0)) { $0 &+ UInt32(bitPattern: Int32(w[row + $1]) * Int32(x[$1])) }
            }
            var (h1, h2, expected) = ([Int16](repeating: 0, count: h), [Int16](repeating: 0, count: h), [Int32]())
            for i in 0..<d {
                if i > 0 {
                    for j in (ends[i] - groups[i])..<ends[i] { h1[j] = act(UInt32(bitPattern: b1[j]) &+ dot(w1, j * d, z, i), shift1, elu1) }
                    for j in (ends[i] - groups[i])..<ends[i] { h2[j] = act(UInt32(bitPattern: b2[j]) &+ dot(w2, j * h, h1, ends[i]), shift2, elu2) }
                }
                expected += [Int32(bitPattern: UInt32(bitPattern: b3[i]) &+ dot(w3, i * h, h2, ends[i])),
                             Int32(bitPattern: UInt32(bitPattern: b3[d + i]) &+ dot(w3, (d + i) * h, h2, ends[i]))]
            }
            XCTAssertEqual(p, expected, "\(d) latents, groups \(groups)")
        }
    }

    /// The integer encoder, MADE and conditioning compute what the float layers do on the same
    /// gridded weights, within the activations' rounding.
    func test_integerTileLayers_followTheFloatLayers() throws {
        for (channels, seed) in [(32, UInt64(63)), (20, 64)] {
            let model = CodingModelTests.smallModel(seed: seed, channels: channels)
            let tiles = CodingModelTests.randomTiles(12, seed: seed + 100)
            let (file, integer) = try IntegerPixelTests.quantised(model, calibration: tiles)
            let float = CodingModel(try ModelFile(bytes: ModelFile.encode(config: file.config, values: file.tensors.mapValues(\.values), name: "g"),
                                                  origin: .file(path: "g.safetensors")))
            XCTAssertNotNil(integer.integerTile)
            XCTAssertNil(float.integerTile)
            for pixels in tiles {
                let (qi, qf) = (integer.posterior(pixels, maxValue: 1), float.posterior(pixels, maxValue: 1))
                for i in 0..<model.config.latents {
                    XCTAssertEqual(qi.mean[i], qf.mean[i], accuracy: 0.01 * qf.std[i] + 1e-4)
                    XCTAssertEqual(qi.std[i] / qf.std[i], 1, accuracy: 0.01)
                }
                let z = qf.mean.map { Float($0) }
                let (pi, pf) = (CodingModel.Prior(model: integer), CodingModel.Prior(model: float))
                for _ in 0..<model.config.latents {
                    let (a, b) = (pi.next(z: z), pf.next(z: z))
                    XCTAssertEqual(a.mean, b.mean, accuracy: 0.01 * b.std + 1e-3)
                    XCTAssertEqual(a.std / b.std, 1, accuracy: 0.01)
                }
                let (si, sf) = (PixelCNNState(model: integer), PixelCNNState(model: float))
                si.condition(on: z, maxValue: 1)
                sf.condition(on: z, maxValue: 1)
                let a = try XCTUnwrap(integer.arithmetic), ints = try XCTUnwrap(si.integer), map = model.config.pixels * ints.padded
                let largest = (0..<(model.config.pixels * channels)).map { abs(sf.condition[$0]) }.max()!
                for l in 0...model.config.layers {
                    let (values, floats) = l == 0 ? (ints.condition, sf.condition) : (ints.terms + (l - 1) * map, sf.terms + (l - 1) * model.config.pixels * channels)
                    let scale = Double(sign: .plus, exponent: l == 0 ? -(a.inputBits + a.weightBits[0]) : -(a.hiddenBits + a.weightBits[l]), significand: 1)
                    var error = 0.0
                    for p in 0..<model.config.pixels {
                        for c in 0..<channels { error = max(error, abs(Double(values[p * ints.padded + c]) * scale - Double(floats[p * channels + c]))) }
                    }
                    XCTAssertLessThan(error, 0.01 * Double(largest) + 1e-3, "layer \(l)'s conditioning, \(channels) channels")
                }
            }
        }
    }

    /// A file quantised before the per-tile layers had scales still codes, those layers in float.
    func test_fileWithoutTileScales_codesWithFloatTileLayers() throws {
        let model = CodingModelTests.smallModel(seed: 65, channels: 32), tiles = CodingModelTests.randomTiles(6, seed: 66)
        let coding = try IntegerPixelTests.quantised(model, calibration: nil).1
        XCTAssertNotNil(coding.arithmetic)
        XCTAssertNil(coding.integerTile)
        try checkCodecOnEverySIMDPath(coding, parameters: BitsBackParameters(), tiles: tiles, maxValue: 1, lanes: [2])
    }

    func test_tileScalesThatDoNotFit_areRefusedWithAMessage() throws {
        let model = CodingModelTests.smallModel(seed: 67, channels: 32)
        let (file, _) = try IntegerPixelTests.quantised(model, calibration: CodingModelTests.randomTiles(4, seed: 68))
        let values = file.tensors.mapValues(\.values), good = try XCTUnwrap(file.pixelArithmetic)
        func refused(_ change: (inout PixelArithmetic) -> Void, saying message: String) {
            var a = good
            change(&a)
            let bytes = ModelFile.encode(config: file.config, values: values, name: "bad", extra: [PixelArithmetic.metadataKey: a.json])
            XCTAssertThrowsError(try ModelFile(bytes: bytes, origin: .file(path: "bad.safetensors"))) { error in
                XCTAssertTrue("\(error)".contains(message), "\(error)")
            }
        }
        refused({ $0.tile!.layers["decoder.up1"] = nil }, saying: "tile: scales for")
        refused({ $0.tile!.layers["encoder.dense2"]!.outputBits = 8 }, saying: "encoder.dense2 has no output scale")
        refused({ $0.tile!.layers["encoder.conv1"]!.outputBits = 13; $0.tile!.layers["encoder.conv1"]!.weightBits = -1 },
                saying: "encoder.conv1's shift")
        refused({ $0.tile!.layers["encoder.dense2"]!.weightBits -= 1 }, saying: "encoder.dense2.weight holds")
    }
}
