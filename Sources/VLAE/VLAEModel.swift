import DeterministicMath
import ModelFile
import Network

/// The VLAE's layers and their parameters: encoder q(z|x) (with an IAF step if configured),
/// prior p(z) (AF from a MADE, or standard normal), and a PixelCNN decoder p(x|z) with a small
/// receptive field, conditioned on an upsampled map of z.
public final class VLAEModel {
    public let config: VLAEConfig
    public let store = ParameterStore()

    // Encoder: x [1,N,S,S] → conv 3×3/2 → ELU → conv 3×3/2 → ELU → dense → ELU → dense → (μ, log σ).
    let enc1: Conv2d
    let enc2: Conv2d
    let enc3: Dense
    let enc4: Dense
    // The AF prior's MADE z → (m, log s), or the IAF step's z⁰ → (m, log s); none if both are diagonal.
    let made: MADELayers?
    // Decoder conditioning: z → dense → ELU → [C,N,S/4,S/4] → convT → ELU → convT → c [C,N,S,S].
    let up0: Dense
    let up1: ConvTranspose2d
    let up2: ConvTranspose2d
    // PixelCNN: h = ELU(maskA(x) + c); h ← ELU(maskB(h) + 1×1(c)) + h, `layers` times; out = 1×1(h),
    // the pixel model's parameters (one Bernoulli logit, or a logistic mixture's 3K channels).
    // The first layer's convolution (none when it reads no pixels: a factorized decoder) and bias.
    let first: Conv2d?
    let firstBias: ParameterView
    let residual: [Conv2d]
    let conditioning: [Conv1x1]
    let output: Conv1x1

    public init(config: VLAEConfig, seed: UInt64) {
        precondition((try? config.validate()) != nil, "invalid configuration \(config)")
        self.config = config
        var rng = SplitMix64(seed: seed)
        let (d, ch) = (config.latents, config.channels)
        let (s, half, q2) = (config.tile, config.halfTile, config.quarterTile * config.quarterTile)
        let c1 = config.encoderChannels[0], c2 = config.encoderChannels[1]
        enc1 = Conv2d("encoder.conv1", geometry: ConvGeometry(inChannels: 1, height: s, width: s, kernelHeight: 3, kernelWidth: 3, stride: 2, padding: 1),
                      outChannels: c1, store: store, rng: &rng)
        enc2 = Conv2d("encoder.conv2", geometry: ConvGeometry(inChannels: c1, height: half, width: half, kernelHeight: 3, kernelWidth: 3, stride: 2, padding: 1),
                      outChannels: c2, store: store, rng: &rng)
        enc3 = Dense("encoder.dense1", inputs: c2 * q2, outputs: config.encoderHidden, store: store, rng: &rng)
        enc4 = Dense("encoder.dense2", inputs: config.encoderHidden, outputs: 2 * d, store: store, rng: &rng)
        if let role = config.madeRole {
            made = MADELayers(role: role, latents: d, hidden: config.madeHidden, store: store, rng: &rng)
        } else {
            made = nil
        }
        up0 = Dense("decoder.up0", inputs: d, outputs: ch * q2, store: store, rng: &rng)
        up1 = ConvTranspose2d("decoder.up1", inChannels: ch, outChannels: ch, outHeight: half, outWidth: half,
                              kernel: 4, stride: 2, padding: 1, store: store, rng: &rng)
        up2 = ConvTranspose2d("decoder.up2", inChannels: ch, outChannels: ch, outHeight: s, outWidth: s,
                              kernel: 4, stride: 2, padding: 1, store: store, rng: &rng)
        let fk = config.firstKernel, k = config.kernel
        if config.readsPixels {
            let conv = Conv2d("decoder.pixel0", geometry: ConvGeometry(inChannels: 1, height: s, width: s, kernelHeight: fk, kernelWidth: fk,
                                                                        padding: fk / 2, taps: PixelCNNMask.a.taps(kernel: fk)),
                              outChannels: ch, direct: !config.neighbourContext, store: store, rng: &rng)
            (first, firstBias) = (conv, conv.bias)
        } else {
            first = nil
            firstBias = store.declare("decoder.pixel0.bias", shape: [ch], initial: [Float](repeating: 0, count: ch))
        }
        var residual: [Conv2d] = [], conditioning: [Conv1x1] = []
        for l in 0..<config.layers {
            residual.append(Conv2d("decoder.pixel\(l + 1)", geometry: ConvGeometry(inChannels: ch, height: s, width: s, kernelHeight: k, kernelWidth: k,
                                                                                   padding: k / 2, taps: PixelCNNMask.b.taps(kernel: k)),
                                   outChannels: ch, store: store, rng: &rng))
            conditioning.append(Conv1x1("decoder.cond\(l + 1)", inChannels: ch, outChannels: ch, store: store, rng: &rng))
        }
        self.residual = residual
        self.conditioning = conditioning
        output = Conv1x1("decoder.out", inChannels: ch, outChannels: config.pixelModel.outputChannels, store: store, rng: &rng)
        store.materialize()
    }

    public var parameterCount: Int { store.count }
}
