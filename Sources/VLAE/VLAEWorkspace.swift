import ModelFile
import Network

/// Every activation, im2col buffer and gradient a VLAE forward/backward pass needs for a batch of
/// `batch` images, allocated once and reused each step (shapes in brackets; conv tensors are
/// channel-major `[C, N·H·W]`, dense ones `[N, F]`).
final class VLAEWorkspace {
    let batch: Int
    /// Whose values the passes read and whose gradients they accumulate: the model's store, or
    /// a replica of it for another thread of a data-parallel step.
    let params: ParameterStore
    // Forward.
    let x: Tensor            // [1, N·S²] pixels as the network sees them (PixelModel.input)
    var values: [UInt8]      // [N·S²] the pixels' values, 0 … maxValue
    var maxValue = 1
    let enc1Cols, enc1: Tensor, enc2Cols, enc2: Tensor
    let encFlat, enc3, encOut: Tensor   // [N, C2·(S/4)²], [N, H], [N, 2D] (μ, raw log σ)
    let noise, z, z0: Tensor            // [N, D]; z0: the Gaussian draw before an IAF step
    let made1, made2, madeOut: Tensor   // [N, Hm], [N, Hm], [N, 2D] (m, raw log s)
    let up0, up0Map, up1Cols, up1, up2Cols, cond: Tensor
    let firstCols: Tensor?              // none when the first layer reads no pixels
    /// [N · canvas pixels] the first layer's canvases (models with neighbour context only).
    let canvas: Tensor?
    let hidden: [Tensor]                // h_0 … h_L, [C, N·S²]
    let activated: [Tensor]             // ELU outputs of residual layers, [C, N·S²]
    let conditioningTerms: Tensor       // every residual layer's 1×1 conditioning W_l·c, [L·C, N·S²]
    let residualCols: [Tensor]
    let logits: Tensor                  // [P, N·S²]: the pixel model's P output channels
    var reconstruction: [Double]        // −log p(x|z) per image, nats
    var kl: [Double]                    // log q(z|x) − log p(z) per image, nats
    // Backward.
    let dResiduals: Tensor              // each residual layer's ∂(pre-activation sum), [L·C, N·S²]
    let dLogits, dHidden, dSum, dCond, dUp1, dUp0Map, dUp0, dZ, dZ0, dMadeOut, dMade2, dMade1, dEncOut, dEnc3, dEncFlat, dEnc2, dEnc1: Tensor
    let dCols: Tensor

