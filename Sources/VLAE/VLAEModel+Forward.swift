import ModelFile
import Foundation
import Network

extension VLAEModel {
    /// One stochastic pass: encoder, z = μ + σ·noise (noise from `ws.noise`; then the IAF step if
    /// any), prior and decoder. Fills `ws.reconstruction` (−log p(x|z)) and `ws.kl`
    /// (log q(z|x) − log p(z)) per image.
    func forward(_ ws: VLAEWorkspace) {
        encode(ws)
        sampleLatent(ws)
        if config.posterior == .inverseAutoregressive { inverseAutoregressiveStep(ws) }
        priorLogDensity(ws)
        decode(ws)
    }

    /// The encoder's Gaussian draw: z itself, or z⁰ before an IAF step.
    func gaussianDraw(_ ws: VLAEWorkspace) -> Tensor { config.posterior == .inverseAutoregressive ? ws.z0 : ws.z }

    func encode(_ ws: VLAEWorkspace) {
        let n = ws.batch, c2 = config.encoderChannels[1], q2 = config.quarterTile * config.quarterTile
        enc1.forward(x: ws.x.pointer, batch: n, cols: ws.enc1Cols.pointer, y: ws.enc1.pointer, params: ws.params)
        ELU.forward(ws.enc1.pointer, ws.enc1.pointer, count: ws.enc1.count)
        enc2.forward(x: ws.enc1.pointer, batch: n, cols: ws.enc2Cols.pointer, y: ws.enc2.pointer, params: ws.params)
        ELU.forward(ws.enc2.pointer, ws.enc2.pointer, count: ws.enc2.count)
        Layout.channelMajorToRows(ws.enc2.pointer, channels: c2, batch: n, plane: q2, ws.encFlat.pointer)
        enc3.forward(x: ws.encFlat.pointer, batch: n, y: ws.enc3.pointer, params: ws.params)
        ELU.forward(ws.enc3.pointer, ws.enc3.pointer, count: ws.enc3.count)
        enc4.forward(x: ws.enc3.pointer, batch: n, y: ws.encOut.pointer, params: ws.params)
    }

    /// z (or z⁰) = μ + σ·ε and the KL's log q term, −Σ(ε²/2 + log σ) (the 2π constants cancel in the KL).
    func sampleLatent(_ ws: VLAEWorkspace) {
        let d = config.latents, draw = gaussianDraw(ws)
        for i in 0..<ws.batch {
            var logq = 0.0
            for j in 0..<d {
                let mu = ws.encOut[i * 2 * d + j], ls = clampLogScale(ws.encOut[i * 2 * d + d + j])
                let e = ws.noise[i * d + j]
                draw[i * d + j] = mu + exp(ls) * e
                logq -= Double(0.5 * e * e + ls)
            }
            ws.kl[i] = logq
        }
    }

    /// The IAF step z_j = m_j + s_j·z⁰_j with (m, log s) = MADE(z⁰): log q falls by Σ log s_j.
    func inverseAutoregressiveStep(_ ws: VLAEWorkspace) {
        let d = config.latents
        made!.forward(ws.z0.pointer, ws)
        for i in 0..<ws.batch {
            var logScales = 0.0
            for j in 0..<d {
                let m = ws.madeOut[i * 2 * d + j], ls = clampLogScale(ws.madeOut[i * 2 * d + d + j])
                ws.z[i * d + j] = m + exp(ls) * ws.z0[i * d + j]
                logScales += Double(ls)
            }
            ws.kl[i] -= logScales
        }
    }

    /// Subtracts log p(z) from `ws.kl`: under the AF prior each z_j is Gaussian given the MADE's
    /// m_j, log s_j; under the diagonal prior standard normal.
    func priorLogDensity(_ ws: VLAEWorkspace) {
        let n = ws.batch, d = config.latents
        if config.prior == .autoregressive { made!.forward(ws.z.pointer, ws) }
        for i in 0..<n {
            var logp = 0.0
            for j in 0..<d {
                let (m, ls) = priorConditional(ws, i, j)
                logp += Double(GaussianLogDensity.value(ws.z[i * d + j], mean: m, logScale: ls))
            }
            ws.kl[i] -= logp
        }
    }

    /// z_j's prior mean and clamped log-scale for image i (0 and 0 under the diagonal prior).
    func priorConditional(_ ws: VLAEWorkspace, _ i: Int, _ j: Int) -> (mean: Float, logScale: Float) {
        guard config.prior == .autoregressive else { return (0, 0) }
        let d = config.latents
        return (ws.madeOut[i * 2 * d + j], clampLogScale(ws.madeOut[i * 2 * d + d + j]))
    }

