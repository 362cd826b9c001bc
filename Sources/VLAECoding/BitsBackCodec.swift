import EntropyCoder

/// Ideal code lengths, in bits, of what one tile put on the message (from the quantised tables
/// actually used): the coding model's −ELBO of the tile is `pixels + prior − posterior`.
public struct TileCost: Sendable, Equatable {
    public var pixels = 0.0
    public var prior = 0.0
    /// Bits taken back by popping z from the posterior.
    public var posterior = 0.0
    public var netBits: Double { pixels + prior - posterior }

    public static func + (a: TileCost, b: TileCost) -> TileCost {
        TileCost(pixels: a.pixels + b.pixels, prior: a.prior + b.prior, posterior: a.posterior + b.posterior)
    }
}

/// The buffers one thread needs to code tiles, reused from tile to tile.
public final class CodingWorkspace {
    let pixelCNN: PixelCNNState
    let prior: CodingModel.Prior

    public init(model: CodingModel) {
        pixelCNN = PixelCNNState(model: model)
        prior = CodingModel.Prior(model: model)
    }
}

/// Bits-back coding of 28×28 tiles with a VLAE (Townsend et al. 2019, with the AF-prior procedure of
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

    func posteriorCodec(prior: (mean: Double, std: Double), mean: Double, std: Double) -> GaussianBucketCodec {
        GaussianBucketCodec(buckets: buckets, priorMean: prior.mean, priorStd: prior.std, mean: mean, std: std,
                            precision: parameters.latentPrecision)
    }

    /// Encodes `tile` onto `stack`; returns its ideal costs.
    @discardableResult
    public func push(_ tile: Tile, to stack: inout RansStack, using workspace: CodingWorkspace) -> TileCost {
        var cost = TileCost()
        let (mean, std) = model.posterior(tile.pixels)
        let d = model.latents
        var z = [Float](repeating: 0, count: d), k = [Int](repeating: 0, count: d)
        workspace.prior.reset()
        for i in 0..<d {
            let prior = workspace.prior.next(z: z)
            let q = posteriorCodec(prior: prior, mean: mean[i], std: std[i])
            k[i] = q.pop(from: &stack)
            cost.posterior += q.informationContent(of: k[i])
            z[i] = Float(buckets.centre(k[i], mean: prior.mean, std: prior.std))
        }
        workspace.pixelCNN.condition(on: z)
        let logits = workspace.pixelCNN.logits(for: tile.pixels)
        for p in stride(from: 783, through: 0, by: -1) where tile.isReal(p) {
            let b = BernoulliCodec(logit: Double(logits[p]), precision: parameters.pixelPrecision)
            b.push(tile.pixels[p] == 1, to: &stack)
            cost.pixels += b.informationContent(of: tile.pixels[p] == 1)
        }
        let uniform = UniformBucketCodec(bucketBits: parameters.bucketBits)
        for i in stride(from: d - 1, through: 0, by: -1) { uniform.push(k[i], to: &stack) }
        cost.prior = Double(d * parameters.bucketBits)
        return cost
    }

    /// Decodes the tile on top of `stack` (real size `validWidth`×`validHeight`), restoring the
    /// message beneath it.
    public func pop(validWidth: Int, validHeight: Int, from stack: inout RansStack, using workspace: CodingWorkspace) -> Tile {
        let d = model.latents
        let uniform = UniformBucketCodec(bucketBits: parameters.bucketBits)
        var z = [Float](repeating: 0, count: d), k = [Int](repeating: 0, count: d)
        var priors: [(mean: Double, std: Double)] = []
        workspace.prior.reset()
        for i in 0..<d {
            k[i] = uniform.pop(from: &stack)
            let prior = workspace.prior.next(z: z)
            priors.append(prior)
            z[i] = Float(buckets.centre(k[i], mean: prior.mean, std: prior.std))
        }
        var tile = Tile(validWidth: validWidth, validHeight: validHeight)
        let state = workspace.pixelCNN
        state.condition(on: z)
        for p in 0..<784 {
            if tile.isReal(p) {
                let logit = state.logit(at: p)
                tile.pixels[p] = BernoulliCodec(logit: Double(logit), precision: parameters.pixelPrecision).pop(from: &stack) ? 1 : 0
            } else {
                _ = state.logit(at: p)
                tile.pixels[p] = tile.pixels[tile.source(of: p)]
            }
            state.setPixel(p, tile.pixels[p])
        }
        let (mean, std) = model.posterior(tile.pixels)
        for i in stride(from: d - 1, through: 0, by: -1) {
            posteriorCodec(prior: priors[i], mean: mean[i], std: std[i]).push(k[i], to: &stack)
        }
        return tile
    }
}
