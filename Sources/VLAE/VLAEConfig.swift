/// The architecture and training settings of a VLAE (Chen et al. 2017) for 28×28 images.
/// Stored in every model file, so a loader can check that weights and code agree.
public struct VLAEConfig: Codable, Equatable, Sendable {
    /// What the PixelCNN's output says about each pixel.
    public var pixelModel = PixelModel.bernoulli
    public var height = 28
    public var width = 28
    /// Dimensions of the global latent z.
    public var latents = 32
    /// Channels of the encoder's two stride-2 3×3 convolutions, and its hidden dense width.
    public var encoderChannels = [32, 64]
    public var encoderHidden = 450
    /// Hidden width of the MADE that gives the AF prior's conditionals.
    public var madeHidden = 320
    /// Channels of z's upsampled feature map and of the PixelCNN.
    public var channels = 32
    /// PixelCNN: one mask-A layer of `firstKernel`², then `layers` residual mask-B layers of `kernel`².
    public var firstKernel = 5
    public var layers = 3
    public var kernel = 3
    /// Log-scales of q and of the prior are clamped to this range (as in the reference model).
    public var logScaleMin: Float = -7
    public var logScaleMax: Float = 3

    public init() {}

    /// Rows above and columns on each side that one output pixel's PixelCNN window reaches.
    public var receptiveField: (up: Int, side: Int) {
        let up = firstKernel / 2 + layers * (kernel / 2)
        return (up, up)
    }

    public var pixels: Int { height * width }
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
        case pixelModel, height, width, latents, encoderChannels, encoderHidden, madeHidden, channels
        case firstKernel, layers, kernel, logScaleMin, logScaleMax
    }

    /// Decodes every field; `pixelModel` may be absent (files written before grayscale models
    /// existed are bi-level models).
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        pixelModel = try c.decodeIfPresent(PixelModel.self, forKey: .pixelModel) ?? .bernoulli
        height = try c.decode(Int.self, forKey: .height)
        width = try c.decode(Int.self, forKey: .width)
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
    }
}
