import DeterministicMath

extension CodingModel {
    /// The encoder's Gaussian of an S×S tile: mean and standard deviation per latent (the
    /// posterior q(z|x) itself, or the draw an IAF step then moves: `Posterior`).
    /// - Precondition: `pixels.count == S²`, values 0 … `maxValue`.
    public func posterior(_ pixels: [UInt8], maxValue: Int) -> (mean: [Double], std: [Double]) {
        posteriors([(pixels, maxValue)])[0]
    }

    /// `posterior` of several tiles, the same numbers for each: the encoder's dense layer, the
    /// largest (its weights do not fit in cache), reads its weights once for every two tiles.
    public func posteriors(_ tiles: [(pixels: [UInt8], maxValue: Int)]) -> [(mean: [Double], std: [Double])] {
        if let integerTile { return integerTile.posteriors(tiles) }
        let features = enc3.inputs
        var a2 = [Float](repeating: 0, count: tiles.count * features)
        var a1 = [Float](repeating: 0, count: config.halfTile * config.halfTile * enc1.outChannels)
        a2.withUnsafeMutableBufferPointer { all in
            for (t, tile) in tiles.enumerated() {
                precondition(tile.pixels.count == config.pixels)
                let x = tile.pixels.map { config.pixelModel.input($0, maxValue: tile.maxValue) }
                enc1.applyAll(x, &a1)
                CodingKernels.elu(&a1, count: a1.count)
                enc2.applyAll(a1, all.baseAddress! + t * features)
            }
        }
        CodingKernels.elu(&a2, count: a2.count)
        var a3 = [Float](repeating: 0, count: tiles.count * enc3.outputs)
        enc3.apply(map: a2, &a3, count: tiles.count)
        CodingKernels.elu(&a3, count: a3.count)
        var out = [Float](repeating: 0, count: enc4.outputs)
        let d = latents
        return (0..<tiles.count).map { t in
            a3.withUnsafeBufferPointer { enc4.apply($0.baseAddress! + t * enc3.outputs, &out) }
            return ((0..<d).map { Double(out[$0]) }, (0..<d).map { DMath.exp(Double(clampLogScale(out[d + $0]))) })
        }
    }

    /// The prior's conditionals N(m_i, s_i), one latent at a time: call `next` for i = 0, 1, …,
    /// D−1 with the latents decided so far (z_0 … z_{i−1} in `z`). The AF prior's come from its
    /// MADE; the diagonal prior's are all N(0, 1).
    public final class Prior {
        let model: CodingModel
        var made: MADEState
        public private(set) var step = 0

        public init(model: CodingModel) {
            self.model = model
            made = MADEState(model: model)
        }

        /// The conditional of z_step given z[0..<step]; advances to the next latent.
        public func next(z: [Float]) -> (mean: Double, std: Double) {
            precondition(step < model.latents, "all \(model.latents) conditionals already given")
            step += 1
            guard model.config.prior == .autoregressive, model.made != nil else { return (0, 1) }
            return model.madeConditional(step - 1, z: z, state: &made)
        }

        /// Starts a new tile.
        public func reset() { step = 0 }
    }

    /// The posterior's conditionals q(z_i | z_<i, x), one latent at a time like `Prior`. With a
    /// diagonal posterior they are the encoder's N(μ_i, σ_i). With an IAF step z_i = m_i + s_i·z⁰_i,
    /// (m, log s) = MADE(z⁰_<i), z⁰ ~ N(μ, σ): given z_<i, the step's inverse gives
    /// z⁰_j = (z_j − m_j)/s_j, so z_i is N(m_i + s_i·μ_i, s_i·σ_i).
    public final class Posterior {
        let model: CodingModel
        var mean: [Double] = [], std: [Double] = []
        var made: MADEState
        /// z⁰ recovered so far, and each step's shift m_i and scale s_i.
        var z0: [Float], shift: [Double], scale: [Double]
        public private(set) var step = 0

        public init(model: CodingModel) {
            self.model = model
            made = MADEState(model: model)
            z0 = [Float](repeating: 0, count: model.latents)
            shift = [Double](repeating: 0, count: model.latents)
            scale = shift
        }

        /// Starts a tile whose encoder gave the Gaussian N(`mean`, `std`).
        public func start(_ gaussian: (mean: [Double], std: [Double])) {
            precondition(gaussian.mean.count == model.latents && gaussian.std.count == model.latents)
            (mean, std) = gaussian
            step = 0
        }

        /// Back to latent 0 of the same tile (another draw of its latents).
        public func reset() { step = 0 }

        /// The conditional of z_step given z[0..<step]; advances to the next latent.
        public func next(z: [Float]) -> (mean: Double, std: Double) {
            precondition(step < model.latents, "all \(model.latents) conditionals already given")
            let i = step
            step += 1
            guard model.config.posterior == .inverseAutoregressive, model.made != nil else { return (mean[i], std[i]) }
            if i > 0 { z0[i - 1] = Float((Double(z[i - 1]) - shift[i - 1]) / scale[i - 1]) }
            (shift[i], scale[i]) = model.madeConditional(i, z: z0, state: &made)
            return (shift[i] + scale[i] * mean[i], scale[i] * std[i])
        }

        /// Every conditional for latents `z` all decided (the decoder's, once it knows x).
        public func conditionals(of z: [Float]) -> [(mean: Double, std: Double)] {
            reset()
            return (0..<model.latents).map { _ in next(z: z) }
        }
    }

    /// A tile's MADE hidden units so far, float or integer as the model computes them.
    struct MADEState {
        var h1: [Float], h2: [Float]
        var integer: IntegerMADE.State?

        init(model: CodingModel) {
            let h = model.config.madeHidden
            (h1, h2) = ([Float](repeating: 0, count: h), [Float](repeating: 0, count: h))
            integer = model.integerTile?.made.map { _ in IntegerMADE.State(latents: model.latents, hidden: h) }
        }
    }

    /// The MADE's step i (shift and scale of latent i's Gaussian) from z_<i; step i must follow
    /// steps 0 … i−1 of the same tile and `state`.
    func madeConditional(_ i: Int, z: [Float], state: inout MADEState) -> (mean: Double, std: Double) {
        if let integer = integerTile?.made {
            let (m, ls) = integer.conditional(i, z: z, state: &state.integer!)
            return (m, DMath.exp(integerTile!.clampLogScale(ls)))
        }
        let (m, ls) = made!.conditional(i, z: z, h1: &state.h1, h2: &state.h2)
        return (Double(m), DMath.exp(Double(clampLogScale(ls))))
    }

    func clampLogScale(_ v: Float) -> Float { min(max(v, config.logScaleMin), config.logScaleMax) }
}
