import Foundation

/// The discretized logistic mixture likelihood of PixelCNN++ (Salimans et al. 2017) for one
/// pixel with `levels` values v = 0 … M (M = levels − 1), seen as bin centres c = −1 + 2v/M of
/// half-width δ = 1/M in [−1, 1]; the outer bins reach to ±∞, so the masses sum to one.
///
/// Component k has weight softmax(logits)_k, mean μ_k and scale e^{logScale_k}. With
/// a = (c + δ − μ)/s and b = (c − δ − μ)/s, its mass is σ(a) − σ(b), written as
/// σ(a)·σ(−b)·(1 − e^{b−a}) so its logarithm, −softplus(−a) − softplus(b) + log(−expm1(b − a)),
/// is stable everywhere (no cut-over to a density for tiny bins, unlike PixelCNN++).
public enum DiscretizedLogisticMixture {
    /// The log mass of component (mean, logScale) at `value`, and its partial derivatives.
    @inline(__always)
    static func componentLogMass(value v: Int, levels: Int, mean: Float, logScale: Float)
        -> (logMass: Float, dMean: Float, dLogScale: Float) {
        let m = Float(levels - 1), delta = 1 / m, centre = -1 + 2 * Float(v) / m
        let invS = exp(-logScale)
        let a = (centre + delta - mean) * invS, b = (centre - delta - mean) * invS
        var logMass: Float = 0, dA: Float = 0, dB: Float = 0, dLogScaleGap: Float = 0
        if v < levels - 1 { logMass -= softplus(-a); dA = sigmoid(-a) }        // log σ(a)
        if v > 0 { logMass -= softplus(b); dB = -sigmoid(b) }                   // log σ(−b)
        if v > 0 && v < levels - 1 {
            let t = a - b                                                       // 2δ/s > 0
            logMass += log(-expm1(-t))
            dLogScaleGap = -t / expm1(t)                                        // ∂/∂logScale of log(1 − e^−t)
        }
        // ∂a/∂μ = ∂b/∂μ = −1/s; ∂a/∂logScale = −a, ∂b/∂logScale = −b.
        return (logMass, -invS * (dA + dB), -a * dA - b * dB + dLogScaleGap)
    }

    /// −log p(value) and its gradient with respect to the logits, means and log-scales, written
    /// into `gradient` laid out as `[dLogits, dMeans, dLogScales]` (3K entries, overwritten).
    /// The gradient of the logits is π_k − r_k, of a component's parameters −r_k·∂log mass,
    /// with r the posterior responsibilities of the components for this value.
    public static func negLogLikelihood(logits: UnsafePointer<Float>, means: UnsafePointer<Float>, logScales: UnsafePointer<Float>,
                                        components k: Int, value: Int, levels: Int,
                                        gradient g: UnsafeMutablePointer<Float>) -> Float {
        var topLogit = -Float.infinity, topScore = -Float.infinity
        for j in 0..<k {
            let c = componentLogMass(value: value, levels: levels, mean: means[j], logScale: logScales[j])
            g[k + j] = c.dMean; g[2 * k + j] = c.dLogScale
            g[j] = logits[j] + c.logMass                                  // score, turned into r_j below
            topLogit = max(topLogit, logits[j]); topScore = max(topScore, g[j])
        }
        var sumLogits: Float = 0, sumScores: Float = 0
        for j in 0..<k { sumLogits += exp(logits[j] - topLogit); sumScores += exp(g[j] - topScore) }
        for j in 0..<k {
            let r = exp(g[j] - topScore) / sumScores, pi = exp(logits[j] - topLogit) / sumLogits
            g[j] = pi - r
            g[k + j] *= -r
            g[2 * k + j] *= -r
        }
        return (topLogit + log(sumLogits)) - (topScore + log(sumScores))
    }

    @inline(__always) static func softplus(_ x: Float) -> Float { max(x, 0) + log1p(exp(-abs(x))) }
    @inline(__always) static func sigmoid(_ x: Float) -> Float { 1 / (1 + exp(-x)) }
}
