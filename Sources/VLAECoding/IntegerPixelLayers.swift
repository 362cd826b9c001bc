import CCodingKernels
import DeterministicMath
import ModelFile

/// The PixelCNN's per-pixel layers in integers, for a model quantised by `vlae-train quantize`
/// (`PixelArithmetic`): int16 canvas and activations, int16 weights, int32 sums taken modulo
/// 2^32 (CIntegerKernels), a table for ELU. The conditioning from z is computed per tile in float
/// as for float models and enters the sums rounded to their scale; everything per pixel is exact
/// integer arithmetic, so the SIMD and portable paths, and any number of tiles side by side,
/// give the same bits by construction.
///
/// Per lane: the canvas `[canvas]` and a zero (what a tap outside the canvas reads), the first
/// layer's conditioning `[S²][C]`, the residual layers' terms `[L][S²][C]` (int32) and the
/// activations h_0 … h_L `[L + 1][S²][C]` (int16), with C the channels rounded up to a multiple of
/// 16 (the padding stays zero). The decoder steps all layers at a pixel in one kernel call
/// (`vlae_q_pixel_step`), with each position's taps looked up in tables made here.
final class IntegerPixelLayers {
    let arithmetic: PixelArithmetic
    let channels: Int, padded: Int, layers: Int, positions: Int, side: Int, outputs: Int
    let canvas: TileCanvas
    /// ELU(−i / 2^hiddenBits) · 2^hiddenBits rounded, for i < 12 · 2^hiddenBits (below, −2^hiddenBits).
    let elu: UnsafeMutablePointer<Int16>, eluCount: Int
    let firstWeights: UnsafeMutablePointer<Int16>, firstBias: UnsafeMutablePointer<Int32>
    let residualWeights: [UnsafeMutablePointer<Int16>], residualBias: [UnsafeMutablePointer<Int32>]
    let outputWeights: UnsafeMutablePointer<Int16>, outputBias: UnsafeMutablePointer<Int32>
    /// Per position, the canvas index each first-layer tap reads (`canvasStride − 1`, the zero, outside).
    let firstIndex: UnsafeMutablePointer<Int32>, firstTapCount: Int
    let residualTaps: (dy: UnsafeMutablePointer<Int>, dx: UnsafeMutablePointer<Int>, count: Int)
    /// Per position, the residual taps inside the map: their count, input and weight offsets.
    let tapCount: UnsafeMutablePointer<Int>, tapXo: UnsafeMutablePointer<Int>, tapWo: UnsafeMutablePointer<Int>
    /// Each layer's right shift to the hidden scale (the first, then the residual ones).
    let shifts: UnsafeMutablePointer<Int32>
    let residualWeightList: UnsafeMutablePointer<UnsafePointer<Int16>?>, residualBiasList: UnsafeMutablePointer<UnsafePointer<Int32>?>
    let outputScale: Float
    let canvasStride: Int
    /// All of the above as `vlae_q_pixel_step` takes it.
    let network: UnsafeMutablePointer<vlae_q_pixelcnn>
    /// The per-lane buffers (zeroed), kept as raw allocations: the kernels run for every pixel,
    /// where Swift arrays would cost an exclusivity check and a retain per access.
    let canvasValues: UnsafeMutablePointer<Int16>, condition: UnsafeMutablePointer<Int32>, terms: UnsafeMutablePointer<Int32>
    let hidden: UnsafeMutablePointer<Int16>, scratch: UnsafeMutablePointer<Int32>
    /// Per lane, the canvas value of each pixel value 0 … 255 (`setInputs`), and the maxval it is for (0: none yet).
    let inputs: UnsafeMutablePointer<Int16>
    private var inputsMaxValue: [Int]
    /// The per-tile layers' maps, made on the first tile (models with integer per-tile layers).
    private var tileBuffers: IntegerTileLayers.ConditionBuffers?

