import CCodingKernels
import DeterministicMath
import ModelFile

/// The per-tile layers of a quantised model (`TileArithmetic`) in integers, with the integer
/// PixelCNN's arithmetic: int16 values and weights, int32 sums modulo 2^32 (`vlae_q_gather`), a
/// rounded shift and an ELU table between layers. So the encoder's Gaussian, the MADE's
/// conditionals and the PixelCNN's conditioning are exact by construction, like its pixels' tables;
/// what stays floating point is DeterministicMath turning a log-scale into a scale.
///
/// Maps are position-major with channels padded to `QuantizedLayer`'s multiple of 8 (16 for the
/// decoder's, the integer PixelCNN's width); the padding stays zero.
final class IntegerTileLayers: @unchecked Sendable {
    let config: VLAEConfig
    let pixel: PixelArithmetic, tile: TileArithmetic
    let enc1: QuantizedLayer, enc2: QuantizedLayer, enc3: QuantizedLayer, enc4: QuantizedLayer
    let up0: QuantizedLayer, up1: QuantizedLayer, up2: QuantizedLayer
    let conditioning: [QuantizedLayer]
    /// enc1's taps, which it reads from the tile as one vector per position: for each of its
    /// output positions, the tile pixel each tap reads (S², a zero, for a tap outside the tile).
    let enc1Index: [Int]
    let made: IntegerMADE?
    /// Padded channels of the encoder's two maps and of the decoder's.
    let c1: Int, c2: Int, channels: Int
    /// The shifts from up2's sums to the first layer's and from each conditioning's to its residual layer's.
    let conditioningShifts: [Int]

    /// The float layers of a coding model (its tensors on their grids), for `IntegerTileLayers`.
    struct FloatLayers {
        let enc1: CodingConv, enc2: CodingConv, enc3: CodingDense, enc4: CodingDense
        let made: CodingMADE?
        let up0: CodingDense, up1: CodingConvTranspose, up2: CodingConvTranspose
        let conditioning: [CodingDense]
    }

