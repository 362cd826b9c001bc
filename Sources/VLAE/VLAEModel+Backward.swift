import ModelFile
import Foundation
import Network

extension VLAEModel {
    /// Accumulates into `ws.params`' gradients the gradient of the training loss
    /// `lossScale · Σ_i [ −log p(x_i|z_i) + max(KL_i, freeNats) ]` for the pass that `forward`
    /// just made (free bits as in the reference model: the KL gets no gradient while it is under
    /// `freeNats`). `lossScale` is 1 / the whole batch, of which `ws` may hold a part.
    func backward(_ ws: VLAEWorkspace, freeNats: Double, lossScale w: Float) {
        let n = ws.batch, d = config.latents, ch = config.channels, planes = n * config.pixels
        switch config.pixelModel {
        case .bernoulli:
            // ∂/∂logit of −log p = σ(logit) − x.
            Parallel.forChunks(planes) { r in
                for i in r { ws.dLogits[i] = w * BernoulliLogits.gradient(logit: ws.logits[i], target: ws.x[i]) }
            }
        case .logisticMixture:
            // The forward pass left the unscaled gradient in dLogits.
            let g = ws.dLogits.pointer
            Parallel.forChunks(ws.dLogits.count) { r in for i in r { g[i] *= w } }
        }
        ws.dHidden.zero()
        output.backward(dy: ws.dLogits.pointer, x: ws.hidden[config.layers].pointer, planes: planes, dx: ws.dHidden.pointer, params: ws.params)
        ws.dCond.zero()
        for l in (0..<config.layers).reversed() {
            // h_{l+1} = h_l + ELU(s_l): dHidden holds ∂h_{l+1} and becomes ∂h_l in place.
            let dS = ws.dResiduals.pointer + l * ch * planes
            ELU.backward(ws.dHidden.pointer, y: ws.activated[l].pointer, dS, count: ch * planes)
            Rows.accumulateSums(dS, rows: ch, columns: planes, into: ws.params.gradient(conditioning[l].bias))
            residual[l].backward(dy: dS, batch: n, cols: ws.residualCols[l].pointer, dcols: ws.dCols.pointer,
                                 dx: ws.dHidden.pointer, params: ws.params)
        }
        conditioningBackward(ws, planes: planes)
        ELU.backward(ws.dHidden.pointer, y: ws.hidden[0].pointer, ws.dSum.pointer, count: ch * planes)
        if let first {
            first.backward(dy: ws.dSum.pointer, batch: n, cols: ws.firstCols!.pointer, dcols: ws.dCols.pointer, dx: nil, params: ws.params)
        } else {
            Rows.accumulateSums(ws.dSum.pointer, rows: ch, columns: planes, into: ws.params.gradient(firstBias))
        }
        add(ws.dSum.pointer, into: ws.dCond.pointer, count: ch * planes)

        ws.dUp1.zero()
        up2.backward(dy: ws.dCond.pointer, x: ws.up1.pointer, batch: n, dcols: ws.dCols.pointer, dx: ws.dUp1.pointer, params: ws.params)
        ELU.backward(ws.dUp1.pointer, y: ws.up1.pointer, ws.dUp1.pointer, count: ws.dUp1.count)
        ws.dUp0Map.zero()
        up1.backward(dy: ws.dUp1.pointer, x: ws.up0Map.pointer, batch: n, dcols: ws.dCols.pointer, dx: ws.dUp0Map.pointer, params: ws.params)
        Layout.channelMajorToRows(ws.dUp0Map.pointer, channels: ch, batch: n, plane: config.quarterTile * config.quarterTile, ws.dUp0.pointer)
        ELU.backward(ws.dUp0.pointer, y: ws.up0.pointer, ws.dUp0.pointer, count: ws.dUp0.count)
        ws.dZ.zero()
        up0.backward(dy: ws.dUp0.pointer, x: ws.z.pointer, batch: n, dx: ws.dZ.pointer, params: ws.params)

        // KL = log q − log p. Prior side: the gradient of −log p(z) through z (and the AF prior's m, log s).
        let active = (0..<n).map { ws.kl[$0] > freeNats ? w : 0 }
        for i in 0..<n {
            for j in 0..<d {
                let (m, ls) = priorConditional(ws, i, j)
                let g = GaussianLogDensity.gradient(ws.z[i * d + j], mean: m, logScale: ls)
                ws.dZ[i * d + j] -= active[i] * g.x
                guard config.prior == .autoregressive else { continue }
                ws.dMadeOut[i * 2 * d + j] = -active[i] * g.mean
                ws.dMadeOut[i * 2 * d + d + j] = ws.madeOut[i * 2 * d + d + j] == ls ? -active[i] * g.logScale : 0
            }
        }
        if config.prior == .autoregressive { made!.backward(ws.z.pointer, ws, dv: ws.dZ.pointer) }

        // The IAF step z = m + e^{log s}·z⁰, whose log q has −Σ log s: back to z⁰.
        let dDraw = config.posterior == .inverseAutoregressive ? ws.dZ0 : ws.dZ
        if config.posterior == .inverseAutoregressive {
            for i in 0..<n {
                for j in 0..<d {
                    let raw = ws.madeOut[i * 2 * d + d + j], ls = clampLogScale(raw), s = exp(ls)
                    let dz = ws.dZ[i * d + j]
                    ws.dZ0[i * d + j] = dz * s
                    ws.dMadeOut[i * 2 * d + j] = dz
                    ws.dMadeOut[i * 2 * d + d + j] = raw == ls ? dz * s * ws.z0[i * d + j] - active[i] : 0
                }
            }
            made!.backward(ws.z0.pointer, ws, dv: ws.dZ0.pointer)
        }

        // Posterior side, reparameterised: z (or z⁰) = μ + e^{log σ}·ε and log q = −Σ(ε²/2 + log σ).
        for i in 0..<n {
            for j in 0..<d {
                let raw = ws.encOut[i * 2 * d + d + j], ls = clampLogScale(raw)
                let dz = dDraw[i * d + j]
                ws.dEncOut[i * 2 * d + j] = dz
                ws.dEncOut[i * 2 * d + d + j] = raw == ls ? dz * ws.noise[i * d + j] * exp(ls) - active[i] : 0
            }
        }
        ws.dEnc3.zero()
        enc4.backward(dy: ws.dEncOut.pointer, x: ws.enc3.pointer, batch: n, dx: ws.dEnc3.pointer, params: ws.params)
        ELU.backward(ws.dEnc3.pointer, y: ws.enc3.pointer, ws.dEnc3.pointer, count: ws.dEnc3.count)
        ws.dEncFlat.zero()
        enc3.backward(dy: ws.dEnc3.pointer, x: ws.encFlat.pointer, batch: n, dx: ws.dEncFlat.pointer, params: ws.params)
        let c2 = config.encoderChannels[1]
        Layout.rowsToChannelMajor(ws.dEncFlat.pointer, channels: c2, batch: n, plane: config.quarterTile * config.quarterTile, ws.dEnc2.pointer)
        ELU.backward(ws.dEnc2.pointer, y: ws.enc2.pointer, ws.dEnc2.pointer, count: ws.dEnc2.count)
        ws.dEnc1.zero()
        enc2.backward(dy: ws.dEnc2.pointer, batch: n, cols: ws.enc2Cols.pointer, dcols: ws.dCols.pointer, dx: ws.dEnc1.pointer, params: ws.params)
        ELU.backward(ws.dEnc1.pointer, y: ws.enc1.pointer, ws.dEnc1.pointer, count: ws.dEnc1.count)
        enc1.backward(dy: ws.dEnc1.pointer, batch: n, cols: ws.enc1Cols.pointer, dcols: ws.dCols.pointer, dx: nil, params: ws.params)
    }