    init(model m: VLAEModel, batch n: Int, params: ParameterStore? = nil) {
        let cfg = m.config, d = cfg.latents, ch = cfg.channels
        let c1 = cfg.encoderChannels[0], c2 = cfg.encoderChannels[1]
        // Pixels of the tile, of its half-size and of its quarter-size maps.
        let s = cfg.pixels, h = cfg.halfTile * cfg.halfTile, q = cfg.quarterTile * cfg.quarterTile
        batch = n
        self.params = params ?? m.store
        x = Tensor([n * s])
        values = [UInt8](repeating: 0, count: n * s)
        enc1Cols = Tensor([m.enc1.geometry.patchSize, n * h]); enc1 = Tensor([c1, n * h])
        enc2Cols = Tensor([m.enc2.geometry.patchSize, n * q]); enc2 = Tensor([c2, n * q])
        encFlat = Tensor([n, c2 * q]); enc3 = Tensor([n, cfg.encoderHidden]); encOut = Tensor([n, 2 * d])
        noise = Tensor([n, d]); z = Tensor([n, d]); z0 = Tensor([n, d])
        made1 = Tensor([n, cfg.madeHidden]); made2 = Tensor([n, cfg.madeHidden]); madeOut = Tensor([n, 2 * d])
        up0 = Tensor([n, ch * q]); up0Map = Tensor([ch, n * q])
        up1Cols = Tensor([m.up1.scratchCount(batch: n)]); up1 = Tensor([ch, n * h])
        up2Cols = Tensor([m.up2.scratchCount(batch: n)]); cond = Tensor([ch, n * s])
        firstCols = m.first.map { Tensor([$0.inputScratchCount(batch: n)]) }
        canvas = cfg.neighbourContext ? Tensor([n * cfg.canvas.count]) : nil
        hidden = (0...cfg.layers).map { _ in Tensor([ch, n * s]) }
        activated = (0..<cfg.layers).map { _ in Tensor([ch, n * s]) }
        // (A model without residual layers keeps one layer's worth: a tensor has no empty shape.)
        conditioningTerms = Tensor([max(cfg.layers, 1) * ch, n * s]); dResiduals = Tensor([max(cfg.layers, 1) * ch, n * s])
        residualCols = m.residual.map { Tensor([$0.inputScratchCount(batch: n)]) }
        let outputs = cfg.pixelModel.outputChannels
        logits = Tensor([outputs, n * s])
        reconstruction = Array(repeating: 0, count: n)
        kl = Array(repeating: 0, count: n)
        dLogits = Tensor([outputs, n * s]); dHidden = Tensor([ch, n * s]); dSum = Tensor([ch, n * s]); dCond = Tensor([ch, n * s])
        dUp1 = Tensor([ch, n * h]); dUp0Map = Tensor([ch, n * q]); dUp0 = Tensor([n, ch * q]); dZ = Tensor([n, d]); dZ0 = Tensor([n, d])
        dMadeOut = Tensor([n, 2 * d]); dMade2 = Tensor([n, cfg.madeHidden]); dMade1 = Tensor([n, cfg.madeHidden])
        dEncOut = Tensor([n, 2 * d]); dEnc3 = Tensor([n, cfg.encoderHidden]); dEncFlat = Tensor([n, c2 * q])
        dEnc2 = Tensor([c2, n * q]); dEnc1 = Tensor([c1, n * h])
        let largest = [m.residual.first?.gradientScratchCount(batch: n) ?? 0, m.first?.gradientScratchCount(batch: n) ?? 0,
                       m.up2.gradientScratchCount(batch: n), m.up1.gradientScratchCount(batch: n), m.enc2.gradientScratchCount(batch: n),
                       m.enc1.gradientScratchCount(batch: n)].max()!
        dCols = Tensor([largest])
    }

    /// Puts `images[indices]` into the batch's slots, as values and as network inputs.
    /// With a canvas, also lays out each tile's canvas: its band's pixels (zero where it has
    /// none) around the tile.
    func load(_ images: ImageSet, _ indices: some Collection<Int>, pixelModel: PixelModel) {
        precondition(indices.count == batch && images.tilePixels == x.count / batch)
        maxValue = images.maxValue
        let s = images.tilePixels
        images.pixels.withUnsafeBufferPointer { px in
            for (slot, image) in indices.enumerated() {
                for p in 0..<s {
                    let v = px[image * s + p]
                    values[slot * s + p] = v
                    x[slot * s + p] = pixelModel.input(v, maxValue: maxValue)
                }
            }
        }
        guard let canvas else { return }
        let shape = images.canvas, band = shape.band, c = shape.count
        canvas.pointer.update(repeating: 0, count: canvas.count)
        for (slot, image) in indices.enumerated() {
            let base = canvas.pointer + slot * c
            for (j, o) in band.enumerated() {
                let v = images.bands[image * band.count + j]
                if v >= 0 { base[shape.index(dy: o.dy, dx: o.dx)] = pixelModel.input(UInt8(v), maxValue: maxValue) }
            }
            for p in 0..<s { base[shape.index(ofTilePixel: p)] = x[slot * s + p] }
        }
    }

    /// The first layer's im2col from the canvases: tap (dy, dx) of output pixel (y, x) reads
    /// canvas pixel (y + dy, x + dx), which mask A keeps inside the canvas.
    func lowerCanvas(_ shape: TileCanvas, taps: [Int], kernel: Int) {
        guard let canvas else { preconditionFailure("no canvas") }
        let side = shape.side, s = side * side, c = shape.count, plane = batch * s, r = kernel / 2
        let cols = firstCols!.pointer, src = canvas.pointer
        Parallel.forChunks(taps.count, minimumChunk: 1) { rows in
            for t in rows {
                let dy = taps[t] / kernel - r, dx = taps[t] % kernel - r
                for slot in 0..<batch {
                    let dst = cols + t * plane + slot * s
                    for y in 0..<side {
                        (dst + y * side).update(from: src + slot * c + shape.index(dy: y + dy, dx: dx), count: side)
                    }
                }
            }
        }
    }
}
