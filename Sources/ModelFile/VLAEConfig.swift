/// The architecture of a VLAE (Chen et al. 2017) that codes S×S tiles: everything needed to
/// build the training model and the coding model from the same tensors. Stored as JSON in every
/// model file, so a loader checks that weights and code agree.
///
/// The network, for tile side S (a multiple of 4):
/// - encoder q(z|x): x [S,S] → conv 3×3/2 → [c1, S/2, S/2] → conv 3×3/2 → [c2, S/4, S/4] → dense
///   `encoderHidden` → dense 2D (mean and log-scale of a diagonal Gaussian);
/// - prior p(z) (`prior`): the AF prior, a MADE with two hidden layers of `madeHidden` giving
///   each z_i's Gaussian conditional from z_<i (one flow step), or a standard normal;
/// - posterior (`posterior`): the encoder's diagonal Gaussian, or that Gaussian's draw z⁰ moved by
///   one IAF step z_i = m_i(z⁰_<i) + s_i(z⁰_<i)·z⁰_i, a MADE of the same size (with a standard
///   normal prior; a model has one MADE at most);
/// - decoder p(x|z): z → dense → [C, S/4, S/4] → two 4×4/2 transposed convolutions → [C, S, S],
///   conditioning a PixelCNN: a `firstKernel`² mask-A layer, then `layers` residual
///   `kernel`² mask-B layers with a 1×1 conditioning term each, and a 1×1 output of the pixel
///   model's parameters. A `firstKernel` of 1 reads no pixels: the decoder is then factorized,
///   each pixel's distribution a function of z alone. With `neighbourContext`, the mask-A layer also reads the pixels of
///   neighbouring tiles decoded earlier (`TileCanvas`).
public struct VLAEConfig: Codable, Equatable, Sendable {
    /// What the PixelCNN's output says about each pixel.
    public var pixelModel = PixelModel.bernoulli
    /// Side of the square tiles the model sees and the coder cuts images into.
    public var tile = 28
    /// Dimensions of the global latent z.
    public var latents = 32
    /// Channels of the encoder's two stride-2 3×3 convolutions, and its hidden dense width.
    public var encoderChannels = [32, 64]
    public var encoderHidden = 450
    /// Hidden width of the MADE that gives the AF prior's conditionals, or the IAF step's.
    public var madeHidden = 320
    public var prior = LatentPrior.autoregressive
    public var posterior = LatentPosterior.diagonal
    /// Channels of z's upsampled feature map and of the PixelCNN.
    public var channels = 32
    /// PixelCNN: one mask-A layer of `firstKernel`², then `layers` residual mask-B layers of `kernel`².
    public var firstKernel = 5
    public var layers = 3
    public var kernel = 3
    /// Log-scales of q and of the prior are clamped to this range (as in the reference model).
    public var logScaleMin: Float = -7
    public var logScaleMax: Float = 3
    /// Whether the first PixelCNN layer reads the pixels of neighbouring tiles decoded before
    /// this one (above and to the left) where other models see zero padding (`TileCanvas`), so
    /// a tile of a large image is coded in the context of the page around it.
    public var neighbourContext = false

    /// The tile sides a model may have: multiples of 4 (two stride-2 steps) from 16 to 64.
    public static let tileSides = stride(from: 16, through: 64, by: 4)
    /// The side of the shipped models' tiles (MNIST's 28×28 images).
    public static let shippedTile = 28

    public init() {}

    /// Pixels in a tile (S²).
    public var pixels: Int { tile * tile }
    /// Side of the encoder's and the upsampling path's intermediate map (S/2) and smallest map (S/4).
    public var halfTile: Int { tile / 2 }
    public var quarterTile: Int { tile / 4 }

    /// The first PixelCNN layer's input: the tile alone, or the tile with a border of
    /// `firstKernel / 2` context pixels when the model reads neighbouring tiles.
    public var canvas: TileCanvas { TileCanvas(side: tile, border: neighbourContext ? firstKernel / 2 : 0) }

    /// Rows above and columns on each side that one output pixel's PixelCNN window reaches
    /// (none when the first layer reads no pixels).
    public var receptiveField: (up: Int, side: Int) {
        let up = readsPixels ? firstKernel / 2 + layers * (kernel / 2) : 0
        return (up, up)
    }

    /// Whether the decoder is autoregressive: a first layer of 1×1 has no causal taps, so p(x|z)
    /// is then a product of independent pixels.
    public var readsPixels: Bool { firstKernel > 1 }

    /// The name prefix of the MADE's tensors (`prior.` or `posterior.`), if the model has one.
    public var madeRole: String? {
        prior == .autoregressive ? "prior" : posterior == .inverseAutoregressive ? "posterior" : nil
    }

    /// Checks that the numbers describe a network this code can build.
    /// - Throws: `ModelFileError.configurationMismatch` naming the first field out of range.
    public func validate() throws(ModelFileError) {
        func require(_ ok: Bool, _ why: String) throws(ModelFileError) {
            if !ok { throw .configurationMismatch(why) }
        }
        try require(tile % 4 == 0 && Self.tileSides.contains(tile), "tile side \(tile) is not a multiple of 4 in 16…64")
        try require((2...1024).contains(latents), "latents \(latents) not in 2…1024")
        try require(encoderChannels.count == 2, "encoder has \(encoderChannels.count) convolutions, expected 2")
        try require(([encoderHidden, madeHidden, channels] + encoderChannels).allSatisfy { (1...4096).contains($0) },
                    "a layer width is outside 1…4096")
        try require(firstKernel % 2 == 1 && (1...15).contains(firstKernel) && kernel % 2 == 1 && (1...15).contains(kernel),
                    "PixelCNN kernels \(firstKernel) and \(kernel) must be odd, at most 15")
        try require((0...64).contains(layers), "PixelCNN layers \(layers) not in 0…64")
        try require(readsPixels || !neighbourContext, "neighbour context needs a first kernel that reads pixels")
        try require(!(prior == .autoregressive && posterior == .inverseAutoregressive),
                    "an AF prior and an IAF posterior together (one MADE at most)")
        try require(logScaleMin < logScaleMax, "log-scale range [\(logScaleMin), \(logScaleMax)] is empty")
        if case .logisticMixture(let k) = pixelModel { try require((1...32).contains(k), "mixture components \(k) not in 1…32") }
    }
}

