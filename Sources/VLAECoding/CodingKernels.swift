import CCodingKernels

/// The arithmetic of the coding model: fixed-order Float sums with no fused multiply-add, so that
/// every build and every IEEE-754 machine computes the same bits (DESIGN.md rule 1).
/// Blocks of 32 output channels go through `vlae_axpy32` (CCodingKernels), which uses AVX2 where
/// the CPU has it; the remaining channels through `accumulate`. Both sum in the same order.
///
/// Every sum runs over its terms in one fixed order; only *independent* outputs are computed side
/// by side in SIMD lanes, which changes no rounding. Swift never contracts `a * b + c` into an FMA,
/// and SIMD `*` and `+` are lane-wise IEEE operations, so the vector and scalar paths agree bit
/// for bit. The batched (encoding) and incremental (decoding) PixelCNN both call the same
/// per-position functions, which is what makes their outputs identical.
enum CodingKernels {
    /// `acc[i] += w[i] · v` for i in 0..<count.
    @inline(__always)
    static func accumulate(_ acc: UnsafeMutablePointer<Float>, _ w: UnsafePointer<Float>, _ v: Float, count: Int) {
        var i = 0
        let vv = SIMD8<Float>(repeating: v)
        while i + 8 <= count {
            let a = UnsafeRawPointer(acc + i).loadUnaligned(as: SIMD8<Float>.self)
            let b = UnsafeRawPointer(w + i).loadUnaligned(as: SIMD8<Float>.self)
            UnsafeMutableRawPointer(acc + i).storeBytes(of: a + b * vv, as: SIMD8<Float>.self)
            i += 8
        }
        while i < count { acc[i] = acc[i] + w[i] * v; i += 1 }
    }

    /// `x[i] = ELU(x[i])`, bit for bit `DMath.elu`, eight at a time (`vlae_elu`).
    @inline(__always)
    static func elu(_ x: UnsafeMutablePointer<Float>, count: Int) {
        vlae_elu(x, count)
    }

    /// `a[i] += b[i]`
    @inline(__always)
    static func add(_ b: UnsafePointer<Float>, to a: UnsafeMutablePointer<Float>, count: Int) {
        for i in 0..<count { a[i] = a[i] + b[i] }
    }
}

/// A dense layer `y = b + Σ_k x[k]·W[k, :]`, weights stored input-major (`[in][out]`) so each input
/// adds one contiguous row into the outputs.
final class CodingDense: Sendable {
    let inputs: Int
    let outputs: Int
    let weight: [Float]   // [in][out]
    let bias: [Float]     // [out]
    /// The weights of whole blocks of 32 outputs, `[block][in][32]`: each block's rows lie one
    /// after another, so the big encoder layer streams its weights instead of striding them.
    let blocks: [Float]

    init(inputs: Int, outputs: Int, weight: [Float], bias: [Float]) {
        (self.inputs, self.outputs, self.weight, self.bias) = (inputs, outputs, weight, bias)
        var blocks: [Float] = []
        blocks.reserveCapacity(outputs / 32 * 32 * inputs)
        for first in stride(from: 0, to: outputs / 32 * 32, by: 32) {
            for k in 0..<inputs { blocks += weight[(k * outputs + first)..<(k * outputs + first + 32)] }
        }
        self.blocks = blocks
    }

    /// y `[out]` from x `[in]`: whole blocks of 32 outputs by `vlae_axpy32`, the rest by
    /// `accumulate`; every output sums its terms in input order either way.
    func apply(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>) {
        let blocked = outputs / 32 * 32
        y.update(from: bias, count: outputs)
        blocks.withUnsafeBufferPointer { packed in
            let rows = packed.baseAddress!
            var first = 0
            while first + 64 <= blocked {
                vlae_axpy32x2(y + first, y + first + 32, rows + first * inputs, rows + (first + 32) * inputs, 32, x, inputs)
                first += 64
            }
            if first < blocked { vlae_axpy32(y + first, rows + first * inputs, 32, x, inputs) }
        }
        guard blocked < outputs else { return }
        let rest = outputs - blocked
        weight.withUnsafeBufferPointer { w in
            for k in 0..<inputs { CodingKernels.accumulate(y + blocked, w.baseAddress! + k * outputs + blocked, x[k], count: rest) }
        }
    }

    /// `apply` at each of `count` positions of a position-major map, x `[count][in]` → y
    /// `[count][out]` (a 1×1 convolution, or one dense layer for several tiles): two positions per
    /// pass over the weights of the blocks of 32 outputs, the same bits as one `apply` per position.
    func apply(map x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, count: Int) {
        let blocked = outputs / 32 * 32
        guard blocked > 0 else {
            for p in 0..<count { apply(x + p * inputs, y + p * outputs) }
            return
        }
        blocks.withUnsafeBufferPointer { packed in
            weight.withUnsafeBufferPointer { w in
                var p = 0
                while p + 2 <= count {
                    let (y0, y1) = (y + p * outputs, y + (p + 1) * outputs)
                    y0.update(from: bias, count: outputs)
                    y1.update(from: bias, count: outputs)
                    for first in stride(from: 0, to: blocked, by: 32) {
                        vlae_axpy32_pair(y0 + first, y1 + first, packed.baseAddress! + first * inputs, 32, x + p * inputs, inputs, inputs)
                    }
                    for q in 0..<2 where blocked < outputs {
                        let (xq, yq) = (x + (p + q) * inputs, y + (p + q) * outputs + blocked)
                        for k in 0..<inputs { CodingKernels.accumulate(yq, w.baseAddress! + k * outputs + blocked, xq[k], count: outputs - blocked) }
                    }
                    p += 2
                }
                if p < count { apply(x + p * inputs, y + p * outputs) }
            }
        }
    }
}

