/// What the PixelCNN needs from z for one tile: z's upsampled feature map `[784][C]` and, per
/// residual layer, its 1×1 conditioning term `[784][C]`. Computed once per tile, by the same code
/// on both coder sides.
public struct PixelContext: Sendable {
    let condition: [Float]
    let layerTerms: [[Float]]
}

extension CodingModel {
    public func pixelContext(z: [Float]) -> PixelContext {
        precondition(z.count == latents)
        let ch = config.channels
        var u0 = [Float](repeating: 0, count: up0.outputs)
        var u1 = [Float](repeating: 0, count: 196 * ch)
        var c = [Float](repeating: 0, count: 784 * ch)
        up0.apply(z, &u0)
        CodingKernels.elu(&u0, count: u0.count)
        up1.apply(u0, &u1)
        CodingKernels.elu(&u1, count: u1.count)
        up2.apply(u1, &c)
        let terms = conditioning.map { layer -> [Float] in
            var t = [Float](repeating: 0, count: 784 * ch)
            c.withUnsafeBufferPointer { cp in
                t.withUnsafeMutableBufferPointer { tp in
                    for p in 0..<784 { layer.apply(cp.baseAddress! + p * ch, tp.baseAddress! + p * ch) }
                }
            }
            return t
        }
        return PixelContext(condition: c, layerTerms: terms)
    }
}
