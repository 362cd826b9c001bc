extension DMath {
    /// Beyond t = 38.5, Φ(-t) < 2.4e-324, below half the smallest subnormal: it rounds to 0.
    static let normalTailCutoff = 38.5

    /// Φ(x), the standard normal cumulative distribution function.
    ///
    /// Absolute error below 2e-16 everywhere; for x <= 0 also relative error below about
    /// 1e-15 (4e-14 near x = -37, from rounding x^2), degrading only where Φ(x) is subnormal.
    /// Φ(x) for x > 0 is computed as 1 - Φ(-x), so Φ(x) + Φ(-x) = 1 up to that one rounding.
    /// See `normalLowerTail(_:)` for the method.
    ///
    /// Special values: NaN -> NaN; -inf -> 0; +inf -> 1; x < -38.5 -> 0; Φ(±0) = 0.5 exactly.
    public static func normalCDF(_ x: Double) -> Double {
        if x.isNaN { return .nan }
        if x <= 0 { return normalLowerTail(-x) }
        return 1 - normalLowerTail(x)
    }


    /// Φ(-t) for t >= 0 (or +inf), with small relative error.
    ///
    /// Three shapes, each a polynomial fitted in `Generators/generate_coefficients.py`:
    /// t < 1: 1/2 - t g(t^2); 1 <= t < 8: exp(-t^2/2) m_i(t) on unit pieces;
    /// 8 <= t < 38.5: exp(-t^2/2) h(1/t^2) / (t sqrt(2 pi)); beyond: 0.
    static func normalLowerTail(_ t: Double) -> Double {
        if t < 1 {
            return 0.5 - t * normalTailCentral(t * t)
        }
        if t >= normalTailCutoff { return 0 }
        return exp(-0.5 * t * t) * normalMillsRatio(t) * inverseSqrt2Pi
    }

    /// Mills ratio Φ(-t) / φ(t) for t >= 1, without evaluating any exponential.
    static func normalMillsRatio(_ t: Double) -> Double {
        if t < 8 {
            return normalTailScaled(t, piece: Int(t)) * sqrt2Pi
        }
        return normalTailAsymptotic(1 / (t * t)) / t
    }

    /// log Φ(-t) for t >= 1, valid far beyond the point where Φ(-t) underflows.
    static func logNormalLowerTail(_ t: Double) -> Double {
        -0.5 * t * t - halfLog2Pi + log(normalMillsRatio(t))
    }
}