/// A convolution evaluated one output position at a time on position-major (`[H·W][C]`) maps.
final class CodingConv: Sendable {
    let inChannels: Int
    let outChannels: Int
    let height: Int, width: Int
    let stride: Int
    /// Tap offsets relative to `(oy·stride, ox·stride)`, in the training layer's tap order.
    let offsets: [(dy: Int, dx: Int)]
    let weight: [Float]   // [tap][in][out]
    let bias: [Float]
    /// Per tap, where its input vector starts relative to the position's and where its weight
    /// rows start: the arguments of `vlae_conv32` when every tap is inside the map.
    let inputOffsets: [Int], weightOffsets: [Int]

    init(inChannels: Int, outChannels: Int, height: Int, width: Int, stride: Int, offsets: [(dy: Int, dx: Int)], weight: [Float], bias: [Float]) {
        (self.inChannels, self.outChannels, self.height, self.width, self.stride) = (inChannels, outChannels, height, width, stride)
        (self.offsets, self.weight, self.bias) = (offsets, weight, bias)
        inputOffsets = offsets.map { ($0.dy * width + $0.dx) * inChannels }
        weightOffsets = offsets.indices.map { $0 * inChannels * outChannels }
    }

    var outHeight: Int { (height - 1) / stride + 1 }
    var outWidth: Int { (width - 1) / stride + 1 }

    @inline(__always)
    func inside(_ iy: Int, _ ix: Int) -> Bool { iy >= 0 && iy < height && ix >= 0 && ix < width }

    /// `out[0..<Cout]` = the layer at output position (oy, ox); taps outside the map are skipped.
    @inline(__always)
    func apply(at oy: Int, _ ox: Int, input: UnsafePointer<Float>, weights w: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>) {
        out.update(from: bias, count: outChannels)
        let origin = input + (oy * stride * width + ox * stride) * inChannels
        if outChannels % 32 == 0 {
            withTaps(at: oy, ox) { xo, wo, taps in
                var first = 0
                while first + 64 <= outChannels {
                    vlae_conv64(out + first, w + first, outChannels, origin, xo, wo, taps, inChannels)
                    first += 64
                }
                if first < outChannels { vlae_conv32(out + first, w + first, outChannels, origin, xo, wo, taps, inChannels) }
            }
            return
        }
        for (t, o) in offsets.enumerated() {
            guard inside(oy * stride + o.dy, ox * stride + o.dx) else { continue }
            let src = origin + inputOffsets[t], wt = w + weightOffsets[t]
            for ci in 0..<inChannels { CodingKernels.accumulate(out, wt + ci * outChannels, src[ci], count: outChannels) }
        }
    }

    /// Calls `body` with the input and weight offsets of the taps inside the map at (oy, ox).
    @inline(__always)
    private func withTaps(at oy: Int, _ ox: Int, _ body: (UnsafePointer<Int>, UnsafePointer<Int>, Int) -> Void) {
        let (iy, ix) = (oy * stride, ox * stride)
        if offsets.allSatisfy({ inside(iy + $0.dy, ix + $0.dx) }) {
            inputOffsets.withUnsafeBufferPointer { xo in weightOffsets.withUnsafeBufferPointer { wo in body(xo.baseAddress!, wo.baseAddress!, offsets.count) } }
            return
        }
        withUnsafeTemporaryAllocation(of: Int.self, capacity: 2 * offsets.count) { buffer in
            var taps = 0
            for (t, o) in offsets.enumerated() where inside(iy + o.dy, ix + o.dx) {
                buffer[taps] = inputOffsets[t]
                buffer[offsets.count + taps] = weightOffsets[t]
                taps += 1
            }
            body(buffer.baseAddress!, buffer.baseAddress! + offsets.count, taps)
        }
    }

    /// The whole output map `[Ho·Wo][Cout]`.
    func applyAll(_ input: UnsafePointer<Float>, _ output: UnsafeMutablePointer<Float>) {
        weight.withUnsafeBufferPointer { w in
            for oy in 0..<outHeight {
                for ox in 0..<outWidth { apply(at: oy, ox, input: input, weights: w.baseAddress!, output + (oy * outWidth + ox) * outChannels) }
            }
        }
    }
}