    /// - Precondition: `pixel.tile` is set; `padded` is the integer PixelCNN's channel count.
    init(_ model: FloatLayers, config cfg: VLAEConfig, pixel: PixelArithmetic, padded: Int) {
        let tile = pixel.tile!
        (config, self.pixel, self.tile) = (cfg, pixel, tile)
        let (c1, c2) = (roundUp(cfg.encoderChannels[0], 8), roundUp(cfg.encoderChannels[1], 8))
        (self.c1, self.c2, channels) = (c1, c2, padded)
        func scales(_ name: String) -> (weightBits: Int, sumBits: Int, shift: Int?, eluBits: Int?) {
            let s = tile.layers[name]!, sums = tile.sumBits(of: name, config: cfg, pixelInputBits: pixel.inputBits)
            // Every map a layer hands on is ELU'd but up2's, the conditioning itself.
            return (s.weightBits, sums, s.outputBits.map { sums - $0 }, name == "decoder.up2" ? nil : s.outputBits)
        }
        /// A strided convolution (`[tap][Cin][Cout]` weights), gathered over its taps inside the map.
        func conv(_ name: String, _ layer: CodingConv, inPadded: Int, outPadded: Int) -> QuantizedLayer {
            let s = scales(name), (ci, co) = (layer.inChannels, layer.outChannels)
            let sources = (0..<(layer.outHeight * layer.outWidth)).map { p in
                let (iy, ix) = (p / layer.outWidth * layer.stride, p % layer.outWidth * layer.stride)
                return layer.offsets.enumerated().compactMap { t, o -> (input: Int, tap: Int)? in
                    layer.inside(iy + o.dy, ix + o.dx) ? ((iy + o.dy) * layer.width + ix + o.dx, t) : nil
                }
            }
            return QuantizedLayer(taps: layer.offsets.count, inputs: inPadded, outputs: outPadded, inputPositions: layer.height * layer.width,
                                  sources: sources,
                                  weight: { t, i, o in i < ci && o < co ? layer.weight[(t * ci + i) * co + o] : 0 },
                                  bias: { $0 < co ? layer.bias[$0] : 0 }, scales: s)
        }
        func transposed(_ name: String, _ layer: CodingConvTranspose) -> QuantizedLayer {
            let (ci, co, taps) = (layer.inChannels, layer.outChannels, layer.offsets.count)
            return QuantizedLayer(taps: taps, inputs: padded, outputs: padded, inputPositions: layer.inHeight * layer.inWidth, sources: layer.sources,
                                  weight: { t, i, o in i < ci && o < co ? layer.weight[(i * taps + t) * co + o] : 0 },
                                  bias: { $0 < co ? layer.bias[$0] : 0 }, scales: scales(name))
        }
        func dense(_ name: String, _ layer: CodingDense, inputs: Int, outputs: Int, input: (Int) -> Int?, output: (Int) -> Int?) -> QuantizedLayer {
            QuantizedLayer(taps: 1, inputs: inputs, outputs: outputs, inputPositions: 1, sources: [[(0, 0)]],
                           weight: { _, i, o in
                               guard let ii = input(i), let oo = output(o) else { return 0 }
                               return layer.weight[ii * layer.outputs + oo]
                           },
                           bias: { o in output(o).map { layer.bias[$0] } ?? 0 }, scales: scales(name))
        }
        // enc1 reads its nine taps' pixels as one vector (im2col: one input channel).
        let e1 = model.enc1, taps1 = e1.offsets.count, ce1 = e1.outChannels
        enc1 = QuantizedLayer(taps: 1, inputs: roundUp(taps1, 2), outputs: c1, inputPositions: 1, sources: [[(0, 0)]],
                              weight: { _, i, o in i < taps1 && o < ce1 ? e1.weight[i * ce1 + o] : 0 },
                              bias: { $0 < ce1 ? e1.bias[$0] : 0 }, scales: scales("encoder.conv1"))
        let (side, halfSide) = (cfg.tile, cfg.halfTile)
        enc1Index = (0..<(halfSide * halfSide)).flatMap { p in
            e1.offsets.map { o in
                let (y, x) = (p / halfSide * 2 + o.dy, p % halfSide * 2 + o.dx)
                return y >= 0 && y < side && x >= 0 && x < side ? y * side + x : side * side
            }
        }
        enc2 = conv("encoder.conv2", model.enc2, inPadded: c1, outPadded: c2)
        let (q2, rawC2) = (cfg.quarterTile * cfg.quarterTile, cfg.encoderChannels[1])
        enc3 = dense("encoder.dense1", model.enc3, inputs: q2 * c2, outputs: roundUp(model.enc3.outputs, 8),
                     input: { $0 % c2 < rawC2 ? $0 / c2 * rawC2 + $0 % c2 : nil }, output: { $0 < model.enc3.outputs ? $0 : nil })
        enc4 = dense("encoder.dense2", model.enc4, inputs: roundUp(model.enc4.inputs, 8), outputs: roundUp(model.enc4.outputs, 8),
                     input: { $0 < model.enc4.inputs ? $0 : nil }, output: { $0 < model.enc4.outputs ? $0 : nil })
        let ch = cfg.channels
        up0 = dense("decoder.up0", model.up0, inputs: roundUp(cfg.latents, 2), outputs: q2 * padded,
                    input: { $0 < cfg.latents ? $0 : nil }, output: { $0 % padded < ch ? $0 / padded * ch + $0 % padded : nil })
        up1 = transposed("decoder.up1", model.up1)
        up2 = transposed("decoder.up2", model.up2)
        conditioning = model.conditioning.enumerated().map { l, layer in
            dense("decoder.cond\(l + 1)", layer, inputs: padded, outputs: padded, input: { $0 < ch ? $0 : nil }, output: { $0 < ch ? $0 : nil })
        }
        made = model.made.map { IntegerMADE($0, role: cfg.madeRole!, tile: tile, config: cfg) }
        conditioningShifts = tile.conditioningShifts(cfg, pixel: pixel)
    }

    deinit {
        for layer in [enc1, enc2, enc3, enc4, up0, up1, up2] + conditioning { layer.deallocate() }
    }