    func decode(_ ws: VLAEWorkspace) {
        let n = ws.batch, ch = config.channels, planes = n * config.pixels
        up0.forward(x: ws.z.pointer, batch: n, y: ws.up0.pointer, params: ws.params)
        ELU.forward(ws.up0.pointer, ws.up0.pointer, count: ws.up0.count)
        Layout.rowsToChannelMajor(ws.up0.pointer, channels: ch, batch: n, plane: config.quarterTile * config.quarterTile, ws.up0Map.pointer)
        up1.forward(x: ws.up0Map.pointer, batch: n, cols: ws.up1Cols.pointer, y: ws.up1.pointer, params: ws.params)
        ELU.forward(ws.up1.pointer, ws.up1.pointer, count: ws.up1.count)
        up2.forward(x: ws.up1.pointer, batch: n, cols: ws.up2Cols.pointer, y: ws.cond.pointer, params: ws.params)

        // h_0 = ELU(maskA(x) + c): h_0 starts as c plus the layer's bias, the GEMM adds the rest.
        let h0 = ws.hidden[0].pointer
        Rows.fill(bias: ws.params.value(firstBias), plus: ws.cond.pointer, rows: ch, columns: planes, into: h0)
        if let first {
            if config.neighbourContext {
                ws.lowerCanvas(config.canvas, taps: first.geometry.taps, kernel: config.firstKernel)
                first.accumulate(lowered: ws.firstCols!.pointer, batch: n, into: h0, params: ws.params)
            } else {
                first.accumulate(x: ws.x.pointer, batch: n, cols: ws.firstCols!.pointer, into: h0, params: ws.params)
            }
        }
        ELU.forward(h0, h0, count: ch * planes)
        // h_{l+1} = h_l + ELU(maskB(h_l) + 1×1(c)). Every layer's 1×1(c) comes from one GEMM of
        // the stacked weights, which reads (and packs) c once instead of once per layer; each
        // layer starts from it plus both biases, and its masked convolution adds the rest.
        conditioningForward(ws, planes: planes)
        var biases = [Float](repeating: 0, count: ch)
        for l in 0..<config.layers {
            let a = ws.activated[l].pointer
            let rb = ws.params.value(residual[l].bias), cb = ws.params.value(conditioning[l].bias)
            for i in 0..<ch { biases[i] = rb[i] + cb[i] }
            Rows.fill(bias: biases, plus: ws.conditioningTerms.pointer + l * ch * planes, rows: ch, columns: planes, into: a)
            residual[l].accumulate(x: ws.hidden[l].pointer, batch: n, cols: ws.residualCols[l].pointer, into: a, params: ws.params)
            ELU.forwardResidual(a, adding: ws.hidden[l].pointer, into: ws.hidden[l + 1].pointer, count: ch * planes)
        }
        output.forward(x: ws.hidden[config.layers].pointer, planes: planes, y: ws.logits.pointer, params: ws.params)
        switch config.pixelModel {
        case .bernoulli: bernoulliLikelihood(ws)
        case .logisticMixture(let k): logisticMixtureLikelihood(ws, components: k)
        }
    }

    /// −log p(x|z) per image under one Bernoulli logit per pixel.
    func bernoulliLikelihood(_ ws: VLAEWorkspace) {
        let s = config.pixels
        for i in 0..<ws.batch {
            var nll = 0.0
            for p in (i * s)..<((i + 1) * s) {
                nll += Double(BernoulliLogits.negLogLikelihood(logit: ws.logits[p], target: ws.x[p]))
            }
            ws.reconstruction[i] = nll
        }
    }

    /// −log p(x|z) per image under a K-component discretized logistic mixture per pixel, over
    /// the batch's maxValue + 1 levels. The gradient per output channel is written into
    /// `ws.dLogits` on the way (unscaled), since it shares all the work with the value.
    func logisticMixtureLikelihood(_ ws: VLAEWorkspace, components k: Int) {
        let s = config.pixels, planes = ws.batch * s, levels = ws.maxValue + 1
        let out = ws.logits.pointer, grad = ws.dLogits.pointer
        let (lo, hi) = (config.logScaleMin, config.logScaleMax)
        var perImage = [Double](repeating: 0, count: ws.batch)
        perImage.withUnsafeMutableBufferPointer { nll in
            Parallel.forChunks(ws.batch, minimumChunk: 1) { images in
                var params = [Float](repeating: 0, count: 3 * k), g = [Float](repeating: 0, count: 3 * k)
                for i in images {
                    var sum = 0.0
                    for p in (i * s)..<((i + 1) * s) {
                        for c in 0..<(3 * k) { params[c] = out[c * planes + p] }
                        for c in (2 * k)..<(3 * k) { params[c] = min(max(params[c], lo), hi) }
                        sum += Double(params.withUnsafeBufferPointer { q in
                            DiscretizedLogisticMixture.negLogLikelihood(logits: q.baseAddress!, means: q.baseAddress! + k, logScales: q.baseAddress! + 2 * k,
                                                                        components: k, value: Int(ws.values[p]), levels: levels, gradient: &g)
                        })
                        for c in 0..<(3 * k) {
                            let clamped = c >= 2 * k && (out[c * planes + p] < lo || out[c * planes + p] > hi)
                            grad[c * planes + p] = clamped ? 0 : g[c]
                        }
                    }
                    nll[i] = sum
                }
            }
        }
        ws.reconstruction = perImage
    }

    /// Every residual layer's 1×1 conditioning term W_l·c into `ws.conditioningTerms`.
    func conditioningForward(_ ws: VLAEWorkspace, planes: Int) {
        let layers = config.layers, ch = config.channels
        guard layers > 0 else { return }
        stackedConditioningWeights(ws.params).withUnsafeBufferPointer { w in
            Gemm.multiply(transA: false, transB: false, m: layers * ch, n: planes, k: ch, a: w.baseAddress!, lda: ch,
                          b: ws.cond.pointer, ldb: planes, beta: 0, c: ws.conditioningTerms.pointer, ldc: planes)
        }
    }

    /// The residual layers' 1×1 conditioning weights stacked, `[L·C, C]`.
    func stackedConditioningWeights(_ params: ParameterStore) -> [Float] {
        conditioning.flatMap { Array(UnsafeBufferPointer(start: params.value($0.weight), count: $0.weight.count)) }
    }

    func clampLogScale(_ v: Float) -> Float { min(max(v, config.logScaleMin), config.logScaleMax) }
}

func add(_ a: UnsafePointer<Float>, into b: UnsafeMutablePointer<Float>, count: Int) {
    Parallel.forChunks(count) { r in for i in r { b[i] += a[i] } }
}
