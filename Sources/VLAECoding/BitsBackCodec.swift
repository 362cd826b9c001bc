import EntropyCoder

/// Ideal code lengths, in bits, of what one tile put on the message (from the quantised tables
/// actually used). With one particle the coding model's −ELBO of the tile is
/// `pixels + prior − posterior`; with N (`BitsBackParameters.particles`) those three are the
/// chosen particle's and `choice` adds the index's cost, so that the net is the N-sample
/// importance-weighted bound's.
public struct TileCost: Sendable, Equatable {
    public var pixels = 0.0
    public var prior = 0.0
    /// Bits taken back by popping z from the posterior.
    public var posterior = 0.0
    /// Blank-tile flags (`BlankTileFlags`).
    public var flags = 0.0
    /// The particle index: log2 N pushed under the uniform distribution, less the bits taken back
    /// by popping it from the normalised importance weights (0 with one particle).
    public var choice = 0.0
    /// The coding model's −ELBO of the tiles coded with the model: with N particles, the mean of
    /// the N particles' `pixels + prior − posterior`.
    public var elbo = 0.0
    /// The N-sample importance-weighted bound, −log2 of the mean of the particles' weights (the
    /// −ELBO itself with one particle).
    public var importanceBound = 0.0
    public var netBits: Double { pixels + prior - posterior + flags + choice }
    /// The coding −ELBO of everything coded, blank-tile flags included.
    public var negELBOBits: Double { elbo + flags }
    /// The bound the coder follows (the −ELBO with one particle), blank-tile flags included.
    public var boundBits: Double { importanceBound + flags }

    public static func + (a: TileCost, b: TileCost) -> TileCost {
        TileCost(pixels: a.pixels + b.pixels, prior: a.prior + b.prior, posterior: a.posterior + b.posterior, flags: a.flags + b.flags,
                 choice: a.choice + b.choice, elbo: a.elbo + b.elbo, importanceBound: a.importanceBound + b.importanceBound)
    }
}

/// The buffers one thread needs to code tiles, reused from tile to tile.
public final class CodingWorkspace {
    let pixelCNN: PixelCNNState
    let prior: CodingModel.Prior
    let posterior: CodingModel.Posterior
    /// One pixel's outputs per lane (decoding).
    var outputs: [Float]

    /// `lanes`: tiles whose pixels are decoded at once (`PixelCNNState`), 1 … 4.
    public init(model: CodingModel, lanes: Int = 1) {
        pixelCNN = PixelCNNState(model: model, lanes: lanes)
        prior = CodingModel.Prior(model: model)
        posterior = CodingModel.Posterior(model: model)
        outputs = [Float](repeating: 0, count: lanes * model.config.pixelModel.outputChannels)
    }
}

/// A pixel's table from the PixelCNN's outputs: Bernoulli from one logit, or a logistic mixture
/// over 0 … maxValue from K logits, K means and K log-scales (clamped as in training). The
/// mixture's buffers are reused from pixel to pixel.
struct PixelTable {
    let precision: Int
    var bernoulli: BernoulliCodec
    var mixture: LogisticMixtureCodec?

    init(model: CodingModel, maxValue: Int, precision: Int) {
        self.precision = precision
        bernoulli = BernoulliCodec(frequencyOfOne: 1, precision: precision)
        if case .logisticMixture(let k) = model.config.pixelModel {
            mixture = LogisticMixtureCodec(levels: maxValue + 1, components: k, precision: precision)
        }
    }

    /// Loads one pixel's P outputs (the log-scales are clamped in place).
    mutating func set(_ out: UnsafeMutablePointer<Float>, model: CodingModel) {
        guard let k = mixture?.components else {
            bernoulli = BernoulliCodec(logit: Double(out[0]), precision: precision)
            return
        }
        for j in (2 * k)..<(3 * k) { out[j] = model.clampLogScale(out[j]) }
        mixture!.set(logits: out, means: out + k, logScales: out + 2 * k)
    }

    /// Pushes `value`, counting its cost in `tally`.
    func push(_ value: UInt8, to stack: inout RansStack, tally: inout InformationTally) {
        let interval = mixture?.interval(of: Int(value)) ?? bernoulli.interval(of: value == 1)
        stack.push(start: interval.start, frequency: interval.frequency, precision: precision)
        tally.add(interval, precision: precision)
    }

