/// Direct, loop-per-definition convolution kernels: the oracles the fast im2col+GEMM layers are
/// tested against and the baseline the benchmark reports beside them.
public enum ReferenceKernels {
    /// y `[Cout, N, Ho, Wo]` = bias + Σ over channels and taps of weight `[Cout, Cin·T]` · x `[Cin, N, H, W]`.
    public static func conv2d(_ g: ConvGeometry, outChannels: Int, weight: [Float], bias: [Float], x: [Float], batch n: Int) -> [Float] {
        let (ho, wo, t) = (g.outHeight, g.outWidth, g.taps.count)
        var y = [Float](repeating: 0, count: outChannels * n * ho * wo)
        for co in 0..<outChannels {
            for img in 0..<n {
                for oy in 0..<ho {
                    for ox in 0..<wo {
                        var sum = bias[co]
                        for ci in 0..<g.inChannels {
                            for (ti, tap) in g.taps.enumerated() {
                                let iy = oy * g.stride + tap / g.kernelWidth - g.padding
                                let ix = ox * g.stride + tap % g.kernelWidth - g.padding
                                guard iy >= 0, iy < g.height, ix >= 0, ix < g.width else { continue }
                                sum += weight[co * g.inChannels * t + ci * t + ti] * x[((ci * n + img) * g.height + iy) * g.width + ix]
                            }
                        }
                        y[((co * n + img) * ho + oy) * wo + ox] = sum
                    }
                }
            }
        }
        return y
    }

    /// The transposed convolution of `ConvTranspose2d`: every input value x `[Cin, N, h, w]` spreads
    /// through weight `[Cin, Cout·T]` onto the output `[Cout, N, H, W]` positions its taps reach.
    public static func convTranspose2d(_ adjoint: ConvGeometry, inChannels: Int, weight: [Float], bias: [Float], x: [Float], batch n: Int) -> [Float] {
        let (h, w, t, co) = (adjoint.outHeight, adjoint.outWidth, adjoint.taps.count, adjoint.inChannels)
        let (oh, ow) = (adjoint.height, adjoint.width)
        var y = [Float](repeating: 0, count: co * n * oh * ow)
        for c in 0..<co { for i in 0..<(n * oh * ow) { y[c * n * oh * ow + i] = bias[c] } }
        for ci in 0..<inChannels {
            for img in 0..<n {
                for iy in 0..<h {
                    for ix in 0..<w {
                        let v = x[((ci * n + img) * h + iy) * w + ix]
                        for c in 0..<co {
                            for (ti, tap) in adjoint.taps.enumerated() {
                                let oy = iy * adjoint.stride + tap / adjoint.kernelWidth - adjoint.padding
                                let ox = ix * adjoint.stride + tap % adjoint.kernelWidth - adjoint.padding
                                guard oy >= 0, oy < oh, ox >= 0, ox < ow else { continue }
                                y[((c * n + img) * oh + oy) * ow + ox] += weight[ci * co * t + c * t + ti] * v
                            }
                        }
                    }
                }
            }
        }
        return y
    }
}
