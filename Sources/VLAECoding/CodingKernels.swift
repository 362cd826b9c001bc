import DeterministicMath

/// The arithmetic of the coding model: fixed-order Float sums with no fused multiply-add, so that
/// every build and every IEEE-754 machine computes the same bits (DESIGN.md rule 1).
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

    /// `x[i] = ELU(x[i])`
    @inline(__always)
    static func elu(_ x: UnsafeMutablePointer<Float>, count: Int) {
        for i in 0..<count { x[i] = DMath.elu(x[i]) }
    }

    /// `a[i] += b[i]`
    @inline(__always)
    static func add(_ b: UnsafePointer<Float>, to a: UnsafeMutablePointer<Float>, count: Int) {
        for i in 0..<count { a[i] = a[i] + b[i] }
    }
}

/// 32 output channels' accumulators in four SIMD registers: `add` is `accumulate` of 32 lanes
/// without the load and store of the accumulators, so the same operations and the same bits.
struct Lanes32 {
    var a0, a1, a2, a3: SIMD8<Float>

    @inline(__always) static func load(_ p: UnsafePointer<Float>) -> SIMD8<Float> { UnsafeRawPointer(p).loadUnaligned(as: SIMD8<Float>.self) }

    @inline(__always) init(_ initial: UnsafePointer<Float>) {
        (a0, a1, a2, a3) = (Self.load(initial), Self.load(initial + 8), Self.load(initial + 16), Self.load(initial + 24))
    }

    /// `lanes += row[0..<32] · value`
    @inline(__always) mutating func add(_ row: UnsafePointer<Float>, times value: Float) {
        let v = SIMD8<Float>(repeating: value)
        a0 = a0 + Self.load(row) * v
        a1 = a1 + Self.load(row + 8) * v
        a2 = a2 + Self.load(row + 16) * v
        a3 = a3 + Self.load(row + 24) * v
    }

    @inline(__always) func store(_ out: UnsafeMutablePointer<Float>) {
        let raw = UnsafeMutableRawPointer(out)
        raw.storeBytes(of: a0, as: SIMD8<Float>.self)
        (raw + 32).storeBytes(of: a1, as: SIMD8<Float>.self)
        (raw + 64).storeBytes(of: a2, as: SIMD8<Float>.self)
        (raw + 96).storeBytes(of: a3, as: SIMD8<Float>.self)
    }
}

/// A dense layer `y = b + Σ_k x[k]·W[k, :]`, weights stored input-major (`[in][out]`) so each input
/// adds one contiguous row into the outputs.
struct CodingDense: Sendable {
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

    /// y `[out]` from x `[in]`: whole blocks of 32 outputs in registers, the rest in memory; every
    /// output sums its terms in input order either way.
    func apply(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>) {
        let blocked = outputs / 32 * 32
        blocks.withUnsafeBufferPointer { packed in
            bias.withUnsafeBufferPointer { b in
                let b = b.baseAddress!
                var row = packed.baseAddress
                for first in stride(from: 0, to: blocked, by: 32) {
                    var lanes = Lanes32(b + first)
                    for k in 0..<inputs {
                        lanes.add(row!, times: x[k])
                        row! += 32
                    }
                    lanes.store(y + first)
                }
                guard blocked < outputs else { return }
                let rest = outputs - blocked
                (y + blocked).update(from: b + blocked, count: rest)
                weight.withUnsafeBufferPointer { w in
                    for k in 0..<inputs { CodingKernels.accumulate(y + blocked, w.baseAddress! + k * outputs + blocked, x[k], count: rest) }
                }
            }
        }
    }
}

/// A convolution evaluated one output position at a time on position-major (`[H·W][C]`) maps.
struct CodingConv: Sendable {
    let inChannels: Int
    let outChannels: Int
    let height: Int, width: Int
    let stride: Int
    /// Tap offsets relative to `(oy·stride, ox·stride)`, in the training layer's tap order.
    let offsets: [(dy: Int, dx: Int)]
    let weight: [Float]   // [tap][in][out]
    let bias: [Float]