    /// The bits `push` would take for `value`.
    func informationContent(of value: UInt8) -> Double {
        if let m = mixture { return m.informationContent(of: Int(value)) }
        return bernoulli.informationContent(of: value == 1)
    }

    func pop(from stack: inout RansStack) -> UInt8 {
        if let m = mixture { return UInt8(m.pop(from: &stack)) }
        return bernoulli.pop(from: &stack) ? 1 : 0
    }

    /// The value whose slots hold `slot` < 2^precision: a uniform slot gives a sample.
    func value(containing slot: UInt32) -> UInt8 {
        if let m = mixture { return UInt8(m.symbol(containing: slot).symbol) }
        return bernoulli.symbol(containing: slot).symbol ? 1 : 0
    }
}

/// Bits-back coding of S×S tiles with a VLAE (Townsend et al. 2019, with the AF-prior procedure of
/// DESIGN.md): to push a tile, pop z_1 … z_D from the message under the posterior's mass of the
/// prior conditional's equal-mass buckets, push the pixels under the PixelCNN in reverse raster
/// order, then push z_D … z_1 under the prior (each bucket 1/K). `pop` is the exact mirror and
/// leaves the message as it was before the tile.
public struct BitsBackCodec: Sendable {
    public let model: CodingModel
    public let parameters: BitsBackParameters
    let buckets: GaussianBuckets

    public init(model: CodingModel, parameters: BitsBackParameters = .init()) {
        self.model = model
        self.parameters = parameters
        buckets = GaussianBuckets(bucketBits: parameters.bucketBits)
    }

    func posteriorCodec(prior: (mean: Double, std: Double), posterior q: (mean: Double, std: Double)) -> GaussianBucketCodec {
        GaussianBucketCodec(buckets: buckets, priorMean: prior.mean, priorStd: prior.std, mean: q.mean, std: q.std,
                            precision: parameters.latentPrecision)
    }

    /// Encodes `tile`, whose values are 0 … `maxValue`, onto `stack`; returns its ideal costs.
    /// `band`: the pixels around the tile a model with neighbour context reads (`TileCanvas.band`
    /// order, −1 where the decoder has none). `posterior`: the encoder's Gaussian of the tile when
    /// the caller has it (`CodingModel.posteriors`; unused with particles, which compute their own).
    @discardableResult
    public func push(_ tile: Tile, maxValue: Int, band: [Int16]? = nil, to stack: inout RansStack, using workspace: CodingWorkspace,
                     posterior: (mean: [Double], std: [Double])? = nil) -> TileCost {
        if parameters.particles > 1 { return pushWithParticles(tile, maxValue: maxValue, band: band, to: &stack, using: workspace) }
        var cost = TileCost()
        workspace.posterior.start(posterior ?? model.posterior(tile.pixels, maxValue: maxValue))
        let particle = popParticle(from: &stack, using: workspace)
        cost.posterior = particle.posteriorBits
        var outputs = pixelOutputs(tile, z: particle.z, maxValue: maxValue, band: band, using: workspace)
        cost.pixels = pushPixels(tile, outputs: &outputs, maxValue: maxValue, to: &stack)
        cost.prior = pushUnderPrior(particle, to: &stack)
        cost.elbo = cost.pixels + cost.prior - cost.posterior
        cost.importanceBound = cost.elbo
        return cost
    }

    /// Pops z_1 … z_D under the posterior's mass of each prior conditional's buckets (the
    /// posterior started on the tile).
    func popParticle(from stack: inout RansStack, using workspace: CodingWorkspace) -> Particle {
        var particle = Particle(latents: model.latents)
        workspace.prior.reset()
        workspace.posterior.reset()
        for i in 0..<model.latents {
            let prior = workspace.prior.next(z: particle.z)
            particle.priors.append(prior)
            let q = posteriorCodec(prior: prior, posterior: workspace.posterior.next(z: particle.z))
            particle.k[i] = q.pop(from: &stack)
            particle.posteriorBits += q.informationContent(of: particle.k[i])
            particle.z[i] = Float(buckets.centre(particle.k[i], mean: prior.mean, std: prior.std))
        }
        return particle
    }

