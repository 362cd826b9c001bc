import ModelFile

/// A trained VLAE exported for coding: the same weights as the float model, rearranged for
/// position-at-a-time evaluation with `CodingKernels`, whose outputs are bit-identical in every
/// build, on every machine, and between the batched and incremental PixelCNN passes.
///
/// Maps are position-major (`[H·W][C]`), so a decoder computing one pixel reads contiguous
/// channel vectors of the pixels in its causal window.
public final class CodingModel: Sendable {
    public let config: VLAEConfig
    let enc1: CodingConv, enc2: CodingConv, enc3: CodingDense, enc4: CodingDense
    /// The AF prior's MADE or the IAF step's (`VLAEConfig.madeRole`); none when both are diagonal.
    let made: CodingMADE?
    let up0: CodingDense, up1: CodingConvTranspose, up2: CodingConvTranspose
    let first: CodingConv
    let residual: [CodingConv]
    let conditioning: [CodingDense]
    let output: CodingDense
    /// The integer PixelCNN's scales, for a quantised model file; nil: the float layers.
    let arithmetic: PixelArithmetic?
    /// The per-tile layers in integers, for a quantised file with their scales.
    let integerTile: IntegerTileLayers?

    /// The coding model of a model file: its tensors rearranged for position-at-a-time
    /// evaluation (the file's tensors were checked against its configuration when it loaded).
    public init(_ file: ModelFile) {
        let cfg = file.config
        config = cfg
        arithmetic = file.pixelArithmetic
        /// `[Cout, Cin·T]` (row index c·T + t) → `[T][Cin][Cout]`, for a `kernel`² convolution
        /// over a `side`² map with the given taps (row-major in the kernel) and stride.
        func conv(_ name: String, inChannels ci: Int, side: Int, kernel k: Int, taps: [Int], stride: Int = 1,
                  height: Int? = nil, width: Int? = nil) -> CodingConv {
            let w = file.values("\(name).weight"), t = taps.count, co = w.count / (ci * t)
            var out = [Float](repeating: 0, count: w.count)
            for o in 0..<co { for c in 0..<ci { for j in 0..<t { out[(j * ci + c) * co + o] = w[o * ci * t + c * t + j] } } }
            return CodingConv(inChannels: ci, outChannels: co, height: height ?? side, width: width ?? side, stride: stride,
                              offsets: taps.map { (dy: $0 / k - k / 2, dx: $0 % k - k / 2) },
                              weight: out, bias: file.values("\(name).bias"))
        }
        /// `[out, in]` → `[in][out]`, with optional permutations of the input and output indices.
        func dense(_ name: String, inputOrder: ((Int) -> Int)? = nil, outputOrder: ((Int) -> Int)? = nil) -> CodingDense {
            let shape = file.tensors["\(name).weight"]!.shape, (o, i) = (shape[0], shape[1])
            let w = file.values("\(name).weight"), b = file.values("\(name).bias")
            var out = [Float](repeating: 0, count: w.count), bias = b
            for r in 0..<o {
                let rr = outputOrder?(r) ?? r
                bias[rr] = b[r]
                for c in 0..<i { out[(inputOrder?(c) ?? c) * o + rr] = w[r * i + c] }
            }
            return CodingDense(inputs: i, outputs: o, weight: out, bias: bias)
        }
        /// A 4×4, stride-2 transposed convolution from a `inSize`² map: `[Cin, Cout·16]` → `[Cin][16][Cout]`.
        func transposed(_ name: String, channels c: Int, inSize: Int) -> CodingConvTranspose {
            let w = file.values("\(name).weight"), t = 16
            var out = [Float](repeating: 0, count: w.count)
            for i in 0..<c { for o in 0..<c { for k in 0..<t { out[(i * t + k) * c + o] = w[i * c * t + o * t + k] } } }
            return CodingConvTranspose(inChannels: c, outChannels: c, inHeight: inSize, inWidth: inSize, outHeight: 2 * inSize, outWidth: 2 * inSize,
                                       stride: 2, offsets: (0..<t).map { (dy: $0 / 4 - 1, dx: $0 % 4 - 1) }, weight: out, bias: file.values("\(name).bias"))
        }
        let (c1, c2, ch) = (cfg.encoderChannels[0], cfg.encoderChannels[1], cfg.channels)
        let (s, q2) = (cfg.tile, cfg.quarterTile * cfg.quarterTile)
        enc1 = conv("encoder.conv1", inChannels: 1, side: s, kernel: 3, taps: Array(0..<9), stride: 2)
        enc2 = conv("encoder.conv2", inChannels: c1, side: cfg.halfTile, kernel: 3, taps: Array(0..<9), stride: 2)
        // Training flattens [C][(S/4)²]; the coding map is [(S/4)²][C].
        enc3 = dense("encoder.dense1", inputOrder: { ($0 % q2) * c2 + $0 / q2 })
        enc4 = dense("encoder.dense2")
        if let role = cfg.madeRole {
            made = CodingMADE(made1: dense("\(role).made1"), made2: dense("\(role).made2"), made3: dense("\(role).made3"))
        } else {
            made = nil
        }
        up0 = dense("decoder.up0", outputOrder: { ($0 % q2) * ch + $0 / q2 })
        up1 = transposed("decoder.up1", channels: ch, inSize: cfg.quarterTile)
        up2 = transposed("decoder.up2", channels: ch, inSize: cfg.halfTile)
        let fk = cfg.firstKernel, k = cfg.kernel
        // The first layer runs over the tile's canvas (the tile itself for models without context);
        // one that reads no pixels (a factorized decoder) has no taps, only its bias.
        if cfg.readsPixels {
            first = conv("decoder.pixel0", inChannels: 1, side: s, kernel: fk, taps: PixelCNNMask.a.taps(kernel: fk),
                         height: cfg.canvas.height, width: cfg.canvas.width)
        } else {
            first = CodingConv(inChannels: 1, outChannels: ch, height: s, width: s, stride: 1, offsets: [], weight: [],
                               bias: file.values("decoder.pixel0.bias"))
        }
        residual = (0..<cfg.layers).map { conv("decoder.pixel\($0 + 1)", inChannels: ch, side: s, kernel: k, taps: PixelCNNMask.b.taps(kernel: k)) }
        conditioning = (0..<cfg.layers).map { dense("decoder.cond\($0 + 1)") }
        output = dense("decoder.out")
        if let a = file.pixelArithmetic, a.tile != nil {
            let layers = IntegerTileLayers.FloatLayers(enc1: enc1, enc2: enc2, enc3: enc3, enc4: enc4, made: made, up0: up0, up1: up1,
                                                       up2: up2, conditioning: conditioning)
            integerTile = IntegerTileLayers(layers, config: cfg, pixel: a, padded: IntegerPixelLayers.paddedChannels(cfg.channels))
        } else {
            integerTile = nil
        }
    }

    public var latents: Int { config.latents }
}