/// The latent prior p(z).
public enum LatentPrior: String, Codable, Equatable, Sendable {
    /// The AF prior: one autoregressive flow step whose conditionals a MADE gives.
    case autoregressive = "af"
    /// N(0, I).
    case diagonal
}

/// The approximate posterior q(z|x).
public enum LatentPosterior: String, Codable, Equatable, Sendable {
    /// A Gaussian with the encoder's mean and scale per latent.
    case diagonal
    /// That Gaussian followed by one inverse autoregressive flow step (Kingma et al. 2016).
    case inverseAutoregressive = "iaf"
}

/// The decoder's distribution of one pixel.
public enum PixelModel: Codable, Equatable, Sendable {
    /// Bi-level pixels (1 = ink): one logit.
    case bernoulli
    /// Grayscale pixels: a discretized logistic mixture of `components` (PixelCNN++), which
    /// spreads over any number of levels (maxval + 1), so one model serves every maxval.
    case logisticMixture(components: Int)

    /// Output channels per pixel: one logit, or K weights, K means and K log-scales.
    public var outputChannels: Int {
        switch self {
        case .bernoulli: 1
        case .logisticMixture(let k): 3 * k
        }
    }

    /// Whether images of values 0 … `maxValue` can be coded: a Bernoulli model codes bi-level
    /// images only, a mixture any maxval up to 255.
    public func codes(maxValue: Int) -> Bool {
        switch self {
        case .bernoulli: maxValue == 1
        case .logisticMixture: (1...255).contains(maxValue)
        }
    }

    /// The PixelCNN's and encoder's input for a pixel of `value` out of `maxValue`: 0/1 for
    /// bi-level pixels, the bin centre in [−1, 1] for grayscale ones.
    @inline(__always)
    public func input(_ value: UInt8, maxValue: Int) -> Float {
        switch self {
        case .bernoulli: Float(value)
        case .logisticMixture: Float(2 * Int(value) - maxValue) / Float(maxValue)
        }
    }
}

extension VLAEConfig {
    enum CodingKeys: String, CodingKey {
        case pixelModel, tile, latents, encoderChannels, encoderHidden, madeHidden, channels
        case firstKernel, layers, kernel, logScaleMin, logScaleMax, neighbourContext, prior, posterior
        /// Files written before tiles had a side of their own stored `height` and `width` (both 28).
        case height, width
    }

    /// Decodes every field. `pixelModel` may be absent (files written before grayscale models
    /// existed are bi-level models); `tile` may be given as equal `height` and `width` instead
    /// (the shipped models' files, whose bytes are their identity and never change).
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        pixelModel = try c.decodeIfPresent(PixelModel.self, forKey: .pixelModel) ?? .bernoulli
        if let side = try c.decodeIfPresent(Int.self, forKey: .tile) {
            tile = side
        } else {
            let height = try c.decode(Int.self, forKey: .height), width = try c.decode(Int.self, forKey: .width)
            guard height == width else {
                throw DecodingError.dataCorruptedError(forKey: .width, in: c, debugDescription: "tiles are square: height \(height), width \(width)")
            }
            tile = height
        }
        latents = try c.decode(Int.self, forKey: .latents)
        encoderChannels = try c.decode([Int].self, forKey: .encoderChannels)
        encoderHidden = try c.decode(Int.self, forKey: .encoderHidden)
        madeHidden = try c.decode(Int.self, forKey: .madeHidden)
        channels = try c.decode(Int.self, forKey: .channels)
        firstKernel = try c.decode(Int.self, forKey: .firstKernel)
        layers = try c.decode(Int.self, forKey: .layers)
        kernel = try c.decode(Int.self, forKey: .kernel)
        logScaleMin = try c.decode(Float.self, forKey: .logScaleMin)
        logScaleMax = try c.decode(Float.self, forKey: .logScaleMax)
        neighbourContext = try c.decodeIfPresent(Bool.self, forKey: .neighbourContext) ?? false
        prior = try c.decodeIfPresent(LatentPrior.self, forKey: .prior) ?? .autoregressive
        posterior = try c.decodeIfPresent(LatentPosterior.self, forKey: .posterior) ?? .diagonal
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(pixelModel, forKey: .pixelModel)
        try c.encode(tile, forKey: .tile)
        try c.encode(latents, forKey: .latents)
        try c.encode(encoderChannels, forKey: .encoderChannels)
        try c.encode(encoderHidden, forKey: .encoderHidden)
        try c.encode(madeHidden, forKey: .madeHidden)
        try c.encode(channels, forKey: .channels)
        try c.encode(firstKernel, forKey: .firstKernel)
        try c.encode(layers, forKey: .layers)
        try c.encode(kernel, forKey: .kernel)
        try c.encode(logScaleMin, forKey: .logScaleMin)
        try c.encode(logScaleMax, forKey: .logScaleMax)
        // Written only when set, so the configuration of a model without it reads as before.
        if neighbourContext { try c.encode(neighbourContext, forKey: .neighbourContext) }
        if prior != .autoregressive { try c.encode(prior, forKey: .prior) }
        if posterior != .diagonal { try c.encode(posterior, forKey: .posterior) }
    }
}
