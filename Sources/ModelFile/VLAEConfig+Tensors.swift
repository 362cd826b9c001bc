extension VLAEConfig {
    /// Every parameter tensor of the network this configuration describes, by name, with its
    /// shape: the one list that model files, the training model and the coding model agree on.
    ///
    /// The MADE's tensors are named after its role (`prior.` or `posterior.`); a first layer
    /// that reads no pixels has a bias only.
    ///
    /// Layouts: a convolution's weight is `[Cout, Cin·T]` (T = its taps, in `PixelCNNMask`'s
    /// order for masked layers), a dense or 1×1 layer's `[out, in]`, a 4×4 transposed
    /// convolution's `[Cin, Cout·16]`; every bias is `[out]`.
    public var tensorShapes: [String: [Int]] {
        var shapes: [String: [Int]] = [:]
        func layer(_ name: String, _ weight: [Int], outputs: Int) {
            shapes["\(name).weight"] = weight
            shapes["\(name).bias"] = [outputs]
        }
        let (d, ch, q2) = (latents, channels, quarterTile * quarterTile)
        let (c1, c2) = (encoderChannels[0], encoderChannels[1])
        layer("encoder.conv1", [c1, 9], outputs: c1)
        layer("encoder.conv2", [c2, c1 * 9], outputs: c2)
        layer("encoder.dense1", [encoderHidden, c2 * q2], outputs: encoderHidden)
        layer("encoder.dense2", [2 * d, encoderHidden], outputs: 2 * d)
        if let role = madeRole {
            layer("\(role).made1", [madeHidden, d], outputs: madeHidden)
            layer("\(role).made2", [madeHidden, madeHidden], outputs: madeHidden)
            layer("\(role).made3", [2 * d, madeHidden], outputs: 2 * d)
        }
        layer("decoder.up0", [ch * q2, d], outputs: ch * q2)
        layer("decoder.up1", [ch, ch * 16], outputs: ch)
        layer("decoder.up2", [ch, ch * 16], outputs: ch)
        if readsPixels {
            layer("decoder.pixel0", [ch, PixelCNNMask.a.taps(kernel: firstKernel).count], outputs: ch)
        } else {
            shapes["decoder.pixel0.bias"] = [ch]
        }
        for l in 1...max(1, layers) where l <= layers {
            layer("decoder.pixel\(l)", [ch, ch * PixelCNNMask.b.taps(kernel: kernel).count], outputs: ch)
            layer("decoder.cond\(l)", [ch, ch], outputs: ch)
        }
        layer("decoder.out", [pixelModel.outputChannels, ch], outputs: pixelModel.outputChannels)
        return shapes
    }

    /// Parameters in all tensors.
    public var parameterCount: Int { tensorShapes.values.reduce(0) { $0 + $1.reduce(1, *) } }
}
