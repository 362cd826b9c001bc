extension DMath {
    /// Largest x with a finite e^x: 709.782712893383973096 (bits 0x40862E42FEFA39EF).
    static let expOverflowThreshold = Double(bitPattern: 0x4086_2E42_FEFA_39EF)
    /// Below this, e^x is under half the smallest subnormal and rounds to zero.
    static let expUnderflowThreshold = -745.2

    /// e^x, within about 1 ulp (relative error below 3e-16 in normal range).
    ///
    /// Method: x = k ln2 + r with k = round(x / ln2) and |r| <= ln2/2 (Cody–Waite: k * ln2Hi is
    /// exact), e^r = 1 + r + r^2 Q(r) with a degree-11 Taylor polynomial Q, then scaling by 2^k
    /// through the exponent bits; a subnormal result is rounded exactly once.
    ///
    /// Special values: NaN -> NaN; +inf and x > 709.78... -> +inf; -inf and x < -745.2 -> +0;
    /// ±0 -> 1. Results in the subnormal range are deterministic but carry fewer significant bits.
    public static func exp(_ x: Double) -> Double {
        if x.isNaN { return .nan }
        if x > expOverflowThreshold { return .infinity }
        if x < expUnderflowThreshold { return 0 }
        let k = roundToInteger(x * log2e)
        let hi = x - k * ln2Hi
        let lo = k * ln2Lo
        let r = hi - lo
        let expR = 1 + (r + (r * r) * expTaylorTail(r))
        return scaleByPowerOfTwo(expR, Int(k))
    }

    /// `exp` of four values: the bits `exp(_:)` gives for each. Where every lane's result is a
    /// normal number (x in [−708, 709]) the four go through the same operations side by side in
    /// vector registers (IEEE-rounded lane for lane, no FMA), about four times the throughput;
    /// otherwise each lane goes through `exp(_:)`.
    public static func exp(_ x: SIMD4<Double>) -> SIMD4<Double> {
        guard all(x .>= -708) && all(x .<= 709) else { return SIMD4(exp(x[0]), exp(x[1]), exp(x[2]), exp(x[3])) }
        let magic = SIMD4<Double>(repeating: 0x1.8p52)
        // roundToInteger, keeping the sum: its low significand bits are k (|k| < 2^51).
        let shifted = x * log2e + magic
        let k = shifted - magic
        let hi = x - k * ln2Hi
        let lo = k * ln2Lo
        let r = hi - lo
        let expR = 1 + (r + (r * r) * expTaylorTail(r))
        // scaleByPowerOfTwo for k in −1021 … 1023: one multiplication by 2^k built in the exponent field.
        let bits = unsafeBitCast(shifted, to: SIMD4<Int64>.self) &- unsafeBitCast(magic, to: SIMD4<Int64>.self)
        return expR * unsafeBitCast((bits &+ 1023) &<< 52, to: SIMD4<Double>.self)
    }

    /// Rounds to the nearest integer (ties to even) for |x| < 2^51 by adding and removing
    /// 1.5 * 2^52, which pushes the fraction bits out of the significand; no libm `rint`.
    static func roundToInteger(_ x: Double) -> Double {
        let magic = 0x1.8p52
        return (x + magic) - magic
    }

    /// y * 2^k for y in [0.5, 2) and k in [-1100, 1100], via exponent bits. Overflow gives
    /// +inf; a subnormal result is formed by one final multiplication (one rounding).
    static func scaleByPowerOfTwo(_ y: Double, _ k: Int) -> Double {
        if k > 1023 {
            return y * powerOfTwo(1023) * powerOfTwo(k - 1023)
        }
        if k < -1022 {
            return (y * powerOfTwo(k + 1000)) * powerOfTwo(-1000)
        }
        return y * powerOfTwo(k)
    }

    /// 2^k for k in -1022...1023, built from the exponent field.
    static func powerOfTwo(_ k: Int) -> Double {
        Double(bitPattern: UInt64(k + 1023) << 52)
    }
}
