/// A branch-free eˣ − 1 for x ≤ 0 in Float, for training kernels only (the coding path has its own
/// deterministic integer tables). glibc's `expm1f` is scalar and dominated ELU's cost; this form
/// vectorises: eˣ = 2ᵏ·eʳ with k = round(x/ln 2), |r| ≤ ln2/2, eʳ by a degree-6 Taylor polynomial
/// (relative error < 3e-7), 2ᵏ built in the exponent bits. Positive inputs are treated as 0 and
/// NaN gives NaN, without trapping.
@inlinable @inline(__always)
func fastExpm1NonPositive(_ x: Float) -> Float {
    let xc = min(max(x, -87), 0)
    // Round-to-integer by the 1.5·2²³ trick: the integer lands in the low mantissa bits.
    let shifted = xc * 1.442_695_04 + 12_582_912
    let k = Int32(bitPattern: shifted.bitPattern) &- 0x4B40_0000
    let kf = shifted - 12_582_912
    let r = xc - kf * 0.693_145_751_953_125 - kf * 1.428_606_765_330_187e-06
    // eʳ − 1 = r + r²/2 + … + r⁶/720, so small |x| keeps its relative precision.
    let p = r * (1 + r * (0.5 + r * (1.0 / 6 + r * (1.0 / 24 + r * (1.0 / 120 + r * (1.0 / 720))))))
    let scale = Float(bitPattern: UInt32(bitPattern: (k &+ 127) << 23))
    // eˣ − 1 = 2ᵏ(p + 1) − 1 = 2ᵏ·p + (2ᵏ − 1)
    return scale * p + (scale - 1)
}
