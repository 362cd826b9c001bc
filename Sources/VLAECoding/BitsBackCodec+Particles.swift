import DeterministicMath
import EntropyCoder

/// One draw of the latents: each latent's bucket index, its value (the bucket's centre), the
/// prior conditional its bucket grid came from, the posterior table's interval of the bucket, and
/// the bits the posterior gave the buckets.
struct Particle {
    var k: [Int]
    var z: [Float]
    var priors: [(mean: Double, std: Double)] = []
    var intervals: [SymbolInterval] = []
    var posteriorBits = 0.0

    init(latents d: Int) {
        k = [Int](repeating: 0, count: d)
        z = [Float](repeating: 0, count: d)
    }
}

/// Importance-weighted bits-back coding with N coupled particles (BB-CIS; Ruan et al. 2021,
/// "Improving Lossless Compression Rates via Monte Carlo Bits-Back Coding").
///
/// To push a tile: pop one uniform slot u_d per latent (latent precision); particle i takes, for
/// each latent in turn, the bucket of its own posterior table (the prior conditional given its
/// earlier latents) that holds slot u_d + i·2^P/N (mod 2^P), so each particle is distributed
/// exactly as the posterior. Pop the index j of one particle from the normalised importance
/// weights w_i = P(x|z_i)·P(z_i)/Q(z_i|x); push u given particle j's buckets (each slot's offset
/// in its bucket, `NearUniformCodec`), then j under the uniform distribution over N, then the
/// pixels given z_j and z_j under the prior. The net cost is −log2((1/N)·Σ w_i), the N-sample
/// importance-weighted bound, and a chain's first tile pops only the D uniform slots: the
/// initial bits do not grow with N.
///
/// `pop` mirrors it: z_j from the prior, the pixels (summing their bits), j, the offsets (now
/// that x, hence the posterior, is known) and so u; then the other particles and the weights,
/// recomputed from the same tables in the same order with `DMath`, let it push j and u back.
extension BitsBackCodec {
    var slotBits: Int { parameters.latentPrecision }

    /// The particle whose latent d's bucket holds slot u[d] + shift (mod 2^P), under the
    /// posterior started on the tile.
    func particle(slots u: [UInt32], shift: UInt32, using workspace: CodingWorkspace) -> Particle {
        var particle = Particle(latents: model.latents)
        let mask = UInt32((1 << slotBits) - 1)
        workspace.prior.reset()
        workspace.posterior.reset()
        for d in 0..<model.latents {
            let prior = workspace.prior.next(z: particle.z)
            particle.priors.append(prior)
            let q = posteriorCodec(prior: prior, posterior: workspace.posterior.next(z: particle.z))
            let (k, interval) = q.symbol(containing: (u[d] &+ shift) & mask)
            particle.k[d] = k
            particle.intervals.append(interval)
            particle.posteriorBits += q.informationContent(of: k)
            particle.z[d] = Float(buckets.centre(k, mean: prior.mean, std: prior.std))
        }
        return particle
    }

    func shift(of i: Int) -> UInt32 { UInt32(i << (slotBits - parameters.particles.trailingZeroBitCount)) }

    /// −log2 P(x|z) of the tile's real pixels under the tables of `outputs` (`pixelOutputs`),
    /// summed in raster order, as `popPixels` sums them.
    func pixelBits(_ tile: Tile, outputs: inout [Float], maxValue: Int) -> Double {
        let count = model.config.pixelModel.outputChannels
        var table = PixelTable(model: model, maxValue: maxValue, precision: parameters.pixelPrecision)
        var bits = 0.0
        outputs.withUnsafeMutableBufferPointer { out in
            for p in 0..<tile.pixels.count where tile.isReal(p) {
                table.set(out.baseAddress! + p * count, model: model)
                bits += table.informationContent(of: tile.pixels[p])
            }
        }
        return bits
    }

    /// Precision of the particle index's table.
    static let choicePrecision = 24

