import DeterministicMath

extension CodingModel {
    /// The posterior q(z|x) of an S×S tile: mean and standard deviation per latent.
    /// - Precondition: `pixels.count == S²`, values 0 … `maxValue`.
    public func posterior(_ pixels: [UInt8], maxValue: Int) -> (mean: [Double], std: [Double]) {
        precondition(pixels.count == config.pixels)
        let x = pixels.map { config.pixelModel.input($0, maxValue: maxValue) }
        var a1 = [Float](repeating: 0, count: config.halfTile * config.halfTile * enc1.outChannels)
        var a2 = [Float](repeating: 0, count: config.quarterTile * config.quarterTile * enc2.outChannels)
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

    /// The AF prior's conditionals N(m_i, s_i), one latent at a time: call `next` for
    /// i = 0, 1, …, D−1 with the latents decided so far (z_0 … z_{i−1} in `z`).
    public final class Prior {
        let model: CodingModel
        var h1: [Float], h2: [Float]
        public private(set) var step = 0

        public init(model: CodingModel) {
            self.model = model
            h1 = [Float](repeating: 0, count: model.made.hidden)
            h2 = [Float](repeating: 0, count: model.made.hidden)
        }

        /// The conditional of z_step given z[0..<step]; advances to the next latent.
        public func next(z: [Float]) -> (mean: Double, std: Double) {
            precondition(step < model.latents, "all \(model.latents) conditionals already given")
            let (m, ls) = z.withUnsafeBufferPointer { zp in
                h1.withUnsafeMutableBufferPointer { a in
                    h2.withUnsafeMutableBufferPointer { b in model.made.conditional(step, z: zp.baseAddress!, h1: a.baseAddress!, h2: b.baseAddress!) }
                }
            }
            step += 1
            return (Double(m), DMath.exp(Double(model.clampLogScale(ls))))
        }

        /// Starts a new tile.
        public func reset() { step = 0 }
    }

    func clampLogScale(_ v: Float) -> Float { min(max(v, config.logScaleMin), config.logScaleMax) }
}