    /// Pushes z_D … z_1 of `particle` under the posterior's conditionals `posteriors`: the mirror
    /// of `popParticle`.
    func pushParticle(_ particle: Particle, posteriors: [(mean: Double, std: Double)], to stack: inout RansStack) {
        for i in stride(from: model.latents - 1, through: 0, by: -1) {
            posteriorCodec(prior: particle.priors[i], posterior: posteriors[i]).push(particle.k[i], to: &stack)
        }
    }

    /// The PixelCNN's outputs for every pixel of a known tile given z, `[S²][P]`.
    func pixelOutputs(_ tile: Tile, z: [Float], maxValue: Int, band: [Int16]?, using workspace: CodingWorkspace) -> [Float] {
        workspace.pixelCNN.condition(on: z, maxValue: maxValue)
        if let band { workspace.pixelCNN.setBand(band) }
        return workspace.pixelCNN.outputs(for: tile.pixels)
    }

    /// Pushes the tile's real pixels under the tables of `outputs` (`pixelOutputs`), in reverse
    /// raster order; returns their bits.
    func pushPixels(_ tile: Tile, outputs: inout [Float], maxValue: Int, to stack: inout RansStack) -> Double {
        let count = model.config.pixelModel.outputChannels
        var tally = InformationTally()
        outputs.withUnsafeMutableBufferPointer { out in
            // Local to the closure: a captured one would be copied out of its box at every push.
            var table = PixelTable(model: model, maxValue: maxValue, precision: parameters.pixelPrecision)
            guard table.mixture == nil else {
                for p in stride(from: tile.pixels.count - 1, through: 0, by: -1) where tile.isReal(p) {
                    table.set(out.baseAddress! + p * count, model: model)
                    table.push(tile.pixels[p], to: &stack, tally: &tally)
                }
                return
            }
            // Bi-level: every pixel's frequency first, four sigmoids at a time, then the pushes.
            withUnsafeTemporaryAllocation(of: UInt32.self, capacity: tile.pixels.count) { frequencies in
                BernoulliCodec.frequenciesOfOne(logits: out.baseAddress!, stride: count, count: tile.pixels.count, precision: table.precision,
                                                into: frequencies.baseAddress!)
                for p in stride(from: tile.pixels.count - 1, through: 0, by: -1) where tile.isReal(p) {
                    table.bernoulli = BernoulliCodec(frequencyOfOne: frequencies[p], precision: table.precision)
                    table.push(tile.pixels[p], to: &stack, tally: &tally)
                }
            }
        }
        return tally.bits
    }

    /// Pushes z_D … z_1 of `particle` under the prior (each bucket 1/K); returns their bits.
    func pushUnderPrior(_ particle: Particle, to stack: inout RansStack) -> Double {
        let uniform = UniformBucketCodec(bucketBits: parameters.bucketBits)
        for i in stride(from: model.latents - 1, through: 0, by: -1) { uniform.push(particle.k[i], to: &stack) }
        return Double(model.latents * parameters.bucketBits)
    }

    /// Decodes the tile on top of `stack` (real size `validWidth`×`validHeight`, values
    /// 0 … `maxValue`), restoring the message beneath it.
    public func pop(validWidth: Int, validHeight: Int, maxValue: Int, band: [Int16]? = nil, from stack: inout RansStack,
                    using workspace: CodingWorkspace) -> Tile {
        let particle = popUnderPrior(from: &stack, using: workspace)
        let (tile, bits) = popPixels(validWidth: validWidth, validHeight: validHeight, z: particle.z, maxValue: maxValue, band: band,
                                     countingBits: countsPixelBits, from: &stack, using: workspace)
        finishPop(tile, particle: particle, pixelBits: bits, maxValue: maxValue, band: band, stack: &stack, using: workspace)
        return tile
    }

    /// Whether decoding needs the pixels' bits (to rebuild the particles' weights).
    var countsPixelBits: Bool { parameters.particles > 1 }

