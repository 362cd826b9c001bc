extension DMath {
    /// Below this lower-tail probability the quantile is refined in log space.
    static let quantileTailSplit = 0.02425

    /// Φ⁻¹(p), the standard normal quantile.
    ///
    /// Method: P. J. Acklam's rational approximation (2003, relative error 1.15e-9) as the start,
    /// then two Newton steps against `normalCDF`: on Φ itself in the centre and on log Φ in the
    /// tails, where Φ's relative accuracy carries over. Error below 1e-14 absolute for
    /// p in [1e-300, 1 - 1e-16]. The upper half uses Φ⁻¹(p) = -Φ⁻¹(1 - p), where 1 - p is exact.
    ///
    /// Special values: NaN, p < 0 or p > 1 -> NaN; 0 -> -inf; 1 -> +inf; 0.5 -> 0.
    public static func normalQuantile(_ p: Double) -> Double {
        if p.isNaN || p < 0 || p > 1 { return .nan }
        if p == 0 { return -.infinity }
        if p == 1 { return .infinity }
        if p <= 0.5 { return lowerQuantile(p) }
        return -lowerQuantile(1 - p)
    }


    /// Acklam's approximation of Φ⁻¹(p) alone, relative error below 1.15e-9, without the Newton
    /// steps of `normalQuantile` (each costs a Φ): a cheap start for a search that checks its
    /// result exactly. p must be in (0, 1); deterministic like the rest of DMath.
    public static func normalQuantileEstimate(_ p: Double) -> Double {
        let q = min(p, 1 - p)
        let lower = q < quantileTailSplit ? acklamTail(q) : acklamCentral(q)
        return p <= 0.5 ? lower : -lower
    }

    /// Φ⁻¹(q) for q in (0, 0.5].
    static func lowerQuantile(_ q: Double) -> Double {
        if q == 0.5 { return 0 }
        if q < quantileTailSplit {
            var t = -acklamTail(q)
            let logQ = log(q)
            for _ in 0..<2 {
                t += (logNormalLowerTail(t) - logQ) * normalMillsRatio(t)
            }
            return -t
        }
        var x = acklamCentral(q)
        for _ in 0..<2 {
            x -= (normalCDF(x) - q) * sqrt2Pi * exp(0.5 * x * x)
        }
        return x
    }

    /// Acklam's approximation for q in [0.02425, 0.5].
    static func acklamCentral(_ q: Double) -> Double {
        let u = q - 0.5
        let r = u * u
        var numerator = -3.969683028665376e+01
        numerator = numerator * r + 2.209460984245205e+02
        numerator = numerator * r - 2.759285104469687e+02
        numerator = numerator * r + 1.383577518672690e+02
        numerator = numerator * r - 3.066479806614716e+01
        numerator = numerator * r + 2.506628277459239e+00
        var denominator = -5.447609879822406e+01
        denominator = denominator * r + 1.615858368580409e+02
        denominator = denominator * r - 1.556989798598866e+02
        denominator = denominator * r + 6.680131188771972e+01
        denominator = denominator * r - 1.328068155288572e+01
        denominator = denominator * r + 1
        return numerator * u / denominator
    }

    /// Acklam's approximation for q in (0, 0.02425); negative.
    static func acklamTail(_ q: Double) -> Double {
        let u = (-2 * log(q)).squareRoot()
        var numerator = -7.784894002430293e-03
        numerator = numerator * u - 3.223964580411365e-01
        numerator = numerator * u - 2.400758277161838e+00
        numerator = numerator * u - 2.549732539343734e+00
        numerator = numerator * u + 4.374664141464968e+00
        numerator = numerator * u + 2.938163982698783e+00
        var denominator = 7.784695709041462e-03
        denominator = denominator * u + 3.224671290700398e-01
        denominator = denominator * u + 2.445134137142996e+00
        denominator = denominator * u + 3.754408661907416e+00
        denominator = denominator * u + 1
        return numerator / denominator
    }
}