/// A transposed convolution. Each output sums, after its bias, the contributions of the inputs
/// whose taps reach it in (input position, channel) order: the order of the scatter form (every
/// input adds a weight row into the outputs its taps reach, position by position), which this
/// computes as a gather so that the accumulators stay in registers.
final class CodingConvTranspose: Sendable {
    let inChannels: Int, outChannels: Int
    let inHeight: Int, inWidth: Int, outHeight: Int, outWidth: Int
    let stride: Int
    let offsets: [(dy: Int, dx: Int)]
    let weight: [Float]   // [in][tap][out]
    let bias: [Float]
    /// Per output position, the (input position, tap) pairs that reach it, by input position.
    let sources: [[(input: Int, tap: Int)]]
    /// The outputs as `vlae_conv32` computes them: per step one position, or two positions of a
    /// row two apart whose sources are the same taps one input column apart (`vlae_conv32x2`),
    /// with their sources' offsets at `start ..< start + count` of `xOffsets` and `wOffsets`.
    let steps: [(first: Int, second: Int?, start: Int, count: Int)]
    let xOffsets: [Int], wOffsets: [Int]

    init(inChannels: Int, outChannels: Int, inHeight: Int, inWidth: Int, outHeight: Int, outWidth: Int,
         stride: Int, offsets: [(dy: Int, dx: Int)], weight: [Float], bias: [Float]) {
        (self.inChannels, self.outChannels, self.inHeight, self.inWidth) = (inChannels, outChannels, inHeight, inWidth)
        (self.outHeight, self.outWidth, self.stride, self.offsets, self.weight, self.bias) = (outHeight, outWidth, stride, offsets, weight, bias)
        var sources = [[(input: Int, tap: Int)]](repeating: [], count: outHeight * outWidth)
        for iy in 0..<inHeight {
            for ix in 0..<inWidth {
                for (t, o) in offsets.enumerated() {
                    let oy = iy * stride + o.dy, ox = ix * stride + o.dx
                    guard oy >= 0 && oy < outHeight && ox >= 0 && ox < outWidth else { continue }
                    sources[oy * outWidth + ox].append((iy * inWidth + ix, t))
                }
            }
        }
        self.sources = sources
        var steps: [(first: Int, second: Int?, start: Int, count: Int)] = [], xOffsets: [Int] = [], wOffsets: [Int] = []
        var paired = Set<Int>()
        for p in sources.indices where !paired.contains(p) {
            let next = p + stride
            let partner = next / outWidth == p / outWidth && next < sources.count && !paired.contains(next)
                && sources[next].count == sources[p].count
                && zip(sources[p], sources[next]).allSatisfy { $1.input == $0.input + 1 && $1.tap == $0.tap }
            if partner { paired.insert(next) }
            steps.append((p, partner ? next : nil, xOffsets.count, sources[p].count))
            xOffsets += sources[p].map { $0.input * inChannels }
            wOffsets += sources[p].map { $0.tap * outChannels }
        }
        (self.steps, self.xOffsets, self.wOffsets) = (steps, xOffsets, wOffsets)
    }

    /// y `[H·W][Cout]` from x `[h·w][Cin]`: each output's sum runs over its sources in order,
    /// and over the input channels within each.
    func apply(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>) {
        let taps = offsets.count, blocked = outChannels / 32 * 32
        weight.withUnsafeBufferPointer { w in
            bias.withUnsafeBufferPointer { b in
                xOffsets.withUnsafeBufferPointer { xo in
                    wOffsets.withUnsafeBufferPointer { wo in
                        let (w, b, xo, wo) = (w.baseAddress!, b.baseAddress!, xo.baseAddress!, wo.baseAddress!)
                        for step in steps {
                            let out0 = y + step.first * outChannels
                            out0.update(from: b, count: outChannels)
                            if let second = step.second {
                                let out1 = y + second * outChannels
                                out1.update(from: b, count: outChannels)
                                for first in Swift.stride(from: 0, to: blocked, by: 32) {
                                    vlae_conv32x2(out0 + first, out1 + first, w + first, taps * outChannels, x, inChannels,
                                                  xo + step.start, wo + step.start, step.count, inChannels)
                                }
                                accumulateRest(into: out1, position: second, x, w)
                            } else {
                                for first in Swift.stride(from: 0, to: blocked, by: 32) {
                                    vlae_conv32(out0 + first, w + first, taps * outChannels, x, xo + step.start, wo + step.start, step.count, inChannels)
                                }
                            }
                            accumulateRest(into: out0, position: step.first, x, w)
                        }
                    }
                }
            }
        }
    }

    /// The channels past the last whole block of 32, in the same order.
    private func accumulateRest(into out: UnsafeMutablePointer<Float>, position p: Int, _ x: UnsafePointer<Float>, _ w: UnsafePointer<Float>) {
        let blocked = outChannels / 32 * 32, taps = offsets.count
        guard blocked < outChannels else { return }
        for (input, tap) in sources[p] {
            for ci in 0..<inChannels {
                CodingKernels.accumulate(out + blocked, w + (ci * taps + tap) * outChannels + blocked,
                                         x[input * inChannels + ci], count: outChannels - blocked)
            }
        }
    }
}
