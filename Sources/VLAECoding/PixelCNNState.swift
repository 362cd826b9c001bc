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
///
/// With several `lanes` (up to 4) it holds that many tiles' activations `laneStride` floats apart,
/// and `outputs(at:lanes:into:)` steps their decoders one pixel at once: the float residual
/// layers' sums, a chain of dependent additions per output, then run two independent chains side
/// by side (`vlae_residual_layer_lanes`); the integer ones run every layer at the pixel in one
/// kernel call that reads each residual weight once for all lanes (`vlae_q_pixel_step`); either
/// way with the same bits as one tile at a time.
public final class PixelCNNState {
    let model: CodingModel
    let channels: Int, layers: Int, positions: Int, side: Int
    /// Tiles held at once, and the distance between two lanes' buffers.
    public let lanes: Int
    let laneStride: Int
    /// The first layer's input: the tile's pixels in its canvas, with the band around them.
    let canvas: TileCanvas
    let bandIndices: [Int]
    /// Each lane's tile's largest pixel value, which maps values to network inputs.
    var maxValues: [Int]
    var up0: [Float], up1: [Float]
    /// Lane 0's z's upsampled feature map `[S²][C]`; per residual layer its 1×1 conditioning term
    /// `[L][S²][C]`; the activations h_0 … h_L `[L + 1][S²][C]`; the canvas (one allocation,
    /// `storage`, lane k's at + k·laneStride); scratch for 2C.
    let storage: UnsafeMutablePointer<Float>
    let condition: UnsafeMutablePointer<Float>, terms: UnsafeMutablePointer<Float>, hidden: UnsafeMutablePointer<Float>
    let pixels: UnsafeMutablePointer<Float>, scratch: UnsafeMutablePointer<Float>
    /// The parameters, as the kernels take them.
    let first: LayerParameters, residual: [LayerParameters], output: LayerParameters
    /// For a quantised model, the per-pixel layers in integers (which then replace the float ones).
    let integer: IntegerPixelLayers?

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

    /// - Precondition: `lanes` is 1 … 4.
    public init(model: CodingModel, lanes: Int = 1) {
        precondition((1...4).contains(lanes))
        self.model = model
        self.lanes = lanes
        (channels, layers, positions, side) = (model.config.channels, model.config.layers, model.config.pixels, model.config.tile)
        let map = positions * channels
        maxValues = [Int](repeating: 1, count: lanes)
        up0 = [Float](repeating: 0, count: model.up0.outputs)
        up1 = [Float](repeating: 0, count: model.config.halfTile * model.config.halfTile * channels)
        canvas = model.config.canvas
        bandIndices = canvas.band.map { [canvas] in canvas.index(dy: $0.dy, dx: $0.dx) }
        func zeros(_ count: Int) -> UnsafeMutablePointer<Float> {
            let buffer = UnsafeMutablePointer<Float>.allocate(capacity: count)
            buffer.initialize(repeating: 0, count: count)
            return buffer
        }
        laneStride = map + layers * map + (layers + 1) * map + canvas.count
        storage = zeros(lanes * laneStride)
        (condition, terms, hidden) = (storage, storage + map, storage + (1 + layers) * map)
        (pixels, scratch) = (storage + (2 + 2 * layers) * map, zeros(2 * channels))
        first = LayerParameters(model.first)
        residual = model.residual.map { LayerParameters($0) }
        output = LayerParameters(weights: model.output.weight, bias: model.output.bias)
        integer = model.arithmetic.map { IntegerPixelLayers(model: model, arithmetic: $0, lanes: lanes) }
    }

    deinit {
        for buffer in [storage, scratch] { buffer.deallocate() }
        for layer in [first, output] + residual { layer.deallocate() }
    }