    init(model: CodingModel, arithmetic a: PixelArithmetic, lanes: Int) {
        arithmetic = a
        let cfg = model.config
        (channels, layers, positions, side, outputs) = (cfg.channels, cfg.layers, cfg.pixels, cfg.tile, cfg.pixelModel.outputChannels)
        padded = Self.paddedChannels(channels)
        canvas = cfg.canvas
        let table = integerELUTable(bits: a.hiddenBits)
        (elu, eluCount) = (allocateCopy(table), table.count - 1)
        let (c, cp) = (channels, padded)
        func scaled(_ v: Float, _ bits: Int) -> Double { Double(v) * Double(sign: .plus, exponent: bits, significand: 1) }
        func bias(_ b: [Float], _ bits: Int, count: Int) -> UnsafeMutablePointer<Int32> {
            allocateCopy((0..<count).map { $0 < b.count ? Int32(scaled(b[$0], bits)) : 0 })
        }
        func taps(_ offsets: [(dy: Int, dx: Int)]) -> (dy: UnsafeMutablePointer<Int>, dx: UnsafeMutablePointer<Int>, count: Int) {
            (allocateCopy(offsets.map(\.dy)), allocateCopy(offsets.map(\.dx)), offsets.count)
        }
        // First layer: [tap][1][C] → [tap/2][Cp][2].
        let t0 = model.first.offsets.count
        var first = [Int16](repeating: 0, count: roundUp(t0, 2) * cp)
        for t in 0..<t0 { for o in 0..<c { first[(t / 2 * cp + o) * 2 + t % 2] = Int16(scaled(model.first.weight[t * c + o], a.weightBits[0])) } }
        firstWeights = allocateCopy(first)
        firstBias = bias(model.first.bias, a.inputBits + a.weightBits[0], count: cp)
        let (cv, s) = (cfg.canvas, cfg.tile)
        firstTapCount = model.first.offsets.count
        canvasStride = cv.count + 1
        firstIndex = allocateCopy((0..<(s * s)).flatMap { p in
            model.first.offsets.map { o -> Int32 in
                let y = p / s + cv.border + o.dy, x = p % s + cv.border + o.dx
                return Int32(y >= 0 && y < cv.height && x >= 0 && x < cv.width ? y * cv.width + x : cv.count)
            }
        })
        // Residual layers: [tap][Cin][Cout] → [tap][Cp/2][Cp][2].
        residualWeights = model.residual.enumerated().map { l, layer in
            let taps = layer.offsets.count, bits = a.weightBits[l + 1]
            var w = [Int16](repeating: 0, count: taps * cp * cp)
            for t in 0..<taps {
                for i in 0..<c {
                    for o in 0..<c { w[((t * cp / 2 + i / 2) * cp + o) * 2 + i % 2] = Int16(scaled(layer.weight[(t * c + i) * c + o], bits)) }
                }
            }
            return allocateCopy(w)
        }
        residualBias = model.residual.enumerated().map { l, layer in bias(layer.bias, a.hiddenBits + a.weightBits[l + 1], count: cp) }
        residualTaps = taps(model.residual.first?.offsets ?? [])
        let offsets = model.residual.first?.offsets ?? [], rt = offsets.count
        var counts = [Int](repeating: 0, count: s * s), xo = [Int](repeating: 0, count: s * s * rt), wo = xo
        for p in 0..<(s * s) {
            for (t, o) in offsets.enumerated() {
                let y = p / s + o.dy, x = p % s + o.dx
                guard y >= 0 && y < s && x >= 0 && x < s else { continue }
                (xo[p * rt + counts[p]], wo[p * rt + counts[p]]) = ((o.dy * s + o.dx) * cp, t * cp * cp)
                counts[p] += 1
            }
        }
        (tapCount, tapXo, tapWo) = (allocateCopy(counts), allocateCopy(xo), allocateCopy(wo))
        shifts = allocateCopy((0...cfg.layers).map { Int32(a.shift(layer: $0)) })
        residualWeightList = allocateCopy(residualWeights.map { UnsafePointer($0) })
        residualBiasList = allocateCopy(residualBias.map { UnsafePointer($0) })
        // Output layer: [C][P] → [P][Cp].
        let outBits = a.weightBits[layers + 1]
        var out = [Int16](repeating: 0, count: outputs * cp)
        for k in 0..<outputs { for i in 0..<c { out[k * cp + i] = Int16(scaled(model.output.weight[i * outputs + k], outBits)) } }
        outputWeights = allocateCopy(out)
        outputBias = bias(model.output.bias, a.hiddenBits + outBits, count: outputs)
        outputScale = Float(sign: .plus, exponent: -(a.hiddenBits + outBits), significand: 1)
        canvasValues = allocateCopy([Int16](repeating: 0, count: lanes * canvasStride))
        condition = allocateCopy([Int32](repeating: 0, count: lanes * positions * cp))
        terms = allocateCopy([Int32](repeating: 0, count: lanes * layers * positions * cp))
        hidden = allocateCopy([Int16](repeating: 0, count: lanes * (layers + 1) * positions * cp))
        scratch = allocateCopy([Int32](repeating: 0, count: cp))
        inputs = allocateCopy([Int16](repeating: 0, count: lanes * 256))
        inputsMaxValue = [Int](repeating: 0, count: lanes)
        network = allocateCopy([vlae_q_pixelcnn(
            channels: cp, positions: positions, layers: layers, outputs: outputs, elu: elu, eluCount: eluCount, shifts: shifts,
            firstWeights: firstWeights, firstBias: firstBias, firstIndex: firstIndex, firstTaps: firstTapCount,
            residualWeights: residualWeightList, residualBias: residualBiasList, tapCount: tapCount, tapXo: tapXo, tapWo: tapWo,
            residualTaps: rt, outputWeights: outputWeights, outputBias: outputBias, outputScale: outputScale,
            canvas: canvasValues, canvasStride: canvasStride, condition: condition, terms: terms, hidden: hidden, scratch: scratch)])
    }

    /// The channels rounded up to a multiple of 16 (two AVX2 registers of int16).
    static func paddedChannels(_ channels: Int) -> Int { roundUp(channels, 16) }

