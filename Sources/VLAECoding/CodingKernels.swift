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

/// A dense layer `y = b + Σ_k x[k]·W[k, :]`, weights stored input-major (`[in][out]`) so each input
/// adds one contiguous row into the outputs.
struct CodingDense: Sendable {
    let inputs: Int
    let outputs: Int
    let weight: [Float]   // [in][out]
    let bias: [Float]     // [out]

    /// y `[out]` from x `[in]`.
    func apply(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>) {
        y.update(from: bias, count: outputs)
        weight.withUnsafeBufferPointer { w in
            for k in 0..<inputs { CodingKernels.accumulate(y, w.baseAddress! + k * outputs, x[k], count: outputs) }
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

    /// `apply` for output channels `32·block ..< 32·block + 32`, with the accumulators held in four
    /// SIMD registers instead of memory: the same operations in the same order per channel, so the
    /// same bits, about twice as fast (every shipped model's layers have 32 or 64 channels).
    @inline(__always)
    private func apply32(block: Int, at oy: Int, _ ox: Int, input: UnsafePointer<Float>, weights w: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>) {
        @inline(__always) func load(_ p: UnsafePointer<Float>) -> SIMD8<Float> { UnsafeRawPointer(p).loadUnaligned(as: SIMD8<Float>.self) }
        let first = 32 * block
        var (a0, a1, a2, a3) = bias.withUnsafeBufferPointer { b in
            let b = b.baseAddress! + first
            return (load(b), load(b + 8), load(b + 16), load(b + 24))
        }
        for (t, o) in offsets.enumerated() {
            let iy = oy * stride + o.dy, ix = ox * stride + o.dx
            guard iy >= 0 && iy < height && ix >= 0 && ix < width else { continue }
            let src = input + (iy * width + ix) * inChannels
            var wr = w + t * inChannels * outChannels + first
            for ci in 0..<inChannels {
                let v = SIMD8<Float>(repeating: src[ci])
                a0 = a0 + load(wr) * v
                a1 = a1 + load(wr + 8) * v
                a2 = a2 + load(wr + 16) * v
                a3 = a3 + load(wr + 24) * v
                wr += outChannels
            }
        }
        let raw = UnsafeMutableRawPointer(out + first)
        raw.storeBytes(of: a0, as: SIMD8<Float>.self)
        (raw + 32).storeBytes(of: a1, as: SIMD8<Float>.self)
        (raw + 64).storeBytes(of: a2, as: SIMD8<Float>.self)
        (raw + 96).storeBytes(of: a3, as: SIMD8<Float>.self)
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

/// A transposed convolution as a scatter: each input value adds a weight row into the outputs its
/// taps reach, in a fixed (input position, channel, tap) order.
struct CodingConvTranspose: Sendable {
    let inChannels: Int, outChannels: Int
    let inHeight: Int, inWidth: Int, outHeight: Int, outWidth: Int
    let stride: Int
    let offsets: [(dy: Int, dx: Int)]
    let weight: [Float]   // [in][tap][out]
    let bias: [Float]

    /// y `[H·W][Cout]` from x `[h·w][Cin]`.
    func apply(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>) {
        for p in 0..<(outHeight * outWidth) { (y + p * outChannels).update(from: bias, count: outChannels) }
        weight.withUnsafeBufferPointer { w in
            for iy in 0..<inHeight {
                for ix in 0..<inWidth {
                    for ci in 0..<inChannels {
                        let v = x[(iy * inWidth + ix) * inChannels + ci]
                        for (t, o) in offsets.enumerated() {
                            let oy = iy * stride + o.dy, ox = ix * stride + o.dx
                            guard oy >= 0 && oy < outHeight && ox >= 0 && ox < outWidth else { continue }
                            CodingKernels.accumulate(y + (oy * outWidth + ox) * outChannels,
                                                     w.baseAddress! + (ci * offsets.count + t) * outChannels, v, count: outChannels)
                        }
                    }
                }
            }
        }
    }
}