    /// Computes what the PixelCNN takes from z for the next tile of `lane`, whose values are
    /// 0 … `maxValue`.
    public func condition(on z: [Float], maxValue: Int, lane: Int = 0) {
        precondition(z.count == model.latents && (1...255).contains(maxValue))
        maxValues[lane] = maxValue
        let shift = lane * laneStride
        for index in bandIndices { pixels[shift + index] = 0 }
        integer?.setInputs(model.config.pixelModel, maxValue: maxValue, lane: lane)
        if let integer, let integerTile = model.integerTile {
            integer.condition(from: integerTile, z: z, lane: lane)
            for index in bandIndices { integer.setCanvas(index, 0, lane: lane) }
            return
        }
        model.up0.apply(z, &up0)
        CodingKernels.elu(&up0, count: up0.count)
        model.up1.apply(up0, &up1)
        CodingKernels.elu(&up1, count: up1.count)
        model.up2.apply(up1, condition + shift)
        for (l, layer) in model.conditioning.enumerated() {
            let term = terms + shift + l * positions * channels
            layer.apply(map: condition + shift, term, count: positions)
        }
        if let integer {
            integer.load(condition: condition + shift, terms: terms + shift, lane: lane)
            for index in bandIndices { integer.setCanvas(index, 0, lane: lane) }
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
        out.withUnsafeMutableBufferPointer { o in
            if let integer { return integer.outputLayer(first: 0, count: positions, lane: 0, into: o.baseAddress!) }
            for p in 0..<positions { outputLayer(at: p, into: o.baseAddress! + p * count) }
        }
        return out
    }

    /// The P outputs of pixel `p` of `lane`'s tile (decoding) into `out`; pixels before `p` must
    /// have been set.
    public func outputs(at p: Int, lane: Int = 0, into out: UnsafeMutablePointer<Float>) {
        if let integer { return integer.step(at: p, lane: lane, lanes: 1, into: out) }
        firstLayer(first: p, count: 1, lane: lane)
        for l in 0..<layers { residualLayer(l, first: p, count: 1, lane: lane) }
        outputLayer(at: p, lane: lane, into: out)
    }

    /// The P outputs of pixel `p` of lanes 0 ..< `count`'s tiles, lane k's into `out + k·P`: the
    /// same numbers as `outputs(at:lane:into:)` for each. The integer layers take all lanes in one
    /// pass over each layer's weights, the float ones two at a time.
    public func outputs(at p: Int, lanes count: Int, into out: UnsafeMutablePointer<Float>) {
        precondition((1...lanes).contains(count))
        if let integer { return integer.step(at: p, lane: 0, lanes: count, into: out) }
        for k in 0..<count { firstLayer(first: p, count: 1, lane: k) }
        let map = positions * channels
        for l in 0..<layers {
            let layer = residual[l]
            for k in stride(from: 0, to: count, by: 2) {
                let shift = k * laneStride
                if k + 1 < count {
                    vlae_residual_layer_lanes(hidden + shift + l * map, hidden + shift + (l + 1) * map, terms + shift + l * map,
                                              layer.weights, layer.bias, channels, side, layer.tapDy, layer.tapDx, layer.taps, p,
                                              laneStride, scratch)
                } else {
                    residualLayer(l, first: p, count: 1, lane: k)
                }
            }
        }
        for k in 0..<count { outputLayer(at: p, lane: k, into: out + k * model.output.outputs) }
    }

    public func setPixel(_ p: Int, _ value: UInt8, lane: Int = 0) {
        let index = canvas.index(ofTilePixel: p)
        if let integer { return integer.setPixel(index, value, lane: lane) }
        pixels[lane * laneStride + index] = model.config.pixelModel.input(value, maxValue: maxValues[lane])
    }

    /// Sets the canvas band of `lane` from the pixels the decoder has around the tile
    /// (`TileCanvas.band` order, −1 where it has none); after `condition`, which sets the values' range.
    func setBand(_ band: [Int16], lane: Int = 0) {
        precondition(band.count == bandIndices.count)
        let input = model.config.pixelModel, shift = lane * laneStride
        for (j, index) in bandIndices.enumerated() {
            let value = band[j] < 0 ? 0 : input.input(UInt8(band[j]), maxValue: maxValues[lane])
            pixels[shift + index] = value
            integer?.setCanvas(index, value, lane: lane)
        }
    }

    /// h_0[p] = ELU(maskA(x)[p] + c[p]) at positions first ..< first + count.
    private func firstLayer(first p: Int, count: Int, lane: Int = 0) {
        if let integer { return integer.firstLayer(first: p, count: count, lane: lane) }
        let shift = lane * laneStride
        vlae_first_layer(pixels + shift, canvas.width, canvas.height, canvas.border, side, first.weights, first.bias, condition + shift,
                         hidden + shift, channels, first.tapDy, first.tapDx, first.taps, p, count)
    }

    /// h_{l+1}[p] = h_l[p] + ELU(maskB(h_l)[p] + cond_l[p]) at positions first ..< first + count.
    private func residualLayer(_ l: Int, first p: Int, count: Int, lane: Int = 0) {
        if let integer { return integer.residualLayer(l, first: p, count: count, lane: lane) }
        let map = positions * channels, layer = residual[l], h = hidden + lane * laneStride
        vlae_residual_layer(h + l * map, h + (l + 1) * map, terms + lane * laneStride + l * map, layer.weights, layer.bias, channels, side,
                            layer.tapDy, layer.tapDx, layer.taps, p, count, scratch)
    }

    private func outputLayer(at p: Int, lane: Int = 0, into out: UnsafeMutablePointer<Float>) {
        vlae_dense_small(out, output.weights, output.bias, hidden + lane * laneStride + (layers * positions + p) * channels, channels,
                         model.output.outputs)
    }
}
