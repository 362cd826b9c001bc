extension DMath {
    /// The logistic function 1 / (1 + e^-x), within a few ulp.
    ///
    /// Evaluated from the side where e^-|x| <= 1, so it never overflows and keeps relative
    /// accuracy for large negative x (where the result is e^x).
    /// Special values: NaN -> NaN; +inf -> 1; -inf -> 0; sigmoid(0) = 0.5 exactly.
    public static func sigmoid(_ x: Double) -> Double {
        if x.isNaN { return .nan }
        if x >= 0 { return 1 / (1 + exp(-x)) }
        let e = exp(x)
        return e / (1 + e)
    }

    /// `sigmoid` of four values, the same bits lane for lane (through the vector `exp`).
    public static func sigmoid(_ x: SIMD4<Double>) -> SIMD4<Double> {
        guard all(x .== x) else { return SIMD4(sigmoid(x[0]), sigmoid(x[1]), sigmoid(x[2]), sigmoid(x[3])) }
        let nonNegative = x .>= 0
        // exp(−x) where x ≥ 0, exp(x) elsewhere: exp(−|x|).
        let e = exp(x.replacing(with: -x, where: nonNegative))
        return (e / (1 + e)).replacing(with: 1 / (1 + e), where: nonNegative)
    }


    /// softplus(x) = log(1 + e^x), within a few ulp, as max(x, 0) + log1p(e^-|x|).
    ///
    /// Special values: NaN -> NaN; +inf -> +inf; -inf -> 0. For x < -745 the result underflows to 0.
    public static func softplus(_ x: Double) -> Double {
        if x.isNaN { return .nan }
        if x > 0 { return x + log1p(exp(-x)) }
        return log1p(exp(x))
    }

}