    deinit {
        for p in [elu, outputWeights, firstWeights, canvasValues, hidden, inputs] + residualWeights { p.deallocate() }
        for p in [firstBias, outputBias, condition, terms, scratch, firstIndex, shifts] + residualBias { p.deallocate() }
        for p in [residualTaps.dy, residualTaps.dx, tapCount, tapXo, tapWo] { p.deallocate() }
        residualWeightList.deallocate(); residualBiasList.deallocate(); network.deallocate()
    }

    /// Sums beyond ±2^29 from the float conditioning are clamped there (never on calibrated data).
    private static let conditioningLimit: Float = 536_870_912

    /// Takes a tile's float conditioning for `lane`: the first layer's `[S²][C]` and each residual
    /// layer's term `[L][S²][C]`, rounded to the scales of the sums they join.
    func load(condition c: UnsafePointer<Float>, terms t: UnsafePointer<Float>, lane: Int) {
        let map = positions * padded
        quantize(c, into: condition + lane * map, bits: arithmetic.inputBits + arithmetic.weightBits[0])
        for l in 0..<layers {
            quantize(t + l * positions * channels, into: terms + (lane * layers + l) * map, bits: arithmetic.hiddenBits + arithmetic.weightBits[l + 1])
        }
    }

    private func quantize(_ x: UnsafePointer<Float>, into y: UnsafeMutablePointer<Int32>, bits: Int) {
        let scale = Float(sign: .plus, exponent: bits, significand: 1)
        if padded == channels {
            vlae_q_quantize(x, y, positions * channels, scale, Self.conditioningLimit)
        } else {
            for p in 0..<positions { vlae_q_quantize(x + p * channels, y + p * padded, channels, scale, Self.conditioningLimit) }
        }
    }

    /// Computes `lane`'s conditioning from z with the per-tile layers in integers.
    func condition(from tile: IntegerTileLayers, z: [Float], lane: Int) {
        let map = positions * padded
        if tileBuffers == nil { tileBuffers = IntegerTileLayers.ConditionBuffers(tile) }
        tile.condition(on: z, buffers: tileBuffers!, condition: condition + lane * map, terms: terms + lane * layers * map)
    }

    /// Sets a canvas value (a pixel's network input in −1 … 1) of `lane`.
    func setCanvas(_ index: Int, _ input: Float, lane: Int) {
        canvasValues[lane * canvasStride + index] = quantizedInt16(input, bits: arithmetic.inputBits)
    }

    /// Makes `lane`'s table of canvas values for the pixel values of its next tile (values 0 … `maxValue`).
    func setInputs(_ pixelModel: PixelModel, maxValue: Int, lane: Int) {
        guard inputsMaxValue[lane] != maxValue else { return }
        (inputs + lane * 256).update(from: integerInputs(pixelModel, maxValue: maxValue, bits: arithmetic.inputBits), count: 256)
        inputsMaxValue[lane] = maxValue
    }

    /// Sets the canvas value of a pixel of `lane` from its value (after `setInputs`).
    func setPixel(_ index: Int, _ value: UInt8, lane: Int) {
        canvasValues[lane * canvasStride + index] = inputs[lane * 256 + Int(value)]
    }

    /// h_0 at positions first ..< first + count of `lane`.
    func firstLayer(first p: Int, count: Int, lane: Int) {
        vlae_q_first_layer(canvasValues + lane * canvasStride, firstIndex, firstTapCount, firstWeights, firstBias,
                           condition + lane * positions * padded, hidden + lane * (layers + 1) * positions * padded, padded,
                           p, count, shifts[0], elu, eluCount)
    }

    /// h_{l+1} at positions first ..< first + count of `lane`.
    func residualLayer(_ l: Int, first p: Int, count: Int, lane: Int) {
        let map = positions * padded, base = hidden + lane * (layers + 1) * map
        vlae_q_residual_layer(base + l * map, base + (l + 1) * map, terms + (lane * layers + l) * map, residualWeights[l], residualBias[l],
                              padded, side, residualTaps.dy, residualTaps.dx, residualTaps.count, p, count, shifts[l + 1], elu, eluCount, scratch)
    }

    /// The P outputs of pixels first ..< first + count of `lane` into `out` (`[count][P]`).
    func outputLayer(first p: Int, count: Int, lane: Int, into out: UnsafeMutablePointer<Float>) {
        vlae_q_output_layer(out, outputWeights, outputBias, hidden + ((lane * (layers + 1) + layers) * positions + p) * padded,
                            padded, outputs, outputScale, count)
    }

    /// Every layer at pixel p of lanes lane ..< lane + count (the decoder's step), lane + k's P
    /// outputs into out + k·P: the same bits as the layers one lane at a time.
    func step(at p: Int, lane: Int, lanes count: Int, into out: UnsafeMutablePointer<Float>) {
        vlae_q_pixel_step(network, p, lane, count, out)
    }
}
