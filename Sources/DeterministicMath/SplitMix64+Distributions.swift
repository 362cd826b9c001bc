extension SplitMix64 {
    /// The high 32 bits of the next output.
    @inlinable
    public mutating func nextUInt32() -> UInt32 {
        UInt32(truncatingIfNeeded: next() >> 32)
    }

    /// A uniform Double in [0, 1): the high 53 bits of the next output times 2^-53.
    @inlinable
    public mutating func nextDouble() -> Double {
        Double(next() >> 11) * 0x1p-53
    }

    /// A standard normal sample by Marsaglia's polar method, using `DMath.log` and `sqrt`
    /// only, so the sample is reproducible bit for bit.
    ///
    /// Draws pairs (u, v) uniform in (-1, 1)^2 until 0 < u^2 + v^2 < 1 (on average 1.27 pairs)
    /// and returns u sqrt(-2 log s / s); the second normal of the pair is discarded to keep the
    /// generator's state a single word.
    public mutating func nextGaussian() -> Double {
        while true {
            let u = 2 * nextDouble() - 1
            let v = 2 * nextDouble() - 1
            let s = u * u + v * v
            if s > 0 && s < 1 {
                return u * (-2 * DMath.log(s) / s).squareRoot()
            }
        }
    }
}
