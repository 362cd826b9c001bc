import Network
import VLAE

/// A trained VLAE exported for coding: the same weights as the float model, rearranged for
/// position-at-a-time evaluation with `CodingKernels`, whose outputs are bit-identical in every
/// build, on every machine, and between the batched and incremental PixelCNN passes.
///
/// Maps are position-major (`[H·W][C]`), so a decoder computing one pixel reads contiguous
/// channel vectors of the pixels in its causal window.
public final class CodingModel: Sendable {
    public let config: VLAEConfig
    let enc1: CodingConv, enc2: CodingConv, enc3: CodingDense, enc4: CodingDense
    let made: CodingMADE
    let up0: CodingDense, up1: CodingConvTranspose, up2: CodingConvTranspose
    let first: CodingConv
    let residual: [CodingConv]
    let conditioning: [CodingDense]
    let output: CodingDense

    /// Exports `model`'s current weights (the shipped, Polyak-averaged ones when loaded from a file).
    public init(_ model: VLAEModel) {
        let cfg = model.config, store = model.store
        config = cfg
        func values(_ name: String) -> [Float] {
            let v = store.view(named: name)!
            return Array(UnsafeBufferPointer(start: store.value(v), count: v.count))
        }
        /// `[Cout, Cin·T]` (row index c·T + t) → `[T][Cin][Cout]`.
        func conv(_ name: String, _ g: ConvGeometry, outChannels co: Int) -> CodingConv {
            let w = values("\(name).weight"), t = g.taps.count, ci = g.inChannels
            var out = [Float](repeating: 0, count: w.count)
            for o in 0..<co { for c in 0..<ci { for k in 0..<t { out[(k * ci + c) * co + o] = w[o * ci * t + c * t + k] } } }
            return CodingConv(inChannels: ci, outChannels: co, height: g.height, width: g.width, stride: g.stride,
                              offsets: g.taps.map { (dy: $0 / g.kernelWidth - g.padding, dx: $0 % g.kernelWidth - g.padding) },
                              weight: out, bias: values("\(name).bias"))
        }
        /// `[out, in]` → `[in][out]`, with optional permutations of the input and output indices.
        func dense(_ name: String, inputOrder: ((Int) -> Int)? = nil, outputOrder: ((Int) -> Int)? = nil) -> CodingDense {
            let v = store.view(named: "\(name).weight")!, (o, i) = (v.shape[0], v.shape[1])
            let w = values("\(name).weight"), b = values("\(name).bias")
            var out = [Float](repeating: 0, count: w.count), bias = b
            for r in 0..<o {
                let rr = outputOrder?(r) ?? r
                bias[rr] = b[r]
                for c in 0..<i { out[(inputOrder?(c) ?? c) * o + rr] = w[r * i + c] }
            }
            return CodingDense(inputs: i, outputs: o, weight: out, bias: bias)
        }
        /// `[Cin, Cout·T]` → `[Cin][T][Cout]`.
        func transposed(_ name: String, inChannels ci: Int, outChannels co: Int, inSize: Int) -> CodingConvTranspose {
            let w = values("\(name).weight"), t = 16
            var out = [Float](repeating: 0, count: w.count)
            for c in 0..<ci { for o in 0..<co { for k in 0..<t { out[(c * t + k) * co + o] = w[c * co * t + o * t + k] } } }
            return CodingConvTranspose(inChannels: ci, outChannels: co, inHeight: inSize, inWidth: inSize, outHeight: 2 * inSize, outWidth: 2 * inSize,
                                       stride: 2, offsets: (0..<t).map { (dy: $0 / 4 - 1, dx: $0 % 4 - 1) }, weight: out, bias: values("\(name).bias"))
        }
        let (c1, c2, ch) = (cfg.encoderChannels[0], cfg.encoderChannels[1], cfg.channels)
        enc1 = conv("encoder.conv1", ConvGeometry(inChannels: 1, height: 28, width: 28, kernelHeight: 3, kernelWidth: 3, stride: 2, padding: 1), outChannels: c1)
        enc2 = conv("encoder.conv2", ConvGeometry(inChannels: c1, height: 14, width: 14, kernelHeight: 3, kernelWidth: 3, stride: 2, padding: 1), outChannels: c2)
        // Training flattens [C][7·7]; the coding map is [7·7][C].
        enc3 = dense("encoder.dense1", inputOrder: { ($0 % 49) * c2 + $0 / 49 })
        enc4 = dense("encoder.dense2")
        made = CodingMADE(made1: dense("prior.made1"), made2: dense("prior.made2"), made3: dense("prior.made3"))
        up0 = dense("decoder.up0", outputOrder: { ($0 % 49) * ch + $0 / 49 })
        up1 = transposed("decoder.up1", inChannels: ch, outChannels: ch, inSize: 7)
        up2 = transposed("decoder.up2", inChannels: ch, outChannels: ch, inSize: 14)
        let fk = cfg.firstKernel, k = cfg.kernel
        first = conv("decoder.pixel0", ConvGeometry(inChannels: 1, height: 28, width: 28, kernelHeight: fk, kernelWidth: fk, padding: fk / 2,
                                                    taps: PixelCNNMask.a.taps(kernel: fk)), outChannels: ch)
        residual = (1...max(1, cfg.layers)).prefix(cfg.layers).map { l in
            conv("decoder.pixel\(l)", ConvGeometry(inChannels: ch, height: 28, width: 28, kernelHeight: k, kernelWidth: k, padding: k / 2,
                                                   taps: PixelCNNMask.b.taps(kernel: k)), outChannels: ch)
        }
        conditioning = (1...max(1, cfg.layers)).prefix(cfg.layers).map { dense("decoder.cond\($0)") }
        output = dense("decoder.out")
    }

    public var latents: Int { config.latents }
}
