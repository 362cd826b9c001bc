extension DMath {
    /// sqrt(2), rounded: mantissas above it are halved so that m lies in [sqrt(2)/2, sqrt(2)].
    static let sqrt2 = Double(bitPattern: 0x3FF6_A09E_667F_3BCD)

    /// Natural logarithm, within about 1 ulp.
    ///
    /// Method: x = 2^k m with m in [sqrt(2)/2, sqrt(2)], f = m - 1 (exact), then
    /// log(1 + f) = 2 atanh(s) with s = f / (2 + f), |s| <= 0.1716, evaluated as
    /// f - (f^2/2 - s (f^2/2 + R)) so that the leading term f is exact; plus k ln 2 in two parts.
    ///
    /// Special values: NaN or x < 0 -> NaN; ±0 -> -inf; +inf -> +inf; 1 -> +0. Subnormal x is
    /// scaled by 2^54 first, so it keeps full accuracy.
    public static func log(_ x: Double) -> Double {
        if let special = logSpecialValue(x) { return special }
        let (f, k) = reduceForLog(x)
        return logKernel(f, k)
    }

    /// Base-2 logarithm, within about 2 ulp; exact for powers of two.
    ///
    /// Same method and special values as `log(_:)`: log2(x) = k + log(1 + f) / ln 2.
    public static func log2(_ x: Double) -> Double {
        if let special = logSpecialValue(x) { return special }
        let (f, k) = reduceForLog(x)
        return k + logKernel(f, 0) * log2e
    }

    /// The result of log for NaN, negative, zero and infinite x; nil for positive finite x.
    static func logSpecialValue(_ x: Double) -> Double? {
        if x.isNaN || x < 0 { return .nan }
        if x == 0 { return -.infinity }
        if x == .infinity { return .infinity }
        return nil
    }

    /// x = 2^k (1 + f) with 1 + f in [sqrt(2)/2, sqrt(2)], f exact; x positive and finite.
    static func reduceForLog(_ x: Double) -> (f: Double, k: Double) {
        var bits = x.bitPattern
        var exponentBias = 1023
        if x < Double.leastNormalMagnitude {
            bits = (x * powerOfTwo(54)).bitPattern
            exponentBias += 54
        }
        var k = Int((bits >> 52) & 0x7FF) - exponentBias
        var m = Double(bitPattern: (bits & 0x000F_FFFF_FFFF_FFFF) | 0x3FF0_0000_0000_0000)
        if m > sqrt2 {
            m *= 0.5
            k += 1
        }
        return (m - 1, Double(k))
    }

    /// log(1 + y), accurate also for tiny y (no rounding of 1 + y near 0).
    ///
    /// Special values: NaN or y < -1 -> NaN; -1 -> -inf; +inf -> +inf; ±0 -> ±0 sign kept.
    public static func log1p(_ y: Double) -> Double {
        if y.isNaN || y < -1 { return .nan }
        if y == 0 { return y }
        if y > sqrt2 - 1 || y < sqrt2 * 0.5 - 1 {
            return log(1 + y)
        }
        return logKernel(y, 0)
    }


    /// log(1 + f) + k ln 2 for |f| <= sqrt(2) - 1 and an integer-valued k.
    static func logKernel(_ f: Double, _ k: Double) -> Double {
        let s = f / (2 + f)
        let z = s * s
        let halfSquare = 0.5 * f * f
        let series = z * logSeriesTail(z)
        return k * ln2Hi - ((halfSquare - (s * (halfSquare + series) + k * ln2Lo)) - f)
    }
}
