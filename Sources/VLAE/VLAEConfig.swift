/// The architecture and training settings of a VLAE (Chen et al. 2017) for 28×28 bi-level images.
/// Stored in every model file, so a loader can check that weights and code agree.
public struct VLAEConfig: Codable, Equatable, Sendable {
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