    var outHeight: Int { (height - 1) / stride + 1 }
    var outWidth: Int { (width - 1) / stride + 1 }

    /// `out[0..<Cout]` = the layer at output position (oy, ox); taps outside the map are skipped.
    @inline(__always)
    func apply(at oy: Int, _ ox: Int, input: UnsafePointer<Float>, weights w: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>) {
        if outChannels % 32 == 0 {
            for block in 0..<(outChannels / 32) { apply32(block: block, at: oy, ox, input: input, weights: w, out) }
            return
        }
        out.update(from: bias, count: outChannels)
        for (t, o) in offsets.enumerated() {
            let iy = oy * stride + o.dy, ix = ox * stride + o.dx
            guard iy >= 0 && iy < height && ix >= 0 && ix < width else { continue }
            let src = input + (iy * width + ix) * inChannels
            let wt = w + t * inChannels * outChannels
            for ci in 0..<inChannels { CodingKernels.accumulate(out, wt + ci * outChannels, src[ci], count: outChannels) }
        }
    }

    /// `apply` for output channels `32·block ..< 32·block + 32`, with the accumulators in
    /// registers (`Lanes32`): about twice as fast, the same bits (every shipped model's layers
    /// have 32 or 64 channels).
    @inline(__always)
    private func apply32(block: Int, at oy: Int, _ ox: Int, input: UnsafePointer<Float>, weights w: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>) {
        let first = 32 * block
        var lanes = bias.withUnsafeBufferPointer { Lanes32($0.baseAddress! + first) }
        for (t, o) in offsets.enumerated() {
            let iy = oy * stride + o.dy, ix = ox * stride + o.dx
            guard iy >= 0 && iy < height && ix >= 0 && ix < width else { continue }
            let src = input + (iy * width + ix) * inChannels
            var row = w + t * inChannels * outChannels + first
            for ci in 0..<inChannels {
                lanes.add(row, times: src[ci])
                row += outChannels
            }
        }
        lanes.store(out + first)
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
struct CodingConvTranspose: Sendable {
    let inChannels: Int, outChannels: Int
    let inHeight: Int, inWidth: Int, outHeight: Int, outWidth: Int
    let stride: Int
    let offsets: [(dy: Int, dx: Int)]
    let weight: [Float]   // [in][tap][out]
    let bias: [Float]
    /// Per output position, the (input position, tap) pairs that reach it, by input position.
    let sources: [[(input: Int, tap: Int)]]

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
    }

    /// y `[H·W][Cout]` from x `[h·w][Cin]`.
    func apply(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>) {
        let taps = offsets.count, blocked = outChannels / 32 * 32
        weight.withUnsafeBufferPointer { w in
            bias.withUnsafeBufferPointer { b in
                let (w, b) = (w.baseAddress!, b.baseAddress!)
                for (p, reaching) in sources.enumerated() {
                    let out = y + p * outChannels
                    for first in Swift.stride(from: 0, to: blocked, by: 32) {
                        var lanes = Lanes32(b + first)
                        for (input, tap) in reaching {
                            let src = x + input * inChannels
                            var row = w + tap * outChannels + first
                            for ci in 0..<inChannels {
                                lanes.add(row, times: src[ci])
                                row += taps * outChannels
                            }
                        }
                        lanes.store(out + first)
                    }
                    guard blocked < outChannels else { continue }
                    let rest = outChannels - blocked
                    (out + blocked).update(from: b + blocked, count: rest)
                    for (input, tap) in reaching {
                        for ci in 0..<inChannels {
                            CodingKernels.accumulate(out + blocked, w + (ci * taps + tap) * outChannels + blocked, x[input * inChannels + ci], count: rest)
                        }
                    }
                }
            }
        }
    }
}