    /// The encoder's Gaussian of each tile, as `CodingModel.posteriors`: `posteriorBatch` tiles at
    /// a time go through each layer together, so each weight is read once for all of them.
    func posteriors(_ tiles: [(pixels: [UInt8], maxValue: Int)]) -> [(mean: [Double], std: [Double])] {
        let cfg = config, half = cfg.halfTile * cfg.halfTile, q2 = cfg.quarterTile * cfg.quarterTile, batch = Self.posteriorBatch
        var patches = [Int16](repeating: 0, count: batch * half * enc1.inputs)
        var sums = [Int32](repeating: 0, count: batch * max(half * c1, q2 * c2, enc3.outputs, enc4.outputs))
        var a1 = [Int16](repeating: 0, count: batch * half * c1), a2 = [Int16](repeating: 0, count: batch * q2 * c2)
        var a3 = [Int16](repeating: 0, count: batch * enc3.outputs)
        let d = cfg.latents, meanScale = enc4.sumScale
        var gaussians: [(mean: [Double], std: [Double])] = []
        let taps = enc1Index.count / half
        var x = [Int16](repeating: 0, count: cfg.pixels + 1)   // the last stays 0: what a tap outside reads
        var inputs: (maxValue: Int, values: [Int16]) = (0, [])
        for group in stride(from: 0, to: tiles.count, by: batch).map({ tiles[$0..<min($0 + batch, tiles.count)] }) {
            for (b, tile) in group.enumerated() {
                precondition(tile.pixels.count == cfg.pixels)
                if inputs.maxValue != tile.maxValue {
                    inputs = (tile.maxValue, integerInputs(cfg.pixelModel, maxValue: tile.maxValue, bits: pixel.inputBits))
                }
                for (p, v) in tile.pixels.enumerated() { x[p] = inputs.values[Int(v)] }
                x.withUnsafeBufferPointer { xs in
                    enc1Index.withUnsafeBufferPointer { index in
                        patches.withUnsafeMutableBufferPointer { out in
                            for p in 0..<half {
                                let at = (b * half + p) * enc1.inputs
                                for t in 0..<taps { out[at + t] = xs[index[p * taps + t]] }
                            }
                        }
                    }
                }
            }
            let n = group.count
            enc1.map(patches, positions: n * half, stride: enc1.inputs, sums: &sums, into: &a1)
            enc2.map(a1, batch: n, sums: &sums, into: &a2)
            enc3.map(a2, batch: n, sums: &sums, into: &a3)
            enc4.apply(a3, batch: n, sums: &sums)
            for b in 0..<n {
                let at = b * enc4.outputSize
                gaussians.append(((0..<d).map { Double(sums[at + $0]) * meanScale },
                                  (0..<d).map { DMath.exp(clampLogScale(Double(sums[at + d + $0]) * meanScale)) }))
            }
        }
        return gaussians
    }

    /// Tiles that `posteriors` runs through the encoder together (the AVX2 gather's widest batch).
    static let posteriorBatch = 4

    func clampLogScale(_ v: Double) -> Double { min(max(v, Double(config.logScaleMin)), Double(config.logScaleMax)) }

    /// The maps `condition` works in, kept by a PixelCNN state from tile to tile.
    final class ConditionBuffers {
        var sums: [Int32], u0: [Int16], u1: [Int16], map: [Int16]

        init(_ layers: IntegerTileLayers) {
            let cfg = layers.config, full = cfg.pixels * layers.channels
            sums = [Int32](repeating: 0, count: max(layers.up0.outputs, full))
            u0 = [Int16](repeating: 0, count: layers.up0.outputs)
            u1 = [Int16](repeating: 0, count: cfg.halfTile * cfg.halfTile * layers.channels)
            map = [Int16](repeating: 0, count: full)
        }
    }

    /// The PixelCNN's conditioning from z: the first layer's `[S²][C]` into `condition` and each
    /// residual layer's term `[S²][C]` into `terms + l·S²·C`, at the scales of the sums they join.
    func condition(on z: [Float], buffers b: ConditionBuffers, condition: UnsafeMutablePointer<Int32>, terms: UnsafeMutablePointer<Int32>) {
        let positions = config.pixels
        let zq = (0..<up0.inputs).map { $0 < z.count ? quantizedInt16(z[$0], bits: tile.latentBits) : 0 }
        up0.map(zq, sums: &b.sums, into: &b.u0)
        up1.map(b.u0, sums: &b.sums, into: &b.u1)
        b.sums.withUnsafeMutableBufferPointer { s in
            b.u1.withUnsafeBufferPointer { up2.sums($0.baseAddress!, into: s.baseAddress!) }
            vlae_q_rescale(s.baseAddress!, condition, positions * channels, Int32(conditioningShifts[0]))
            up2.activate(s.baseAddress!, count: positions * channels, into: &b.map)
        }
        for (l, layer) in conditioning.enumerated() {
            let term = terms + l * positions * channels
            layer.perPosition(b.map, positions: positions, stride: layer.inputs, into: term)
            vlae_q_rescale(term, term, positions * channels, Int32(conditioningShifts[l + 1]))
        }
    }
}

/// The integer network input of each pixel value 0 … 255 of a tile whose values are 0 … `maxValue`.
func integerInputs(_ pixelModel: PixelModel, maxValue: Int, bits: Int) -> [Int16] {
    (0...255).map { quantizedInt16(pixelModel.input(UInt8($0), maxValue: maxValue), bits: bits) }
}