    /// Every residual layer's 1×1 conditioning at once, as the forward pass ran it:
    /// ∂W = [∂s_1; …; ∂s_L]·cᵀ and ∂c += [W_1; …; W_L]ᵀ·[∂s_1; …; ∂s_L].
    func conditioningBackward(_ ws: VLAEWorkspace, planes: Int) {
        let layers = config.layers, ch = config.channels
        guard layers > 0 else { return }
        var stacked = [Float](repeating: 0, count: layers * ch * ch)
        Gemm.multiply(transA: false, transB: true, m: layers * ch, n: ch, k: planes, a: ws.dResiduals.pointer, lda: planes,
                      b: ws.cond.pointer, ldb: planes, beta: 0, c: &stacked, ldc: ch)
        for l in 0..<layers {
            let g = ws.params.gradient(conditioning[l].weight)
            for i in 0..<(ch * ch) { g[i] += stacked[l * ch * ch + i] }
        }
        stackedConditioningWeights(ws.params).withUnsafeBufferPointer { w in
            Gemm.multiply(transA: true, transB: false, m: ch, n: planes, k: layers * ch, a: w.baseAddress!, lda: ch,
                          b: ws.dResiduals.pointer, ldb: planes, beta: 1, c: ws.dCond.pointer, ldc: planes)
        }
    }
}
