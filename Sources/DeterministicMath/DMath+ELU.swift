extension DMath {
    /// eˣ − 1 for Float x ≤ 0: the negative branch of ELU, for the coding network and training.
    ///
    /// Branch-free so loops over it vectorise: eˣ = 2ᵏ·eʳ with k = round(x / ln 2) (by the
    /// 1.5·2²³ rounding trick, the integer lands in the low mantissa bits), |r| ≤ ln2/2 in two
    /// Cody–Waite steps, eʳ − 1 by its degree-6 Taylor polynomial (relative error < 5e-7, about 4 Float ulps), and
    /// 2ᵏ assembled in the exponent bits. Only IEEE `+ - *`, `min`/`max` and bit operations, so
    /// it gives the same bits everywhere. Inputs are clamped to [−87, 0]: positive x gives 0,
    /// x < −87 gives −1 (to within 2⁻¹²⁵), and NaN gives NaN without trapping.
    @inlinable @inline(__always)
    public static func expm1NonPositive(_ x: Float) -> Float {
        let xc = Swift.min(Swift.max(x, -87), 0)
        let shifted = xc * 1.442_695_04 + 12_582_912
        let k = Int32(bitPattern: shifted.bitPattern) &- 0x4B40_0000
        let kf = shifted - 12_582_912
        let r = xc - kf * 0.693_145_751_953_125 - kf * 1.428_606_765_330_187e-06
        let p = r * (1 + r * (0.5 + r * (1.0 / 6 + r * (1.0 / 24 + r * (1.0 / 120 + r * (1.0 / 720))))))
        let scale = Float(bitPattern: UInt32(bitPattern: (k &+ 127) << 23))
        // eˣ − 1 = 2ᵏ(p + 1) − 1 = 2ᵏ·p + (2ᵏ − 1)
        return scale * p + (scale - 1)
    }

    /// ELU: x for x > 0, eˣ − 1 otherwise.
    @inlinable @inline(__always)
    public static func elu(_ x: Float) -> Float {
        x > 0 ? x : expm1NonPositive(x)
    }
}
