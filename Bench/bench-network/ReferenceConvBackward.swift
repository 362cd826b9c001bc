import Network

/// Direct-loop gradients of `ReferenceKernels.conv2d`, the oracle for `Conv2d.backward`: the
/// weight and bias gradients by their definition, the input gradient as the transposed
/// convolution of dy (a `Conv2d` weight `[Cout, Cin·T]` is laid out as `ConvTranspose2d` expects
/// for a layer from Cout to Cin channels over the same geometry).
enum ReferenceConvBackward {
    /// dW `[Cout, Cin·T]`: Σ over images and output pixels of dy `[Cout, N, Ho, Wo]` times the
    /// input x `[Cin, N, H, W]` under each tap (taps in the padding contribute nothing).
    static func weightGradient(_ g: ConvGeometry, outChannels: Int, dy: [Float], x: [Float], batch n: Int) -> [Float] {
        let (ho, wo, t) = (g.outHeight, g.outWidth, g.taps.count)
        var dw = [Float](repeating: 0, count: outChannels * g.patchSize)
        for co in 0..<outChannels {
            for ci in 0..<g.inChannels {
                for (ti, tap) in g.taps.enumerated() {
                    var sum: Float = 0
                    for img in 0..<n {
                        for oy in 0..<ho {
                            let iy = oy * g.stride + tap / g.kernelWidth - g.padding
                            guard iy >= 0, iy < g.height else { continue }
                            for ox in 0..<wo {
                                let ix = ox * g.stride + tap % g.kernelWidth - g.padding
                                guard ix >= 0, ix < g.width else { continue }
                                sum += dy[((co * n + img) * ho + oy) * wo + ox] * x[((ci * n + img) * g.height + iy) * g.width + ix]
                            }
                        }
                    }
                    dw[co * g.inChannels * t + ci * t + ti] = sum
                }
            }
        }
        return dw
    }

    /// db `[Cout]`: the sum of dy `[Cout, P]` over its P positions.
    static func biasGradient(outChannels: Int, dy: [Float]) -> [Float] {
        let p = dy.count / outChannels
        return (0..<outChannels).map { co in dy[(co * p)..<((co + 1) * p)].reduce(0, +) }
    }

    /// dx `[Cin, N, H, W]`: dy `[Cout, N, Ho, Wo]` spread back through the weight.
    static func inputGradient(_ g: ConvGeometry, outChannels: Int, weight: [Float], dy: [Float], batch n: Int) -> [Float] {
        ReferenceKernels.convTranspose2d(g, inChannels: outChannels, weight: weight,
                                         bias: [Float](repeating: 0, count: g.inChannels), x: dy, batch: n)
    }
}
