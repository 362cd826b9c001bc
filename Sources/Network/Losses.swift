import Foundation

/// The Bernoulli likelihood of a binary target under a logit: −log p(x | l) = softplus(l) − x·l,
/// written as max(l, 0) − x·l + log(1 + e^−|l|) so it never overflows.
public enum BernoulliLogits {
    public static func negLogLikelihood(logit l: Float, target x: Float) -> Float {
        max(l, 0) - x * l + log1p(exp(-abs(l)))
    }

    /// ∂/∂l of `negLogLikelihood`: σ(l) − x.
    public static func gradient(logit l: Float, target x: Float) -> Float {
        1 / (1 + exp(-l)) - x
    }
}

/// The log density of N(mean, e^logScale), up to the constant −½ log 2π (which cancels in every
/// KL the model computes): −u²/2 − logScale with u = (x − mean)·e^−logScale.
public enum GaussianLogDensity {
    public static func value(_ x: Float, mean: Float, logScale: Float) -> Float {
        let u = (x - mean) * exp(-logScale)
        return -0.5 * u * u - logScale
    }

    /// Partial derivatives with respect to x, mean and logScale: (−u/s, u/s, u² − 1).
    public static func gradient(_ x: Float, mean: Float, logScale: Float) -> (x: Float, mean: Float, logScale: Float) {
        let invS = exp(-logScale), u = (x - mean) * invS
        return (-u * invS, u * invS, u * u - 1)
    }
}
