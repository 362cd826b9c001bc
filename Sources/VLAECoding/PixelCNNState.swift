import ModelFile
/// The PixelCNN's activations for one S×S tile, `[S²][C]` per layer, filled position by
/// position; reused from tile to tile, so coding allocates nothing per tile.
///
/// Both coder sides use it after `condition(on:maxValue:)`: the encoder (`outputs(for:)`) fills
/// each layer over all positions before the next, the decoder (`outputs(at:into:)` then
/// `setPixel`) fills all layers at one position before the next. Each position's numbers come
/// from the same calls, so the two orders give identical outputs: per pixel, the pixel model's
/// P = `PixelModel.outputChannels` parameters (a Bernoulli logit, or a logistic mixture's).
public final class PixelCNNState {
    let model: CodingModel
    /// z's upsampled feature map and, per residual layer, its 1×1 conditioning term, `[S²][C]`.
    var condition: [Float]
    var layerTerms: [[Float]]
    var up0: [Float], up1: [Float]
    /// The first layer's input: the tile's pixels in its canvas, with the band around them.
    let canvas: TileCanvas
    let bandIndices: [Int]
    var pixels: [Float]
    /// The tile's largest pixel value, which maps values to network inputs.
    var maxValue = 1
    var hidden: [[Float]]   // h_0 … h_L
    var scratch: [Float]

    public init(model: CodingModel) {
        self.model = model
        let ch = model.config.channels, layers = model.config.layers, s = model.config.pixels
        condition = [Float](repeating: 0, count: s * ch)
        layerTerms = (0..<layers).map { _ in [Float](repeating: 0, count: s * ch) }
        up0 = [Float](repeating: 0, count: model.up0.outputs)
        up1 = [Float](repeating: 0, count: model.config.halfTile * model.config.halfTile * ch)
        let canvas = model.config.canvas
        self.canvas = canvas
        bandIndices = canvas.band.map { canvas.index(dy: $0.dy, dx: $0.dx) }
        pixels = [Float](repeating: 0, count: canvas.count)
        hidden = (0...layers).map { _ in [Float](repeating: 0, count: s * ch) }
        scratch = [Float](repeating: 0, count: 2 * ch)
    }

    /// Computes what the PixelCNN takes from z for the next tile, whose values are 0 … `maxValue`.
    public func condition(on z: [Float], maxValue: Int) {
        precondition(z.count == model.latents && (1...255).contains(maxValue))
        self.maxValue = maxValue
        for index in bandIndices { pixels[index] = 0 }
        let ch = model.config.channels
        model.up0.apply(z, &up0)
        CodingKernels.elu(&up0, count: up0.count)
        model.up1.apply(up0, &up1)
        CodingKernels.elu(&up1, count: up1.count)
        model.up2.apply(up1, &condition)
        for (l, layer) in model.conditioning.enumerated() {
            condition.withUnsafeBufferPointer { c in
                layerTerms[l].withUnsafeMutableBufferPointer { t in
                    for p in 0..<model.config.pixels { layer.apply(c.baseAddress! + p * ch, t.baseAddress! + p * ch) }
                }
            }
        }
    }

    /// The outputs of all S² pixels of a known tile (encoding), `[S²][P]`.
    public func outputs(for tile: [UInt8]) -> [Float] {
        let s = model.config.pixels
        precondition(tile.count == s)
        for p in 0..<s { setPixel(p, tile[p]) }
        for p in 0..<s { firstLayer(at: p) }
        for l in 0..<model.config.layers { residualLayer(l, first: 0, count: s) }
        let count = model.output.outputs
        var out = [Float](repeating: 0, count: s * count)
        out.withUnsafeMutableBufferPointer { o in for p in 0..<s { outputLayer(at: p, into: o.baseAddress! + p * count) } }
        return out
    }

    /// The P outputs of pixel `p` (decoding) into `out`; pixels before `p` must have been set.
    public func outputs(at p: Int, into out: UnsafeMutablePointer<Float>) {
        firstLayer(at: p)
        for l in 0..<model.config.layers { residualLayer(l, first: p, count: 1) }
        outputLayer(at: p, into: out)
    }

    public func setPixel(_ p: Int, _ value: UInt8) { pixels[canvas.index(ofTilePixel: p)] = model.config.pixelModel.input(value, maxValue: maxValue) }

    /// Sets the canvas band from the pixels the decoder has around the tile (`TileCanvas.band`
    /// order, −1 where it has none); after `condition`, which sets the values' range.
    func setBand(_ band: [Int16]) {
        precondition(band.count == bandIndices.count)
        let input = model.config.pixelModel
        for (j, index) in bandIndices.enumerated() {
            pixels[index] = band[j] < 0 ? 0 : input.input(UInt8(band[j]), maxValue: maxValue)
        }
    }

    /// h_0[p] = ELU(maskA(x)[p] + c[p])
    private func firstLayer(at p: Int) {
        let ch = model.config.channels, layer = model.first
        pixels.withUnsafeBufferPointer { x in
            layer.weight.withUnsafeBufferPointer { w in
                hidden[0].withUnsafeMutableBufferPointer { h in
                    condition.withUnsafeBufferPointer { c in
                        let out = h.baseAddress! + p * ch
                        layer.apply(at: p / canvas.side + canvas.border, p % canvas.side + canvas.border,
                                    input: x.baseAddress!, weights: w.baseAddress!, out)
                        CodingKernels.add(c.baseAddress! + p * ch, to: out, count: ch)
                        CodingKernels.elu(out, count: ch)
                    }
                }
            }
        }
    }

    /// h_{l+1}[p] = h_l[p] + ELU(maskB(h_l)[p] + cond_l[p]) at positions first ..< first + count,
    /// by `vlae_residual_layer`.
    private func residualLayer(_ l: Int, first: Int, count: Int) {
        let layer = model.residual[l]
        hidden[l].withUnsafeBufferPointer { input in
            hidden[l + 1].withUnsafeMutableBufferPointer { output in
                layerTerms[l].withUnsafeBufferPointer { term in
                    scratch.withUnsafeMutableBufferPointer { s in
                        layer.residual(input.baseAddress!, output.baseAddress!, term: term.baseAddress!, side: model.config.tile,
                                       first: first, count: count, scratch: s.baseAddress!)
                    }
                }
            }
        }
    }

    private func outputLayer(at p: Int, into out: UnsafeMutablePointer<Float>) {
        let ch = model.config.channels
        hidden[model.config.layers].withUnsafeBufferPointer { h in model.output.apply(h.baseAddress! + p * ch, out) }
    }
}
