import Network

/// Every activation, im2col buffer and gradient a VLAE forward/backward pass needs for a batch of
/// `batch` images, allocated once and reused each step (shapes in brackets; conv tensors are
/// channel-major `[C, N·H·W]`, dense ones `[N, F]`).
final class VLAEWorkspace {
    let batch: Int
    // Forward.
    let x: Tensor            // [1, N·784] pixels as the network sees them (PixelModel.input)
    var values: [UInt8]      // [N·784] the pixels' values, 0 … maxValue
    var maxValue = 1
    let enc1Cols, enc1: Tensor, enc2Cols, enc2: Tensor
    let encFlat, enc3, encOut: Tensor   // [N, C2·49], [N, H], [N, 2D] (μ, raw log σ)
    let noise, z: Tensor                // [N, D]
    let made1, made2, madeOut: Tensor   // [N, Hm], [N, Hm], [N, 2D] (m, raw log s)
    let up0, up0Map, up1Cols, up1, up2Cols, cond: Tensor
    let firstCols: Tensor
    let hidden: [Tensor]                // h_0 … h_L, [C, N·784]
    let activated: [Tensor]             // ELU outputs of residual layers, [C, N·784]
    let residualCols: [Tensor]
    let logits: Tensor                  // [P, N·784]: the pixel model's P output channels
    var reconstruction: [Double]        // −log p(x|z) per image, nats
    var kl: [Double]                    // log q(z|x) − log p(z) per image, nats
    // Backward.
    let dLogits, dHidden, dSum, dCond, dUp1, dUp0Map, dUp0, dZ, dMadeOut, dMade2, dMade1, dEncOut, dEnc3, dEncFlat, dEnc2, dEnc1: Tensor
    let dCols: Tensor

    init(model m: VLAEModel, batch n: Int) {
        let cfg = m.config, d = cfg.latents, ch = cfg.channels
        let c1 = cfg.encoderChannels[0], c2 = cfg.encoderChannels[1]
        batch = n
        x = Tensor([n * 784])
        values = [UInt8](repeating: 0, count: n * 784)
        enc1Cols = Tensor([m.enc1.geometry.patchSize, n * 196]); enc1 = Tensor([c1, n * 196])
        enc2Cols = Tensor([m.enc2.geometry.patchSize, n * 49]); enc2 = Tensor([c2, n * 49])
        encFlat = Tensor([n, c2 * 49]); enc3 = Tensor([n, cfg.encoderHidden]); encOut = Tensor([n, 2 * d])
        noise = Tensor([n, d]); z = Tensor([n, d])
        made1 = Tensor([n, cfg.madeHidden]); made2 = Tensor([n, cfg.madeHidden]); madeOut = Tensor([n, 2 * d])
        up0 = Tensor([n, ch * 49]); up0Map = Tensor([ch, n * 49])
        up1Cols = Tensor([m.up1.adjoint.patchSize, n * 49]); up1 = Tensor([ch, n * 196])
        up2Cols = Tensor([m.up2.adjoint.patchSize, n * 196]); cond = Tensor([ch, n * 784])
        firstCols = Tensor([m.first.geometry.patchSize, n * 784])
        hidden = (0...cfg.layers).map { _ in Tensor([ch, n * 784]) }
        activated = (0..<cfg.layers).map { _ in Tensor([ch, n * 784]) }
        residualCols = m.residual.map { Tensor([$0.geometry.patchSize, n * 784]) }
        let outputs = cfg.pixelModel.outputChannels
        logits = Tensor([outputs, n * 784])
        reconstruction = Array(repeating: 0, count: n)
        kl = Array(repeating: 0, count: n)
        dLogits = Tensor([outputs, n * 784]); dHidden = Tensor([ch, n * 784]); dSum = Tensor([ch, n * 784]); dCond = Tensor([ch, n * 784])
        dUp1 = Tensor([ch, n * 196]); dUp0Map = Tensor([ch, n * 49]); dUp0 = Tensor([n, ch * 49]); dZ = Tensor([n, d])
        dMadeOut = Tensor([n, 2 * d]); dMade2 = Tensor([n, cfg.madeHidden]); dMade1 = Tensor([n, cfg.madeHidden])
        dEncOut = Tensor([n, 2 * d]); dEnc3 = Tensor([n, cfg.encoderHidden]); dEncFlat = Tensor([n, c2 * 49])
        dEnc2 = Tensor([c2, n * 49]); dEnc1 = Tensor([c1, n * 196])
        let largest = [m.residual.first.map { $0.geometry.patchSize * n * 784 } ?? 0, m.up2.adjoint.patchSize * n * 196,
                       m.up1.adjoint.patchSize * n * 49, m.enc2.geometry.patchSize * n * 49].max()!
        dCols = Tensor([largest])
    }

    /// Puts `images[indices]` into the batch's slots, as values and as network inputs.
    func load(_ images: ImageSet, _ indices: some Collection<Int>, pixelModel: PixelModel) {
        precondition(indices.count == batch)
        maxValue = images.maxValue
        images.pixels.withUnsafeBufferPointer { px in
            for (slot, image) in indices.enumerated() {
                for p in 0..<784 {
                    let v = px[image * 784 + p]
                    values[slot * 784 + p] = v
                    x[slot * 784 + p] = pixelModel.input(v, maxValue: maxValue)
                }
            }
        }
    }
}