/// v·2^bits rounded to nearest even and clamped to ±32767: a value (pixel input, latent) as the
/// integer layers read it.
func quantizedInt16(_ v: Float, bits: Int) -> Int16 {
    Int16(min(max((v * Float(sign: .plus, exponent: bits, significand: 1)).rounded(.toNearestOrEven), -32767), 32767))
}

/// One per-tile layer for `vlae_q_gather`: int16 weights in panels of 8 outputs
/// `[outputs/8][tap][inputs/2][8][2]`, int32 bias, and per output position the (input position,
/// tap) pairs that reach it.
struct QuantizedLayer: @unchecked Sendable {
    let inputs: Int, outputs: Int
    /// Values in one input map (positions × inputs) and sums in one output map (positions × outputs).
    let inputSize: Int, outputSize: Int
    let weights: UnsafeMutablePointer<Int16>, panel: Int, bias: UnsafeMutablePointer<Int32>
    /// Per output position, its sources' input and weight offsets at `start ..< start + count`.
    let starts: [Int], counts: [Int]
    /// Runs of output positions `first + k·step` (k < count) whose sources are the same taps at
    /// inputs `k·inputStep` positions further: one map's sums go through `vlae_q_gather` a run at
    /// a time, as a batch that reads each weight once.
    let runs: [(first: Int, count: Int, step: Int, inputStep: Int)]
    let xOffsets: UnsafeMutablePointer<Int>, wOffsets: UnsafeMutablePointer<Int>
    /// The rounded shift to the output map's scale and that scale's ELU table (nil: no ELU, as up2's map).
    let shift: Int?, elu: UnsafeMutablePointer<Int16>?, eluCount: Int
    /// 2^−(scale of the sums).
    let sumScale: Double

    /// - Parameters: `weight(tap, input, output)` and `bias(output)` in real units (on their grids),
    ///   zero for padding.
    init(taps: Int, inputs: Int, outputs: Int, inputPositions: Int, sources: [[(input: Int, tap: Int)]], weight: (Int, Int, Int) -> Float, bias: (Int) -> Float,
         scales: (weightBits: Int, sumBits: Int, shift: Int?, eluBits: Int?)) {
        precondition(inputs % 2 == 0 && outputs % 8 == 0)
        (self.inputs, self.outputs) = (inputs, outputs)
        (inputSize, outputSize) = (inputPositions * inputs, sources.count * outputs)
        let wScale = Double(sign: .plus, exponent: scales.weightBits, significand: 1)
        let bScale = Double(sign: .plus, exponent: scales.sumBits, significand: 1)
        panel = taps * inputs * 8
        var w = [Int16](repeating: 0, count: taps * inputs * outputs)
        for t in 0..<taps {
            for i in 0..<inputs {
                for o in 0..<outputs { w[o / 8 * panel + t * inputs * 8 + i / 2 * 16 + o % 8 * 2 + i % 2] = Int16(Double(weight(t, i, o)) * wScale) }
            }
        }
        weights = allocateCopy(w)
        self.bias = allocateCopy((0..<outputs).map { Int32(Double(bias($0)) * bScale) })
        var starts: [Int] = [], counts: [Int] = [], xo: [Int] = [], wo: [Int] = []
        for list in sources {
            starts.append(xo.count)
            counts.append(list.count)
            xo += list.map { $0.input * inputs }
            wo += list.map { $0.tap * inputs * 8 }
        }
        (self.starts, self.counts) = (starts, counts)
        runs = Self.runs(of: sources)
        (xOffsets, wOffsets) = (allocateCopy(xo), allocateCopy(wo))
        shift = scales.shift
        if let bits = scales.eluBits, scales.shift != nil {
            let table = integerELUTable(bits: bits)
            (elu, eluCount) = (allocateCopy(table), table.count - 1)
        } else {
            (elu, eluCount) = (nil, 0)
        }
        sumScale = Double(sign: .plus, exponent: -scales.sumBits, significand: 1)
    }

    /// Greedy runs of positions one or two apart (strided and transposed convolutions repeat
    /// their taps every one or two outputs) whose sources are the first's, shifted alike.
    static func runs(of sources: [[(input: Int, tap: Int)]]) -> [(first: Int, count: Int, step: Int, inputStep: Int)] {
        func shift(from p: Int, to q: Int) -> Int? {
            guard sources[q].count == sources[p].count, let a = sources[p].first, let b = sources[q].first else { return nil }
            let d = b.input - a.input
            return zip(sources[p], sources[q]).allSatisfy { $1.tap == $0.tap && $1.input - $0.input == d } ? d : nil
        }
        var runs: [(first: Int, count: Int, step: Int, inputStep: Int)] = [], done = [Bool](repeating: false, count: sources.count)
        for p in sources.indices where !done[p] {
            var best = (first: p, count: 1, step: 1, inputStep: 0)
            for step in 1...2 {
                guard p + step < sources.count, !done[p + step], let d = shift(from: p, to: p + step), d > 0 else { continue }
                var count = 2
                while p + count * step < sources.count, !done[p + count * step], shift(from: p, to: p + count * step) == count * d { count += 1 }
                if count > best.count { best = (p, count, step, d) }
            }
            for k in 0..<best.count { done[p + k * best.step] = true }
            runs.append(best)
        }
        return runs
    }

