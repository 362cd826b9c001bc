import DeterministicMath

extension CodingModel {
    /// The posterior q(z|x) of a 28×28 tile: mean and standard deviation per latent.
    /// - Precondition: `pixels.count == 784`, values 0 or 1.
    public func posterior(_ pixels: [UInt8]) -> (mean: [Double], std: [Double]) {
        precondition(pixels.count == 784)
        let x = pixels.map { Float($0) }
        var a1 = [Float](repeating: 0, count: 196 * enc1.outChannels)
        var a2 = [Float](repeating: 0, count: 49 * enc2.outChannels)
        var a3 = [Float](repeating: 0, count: enc3.outputs)
        var out = [Float](repeating: 0, count: enc4.outputs)
        enc1.applyAll(x, &a1)
        CodingKernels.elu(&a1, count: a1.count)
        enc2.applyAll(a1, &a2)
        CodingKernels.elu(&a2, count: a2.count)
        enc3.apply(a2, &a3)
        CodingKernels.elu(&a3, count: a3.count)
        enc4.apply(a3, &out)
        let d = latents
        return ((0..<d).map { Double(out[$0]) }, (0..<d).map { DMath.exp(Double(clampLogScale(out[d + $0]))) })
    }

    /// The AF prior's conditional N(m_i, s_i) of latent `i` given `prefix` = z_0 … z_{i−1}.
    /// The MADE's masks cut latents ≥ i off output i; they enter as zeros, so both coder sides
    /// evaluate exactly the same sums.
    public func priorConditional(_ i: Int, prefix: ArraySlice<Float>) -> (mean: Double, std: Double) {
        precondition(prefix.count == i && i < latents)
        var z = [Float](repeating: 0, count: latents)
        z.replaceSubrange(0..<i, with: prefix)
        var h1 = [Float](repeating: 0, count: made1.outputs), h2 = [Float](repeating: 0, count: made2.outputs)
        made1.apply(z, &h1)
        CodingKernels.elu(&h1, count: h1.count)
        made2.apply(h1, &h2)
        CodingKernels.elu(&h2, count: h2.count)
        let m = made3.output(i, h2), ls = clampLogScale(made3.output(latents + i, h2))
        return (Double(m), DMath.exp(Double(ls)))
    }

    func clampLogScale(_ v: Float) -> Float { min(max(v, config.logScaleMin), config.logScaleMax) }
}