    /// The end of `pop` once the tile's pixels are known (`pixelBits` their bits, when
    /// `countsPixelBits`): pushes z back under the posterior (or the particles' index and slots),
    /// restoring the message beneath the tile. `posterior`: the encoder's Gaussian of the tile
    /// when the caller has it (`CodingModel.posteriors`).
    func finishPop(_ tile: Tile, particle: Particle, pixelBits: Double, maxValue: Int, band: [Int16]?, stack: inout RansStack,
                   using workspace: CodingWorkspace, posterior: (mean: [Double], std: [Double])? = nil) {
        if parameters.particles > 1 {
            restoreParticles(tile, chosen: particle, pixelBits: pixelBits, maxValue: maxValue, band: band, stack: &stack, using: workspace)
            return
        }
        workspace.posterior.start(posterior ?? model.posterior(tile.pixels, maxValue: maxValue))
        pushParticle(particle, posteriors: workspace.posterior.conditionals(of: particle.z), to: &stack)
    }

    /// Pops z_1 … z_D under the prior (each bucket 1/K), each bucket grid from the conditional
    /// given the latents before it.
    func popUnderPrior(from stack: inout RansStack, using workspace: CodingWorkspace) -> Particle {
        let d = model.latents
        let uniform = UniformBucketCodec(bucketBits: parameters.bucketBits)
        var particle = Particle(latents: d)
        workspace.prior.reset()
        for i in 0..<d {
            particle.k[i] = uniform.pop(from: &stack)
            let prior = workspace.prior.next(z: particle.z)
            particle.priors.append(prior)
            particle.z[i] = Float(buckets.centre(particle.k[i], mean: prior.mean, std: prior.std))
        }
        return particle
    }

    /// Pops a tile's pixels in raster order under the PixelCNN given z; with `countingBits`, also
    /// sums their bits in raster order (the sum `pixelBits` makes from the same tables).
    func popPixels(validWidth: Int, validHeight: Int, z: [Float], maxValue: Int, band: [Int16]?, countingBits: Bool,
                   from stack: inout RansStack, using workspace: CodingWorkspace) -> (tile: Tile, bits: Double) {
        let state = workspace.pixelCNN
        state.condition(on: z, maxValue: maxValue)
        if let band { state.setBand(band) }
        var decoding = TileDecoding(codec: self, validWidth: validWidth, validHeight: validHeight, maxValue: maxValue, countingBits: countingBits)
        workspace.outputs.withUnsafeMutableBufferPointer { out in
            for p in 0..<decoding.tile.pixels.count {
                state.outputs(at: p, into: out.baseAddress!)
                decoding.pop(pixel: p, outputs: out.baseAddress!, from: &stack, into: state, lane: 0)
            }
        }
        return (decoding.tile, decoding.bits)
    }
}

/// A tile being decoded pixel by pixel in raster order: its pixels so far, the pixel table, and
/// (when counted) the bits of the real pixels in raster order.
struct TileDecoding {
    let model: CodingModel
    var tile: Tile
    var table: PixelTable
    let countingBits: Bool
    var bits = 0.0

    init(codec: BitsBackCodec, validWidth: Int, validHeight: Int, maxValue: Int, countingBits: Bool) {
        model = codec.model
        tile = Tile(validWidth: validWidth, validHeight: validHeight, side: codec.model.config.tile)
        table = PixelTable(model: codec.model, maxValue: maxValue, precision: codec.parameters.pixelPrecision)
        self.countingBits = countingBits
    }

    /// Pixel p from the PixelCNN's outputs `out` for it: a real pixel is popped under their table
    /// (bi-level: under `frequencyOfOne` when given, the frequency `out` gives), a padding pixel
    /// copied from its source; either way `lane` of `state` gets its value.
    mutating func pop(pixel p: Int, outputs out: UnsafeMutablePointer<Float>, frequencyOfOne: UInt32? = nil, from stack: inout RansStack,
                      into state: PixelCNNState, lane: Int) {
        if tile.isReal(p) {
            if let frequencyOfOne {
                table.bernoulli = BernoulliCodec(frequencyOfOne: frequencyOfOne, precision: table.precision)
            } else {
                table.set(out, model: model)
            }
            tile.pixels[p] = table.pop(from: &stack)
            if countingBits { bits += table.informationContent(of: tile.pixels[p]) }
        } else {
            tile.pixels[p] = tile.pixels[tile.source(of: p)]
        }
        state.setPixel(p, tile.pixels[p], lane: lane)
    }
}
