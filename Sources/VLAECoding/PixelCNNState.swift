import CCodingKernels
import ModelFile
/// The PixelCNN's activations for one S×S tile, `[S²][C]` per layer, filled position by
/// position; reused from tile to tile, so coding allocates nothing per tile.
///
/// Both coder sides use it after `condition(on:maxValue:)`: the encoder (`outputs(for:)`) fills
/// each layer over all positions before the next, the decoder (`outputs(at:into:)` then
/// `setPixel`) fills all layers at one position before the next. Each position's numbers come
/// from the same calls, so the two orders give identical outputs: per pixel, the pixel model's
/// P = `PixelModel.outputChannels` parameters (a Bernoulli logit, or a logistic mixture's).
///
/// The per-pixel work runs in CCodingKernels on buffers this state owns (the activations and a
/// copy of the PixelCNN's parameters): a decoder calls it for every pixel, and Swift arrays there
/// cost a retain and release per access, which measured 15% of decoding.
public final class PixelCNNState {
    let model: CodingModel
    let channels: Int, layers: Int, positions: Int, side: Int
    /// The first layer's input: the tile's pixels in its canvas, with the band around them.
    let canvas: TileCanvas
    let bandIndices: [Int]
    /// The tile's largest pixel value, which maps values to network inputs.
    var maxValue = 1
    var up0: [Float], up1: [Float]
    /// z's upsampled feature map `[S²][C]`; per residual layer its 1×1 conditioning term
    /// `[L][S²][C]`; the activations h_0 … h_L `[L + 1][S²][C]`; the canvas; scratch for 2C.
    let condition: UnsafeMutablePointer<Float>, terms: UnsafeMutablePointer<Float>, hidden: UnsafeMutablePointer<Float>
    let pixels: UnsafeMutablePointer<Float>, scratch: UnsafeMutablePointer<Float>
    /// The parameters, as the kernels take them.
    let first: LayerParameters, residual: [LayerParameters], output: LayerParameters

    /// One layer's weights, bias and taps, copied where the kernels can read them without Swift.
    struct LayerParameters {
        let weights: UnsafeMutablePointer<Float>, bias: UnsafeMutablePointer<Float>
        let tapDy: UnsafeMutablePointer<Int>, tapDx: UnsafeMutablePointer<Int>, taps: Int

        init(weights w: [Float], bias b: [Float], taps: [(dy: Int, dx: Int)] = []) {
            weights = .allocate(capacity: w.count)
            weights.initialize(from: w, count: w.count)
            bias = .allocate(capacity: b.count)
            bias.initialize(from: b, count: b.count)
            tapDy = .allocate(capacity: max(taps.count, 1))
            tapDx = .allocate(capacity: max(taps.count, 1))
            for (t, o) in taps.enumerated() { (tapDy[t], tapDx[t]) = (o.dy, o.dx) }
            self.taps = taps.count
        }

        init(_ layer: CodingConv) { self.init(weights: layer.weight, bias: layer.bias, taps: layer.offsets) }

        func deallocate() { weights.deallocate(); bias.deallocate(); tapDy.deallocate(); tapDx.deallocate() }
    }

    public init(model: CodingModel) {
        self.model = model
        (channels, layers, positions, side) = (model.config.channels, model.config.layers, model.config.pixels, model.config.tile)
        let map = positions * channels
        up0 = [Float](repeating: 0, count: model.up0.outputs)
        up1 = [Float](repeating: 0, count: model.config.halfTile * model.config.halfTile * channels)
        canvas = model.config.canvas
        bandIndices = canvas.band.map { [canvas] in canvas.index(dy: $0.dy, dx: $0.dx) }
        func zeros(_ count: Int) -> UnsafeMutablePointer<Float> {
            let buffer = UnsafeMutablePointer<Float>.allocate(capacity: count)
            buffer.initialize(repeating: 0, count: count)
            return buffer
        }
        (condition, terms, hidden) = (zeros(map), zeros(layers * map), zeros((layers + 1) * map))
        (pixels, scratch) = (zeros(canvas.count), zeros(2 * channels))
        first = LayerParameters(model.first)
        residual = model.residual.map { LayerParameters($0) }
        output = LayerParameters(weights: model.output.weight, bias: model.output.bias)
    }

    deinit {
        for buffer in [condition, terms, hidden, pixels, scratch] { buffer.deallocate() }
        for layer in [first, output] + residual { layer.deallocate() }
    }

    /// Computes what the PixelCNN takes from z for the next tile, whose values are 0 … `maxValue`.
    public func condition(on z: [Float], maxValue: Int) {
        precondition(z.count == model.latents && (1...255).contains(maxValue))
        self.maxValue = maxValue
        for index in bandIndices { pixels[index] = 0 }
        model.up0.apply(z, &up0)
        CodingKernels.elu(&up0, count: up0.count)
        model.up1.apply(up0, &up1)
        CodingKernels.elu(&up1, count: up1.count)
        model.up2.apply(up1, condition)
        for (l, layer) in model.conditioning.enumerated() {
            let term = terms + l * positions * channels
            layer.apply(map: condition, term, count: positions)
        }
    }

    /// The outputs of all S² pixels of a known tile (encoding), `[S²][P]`.
    public func outputs(for tile: [UInt8]) -> [Float] {
        precondition(tile.count == positions)
        for p in 0..<positions { setPixel(p, tile[p]) }
        firstLayer(first: 0, count: positions)
        for l in 0..<layers { residualLayer(l, first: 0, count: positions) }
        let count = model.output.outputs
        var out = [Float](repeating: 0, count: positions * count)
        out.withUnsafeMutableBufferPointer { o in for p in 0..<positions { outputLayer(at: p, into: o.baseAddress! + p * count) } }
        return out
    }

    /// The P outputs of pixel `p` (decoding) into `out`; pixels before `p` must have been set.
    public func outputs(at p: Int, into out: UnsafeMutablePointer<Float>) {
        firstLayer(first: p, count: 1)
        for l in 0..<layers { residualLayer(l, first: p, count: 1) }
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

    /// h_0[p] = ELU(maskA(x)[p] + c[p]) at positions first ..< first + count.
    private func firstLayer(first p: Int, count: Int) {
        vlae_first_layer(pixels, canvas.width, canvas.height, canvas.border, side, first.weights, first.bias, condition, hidden,
                         channels, first.tapDy, first.tapDx, first.taps, p, count)
    }

    /// h_{l+1}[p] = h_l[p] + ELU(maskB(h_l)[p] + cond_l[p]) at positions first ..< first + count.
    private func residualLayer(_ l: Int, first p: Int, count: Int) {
        let map = positions * channels, layer = residual[l]
        vlae_residual_layer(hidden + l * map, hidden + (l + 1) * map, terms + l * map, layer.weights, layer.bias, channels, side,
                            layer.tapDy, layer.tapDx, layer.taps, p, count, scratch)
    }

    private func outputLayer(at p: Int, into out: UnsafeMutablePointer<Float>) {
        vlae_dense_small(out, output.weights, output.bias, hidden + (layers * positions + p) * channels, channels, model.output.outputs)
    }
}