    /// All N particles from the slots, their pixels' tables, the index table from their
    /// normalised weights, and the report's −ELBO (mean over particles) and importance-weighted
    /// bound, prior included, under the posterior started on the tile. `known`: a particle whose pixel bits the caller has (the decoder's
    /// chosen one), whose tables are then not computed again (its `outputs` entry stays empty).
    func weighing(slots u: [UInt32], tile: Tile, maxValue: Int, band: [Int16]?,
                  known: (index: Int, pixelBits: Double)? = nil, using workspace: CodingWorkspace)
        -> (particles: [Particle], outputs: [[Float]], choice: CategoricalCodec, elbo: Double, bound: Double) {
        let n = parameters.particles
        let particles = (0..<n).map { particle(slots: u, shift: shift(of: $0), using: workspace) }
        var outputs = [[Float]](repeating: [], count: n)
        // Each particle's −log2 w without the prior's bits, which are the same for all.
        let terms = (0..<n).map { i in
            if let known, known.index == i { return known.pixelBits - particles[i].posteriorBits }
            outputs[i] = pixelOutputs(tile, z: particles[i].z, maxValue: maxValue, band: band, using: workspace)
            return pixelBits(tile, outputs: &outputs[i], maxValue: maxValue) - particles[i].posteriorBits
        }
        let best = terms.min()!, prior = Double(model.latents * parameters.bucketBits)
        let weights = terms.map { DMath.exp(-($0 - best) * 0.6931471805599453) }
        // The weights lie in (0, 1] and one is 1, so the table always builds.
        let choice = try! CategoricalCodec(weights: weights, precision: Self.choicePrecision)
        let elbo = terms.reduce(0, +) / Double(n) + prior
        let bound = best - DMath.log2(weights.reduce(0, +) / Double(n)) + prior
        return (particles, outputs, choice, elbo, bound)
    }

    /// The position of particle j's slot inside its bucket's interval, for each latent (none for
    /// a bucket of one slot).
    func offsetCodec(_ interval: SymbolInterval) -> NearUniformCodec? {
        interval.frequency > 1 ? NearUniformCodec(count: Int(interval.frequency)) : nil
    }

    func pushWithParticles(_ tile: Tile, maxValue: Int, band: [Int16]?, to stack: inout RansStack, using workspace: CodingWorkspace) -> TileCost {
        let n = parameters.particles, d = model.latents
        workspace.posterior.start(model.posterior(tile.pixels, maxValue: maxValue))
        let uniformSlot = UniformBucketCodec(bucketBits: slotBits)
        let u = (0..<d).map { _ in UInt32(uniformSlot.pop(from: &stack)) }
        var (particles, outputs, choice, elbo, bound) = weighing(slots: u, tile: tile, maxValue: maxValue, band: band, using: workspace)
        let j = choice.pop(from: &stack)
        let chosen = particles[j]
        var offsetBits = 0.0
        let mask = UInt32((1 << slotBits) - 1)
        for i in stride(from: d - 1, through: 0, by: -1) {
            let interval = chosen.intervals[i]
            guard let codec = offsetCodec(interval) else { continue }
            let offset = Int(((u[i] &+ shift(of: j)) & mask) - interval.start)
            codec.push(offset, to: &stack)
            offsetBits += codec.informationContent(of: offset)
        }
        UniformBucketCodec(bucketBits: n.trailingZeroBitCount).push(j, to: &stack)
        var cost = TileCost()
        // Bits taken back for z_j: the slots popped less their offsets pushed again.
        cost.posterior = Double(d * slotBits) - offsetBits
        cost.pixels = pushPixels(tile, outputs: &outputs[j], maxValue: maxValue, to: &stack)
        cost.prior = pushUnderPrior(chosen, to: &stack)
        cost.choice = Double(n.trailingZeroBitCount) - choice.informationContent(of: j)
        cost.elbo = elbo
        cost.importanceBound = bound
        return cost
    }

    /// After `pop` has recovered the tile with the chosen particle (from the prior): pops j and
    /// the offsets, rebuilds the slots and every particle, then pushes j under the weights and
    /// the slots, restoring the message beneath the tile.
    func restoreParticles(_ tile: Tile, chosen: Particle, pixelBits: Double, maxValue: Int, band: [Int16]?, stack: inout RansStack,
                          using workspace: CodingWorkspace) {
        let n = parameters.particles, d = model.latents
        let j = UniformBucketCodec(bucketBits: n.trailingZeroBitCount).pop(from: &stack)
        workspace.posterior.start(model.posterior(tile.pixels, maxValue: maxValue))
        let posteriors = workspace.posterior.conditionals(of: chosen.z)
        let mask = UInt32((1 << slotBits) - 1)
        var u = [UInt32](repeating: 0, count: d)
        for i in 0..<d {
            let interval = posteriorCodec(prior: chosen.priors[i], posterior: posteriors[i]).interval(of: chosen.k[i])
            let offset = offsetCodec(interval).map { $0.pop(from: &stack) } ?? 0
            u[i] = (interval.start &+ UInt32(offset) &- shift(of: j)) & mask
        }
        let choice = weighing(slots: u, tile: tile, maxValue: maxValue, band: band, known: (j, pixelBits), using: workspace).choice
        choice.push(j, to: &stack)
        let uniformSlot = UniformBucketCodec(bucketBits: slotBits)
        for i in stride(from: d - 1, through: 0, by: -1) { uniformSlot.push(Int(u[i]), to: &stack) }
    }
}