    func deallocate() {
        weights.deallocate(); bias.deallocate(); xOffsets.deallocate(); wOffsets.deallocate(); elu?.deallocate()
    }

    /// The sums of every output position from the map `x` into `out` (`[positions][outputs]`),
    /// for `batch` maps one after another in `x` and in `out`.
    func sums(_ x: UnsafePointer<Int16>, batch: Int = 1, into out: UnsafeMutablePointer<Int32>) {
        if batch == 1 {
            for run in runs {
                let p = run.first
                vlae_q_gather(out + p * outputs, run.step * outputs, bias, x, run.inputStep * inputs, run.count, xOffsets + starts[p], weights,
                              panel, wOffsets + starts[p], counts[p], inputs, outputs)
            }
            return
        }
        for p in starts.indices {
            vlae_q_gather(out + p * outputs, outputSize, bias, x, inputSize, batch, xOffsets + starts[p], weights, panel,
                          wOffsets + starts[p], counts[p], inputs, outputs)
        }
    }

    /// The output maps: sums, rounded shift, ELU where the layer has one.
    func map(_ x: [Int16], batch: Int = 1, sums s: inout [Int32], into y: inout [Int16]) {
        s.withUnsafeMutableBufferPointer { sp in
            x.withUnsafeBufferPointer { sums($0.baseAddress!, batch: batch, into: sp.baseAddress!) }
            activate(sp.baseAddress!, count: batch * outputSize, into: &y)
        }
    }

    /// `map` of a one-source layer applied at each of `positions` vectors `stride` apart (enc1's patches).
    func map(_ x: [Int16], positions: Int, stride: Int, sums s: inout [Int32], into y: inout [Int16]) {
        s.withUnsafeMutableBufferPointer { sp in
            perPosition(x, positions: positions, stride: stride, into: sp.baseAddress!)
            activate(sp.baseAddress!, count: positions * outputs, into: &y)
        }
    }

    /// The sums of a one-position layer (the encoder's last) for `batch` inputs into `s`.
    func apply(_ x: [Int16], batch: Int = 1, sums s: inout [Int32]) {
        s.withUnsafeMutableBufferPointer { sp in x.withUnsafeBufferPointer { sums($0.baseAddress!, batch: batch, into: sp.baseAddress!) } }
    }

    /// A one-source layer (dense, 1×1) at each of `positions` vectors `stride` apart in `x`, sums into `out`.
    func perPosition(_ x: [Int16], positions: Int, stride: Int, into out: UnsafeMutablePointer<Int32>) {
        x.withUnsafeBufferPointer { xp in
            var zero = 0
            vlae_q_gather(out, outputs, bias, xp.baseAddress!, stride, positions, &zero, weights, panel, &zero, 1, inputs, outputs)
        }
    }

    func activate(_ s: UnsafePointer<Int32>, count: Int, into y: inout [Int16]) {
        y.withUnsafeMutableBufferPointer { vlae_q_activate(s, $0.baseAddress!, count, Int32(shift!), elu, eluCount) }
    }
}

/// ELU(−i / 2^bits) · 2^bits rounded, for i < 12 · 2^bits, and one entry of padding (the AVX2
/// path gathers 32 bits at each entry); below the table ELU is −2^bits within rounding.
func integerELUTable(bits: Int) -> [Int16] {
    let one = 1 << bits
    return (0..<(12 * one)).map { i in Int16((DMath.elu(Float(-i) / Float(one)) * Float(one)).rounded(.toNearestOrEven)) } + [0]
}

func roundUp(_ n: Int, _ multiple: Int) -> Int { (n + multiple - 1) / multiple * multiple }

/// A buffer holding `values`, for kernels that take raw pointers.
func allocateCopy<T>(_ values: [T]) -> UnsafeMutablePointer<T> {
    let p = UnsafeMutablePointer<T>.allocate(capacity: max(values.count, 1))
    p.initialize(from: values, count: values.count)
    return p
}

