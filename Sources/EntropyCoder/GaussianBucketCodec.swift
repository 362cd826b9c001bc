import DeterministicMath

/// A bucket index k in 0..<K coded with the mass a posterior N(mean, std) gives to the equal-
/// prior-mass buckets of a prior N(priorMean, priorStd) (Townsend et al. 2019, BB-ANS, with the
/// buckets of `GaussianBuckets`).
///
/// Quantisation, with M = 2^precision, F(k) = Φ((priorMean + priorStd e_k - mean) / std) for the
/// standard edges e_k (F(0) = 0, F(K) = 1 exactly) and
///
///     C(k) = floor(F(k) (M - 2K)) + 2k.
///
/// The argument of Φ is a chain of correctly rounded monotone operations on increasing e_k, and
/// `DMath.normalCDF` is within 3e-16 of the true Φ (tested against erfc), so F can dip by at most
/// 6e-16 between neighbours; times M - 2K < 2^31 that is far below 1, so the floor dips by at
/// most 1 and the +2k step keeps every frequency >= 1 (>= 2 where F is monotone). A plain +k
/// would need a proof that the computed Φ never decreases, which a polynomial fit cannot give. The spare 2K slots cost at
/// most log2(M / (M - 2K)) bits per symbol (0.0007 bits for K = 2^12, precision 24).
/// C is evaluated lazily: a push needs C(k) and C(k + 1), a pop guesses its bucket by inverting
/// the posterior and prior CDFs and searches C from there, mostly 3 evaluations of Φ, never the
/// whole table. Building the codec only checks its parameters; `validate()` checks the four
/// rules over all K buckets.
public struct GaussianBucketCodec: EntropyModel, Sendable {
    public typealias Symbol = Int

    public let buckets: GaussianBuckets
    public let priorMean: Double
    public let priorStd: Double
    public let mean: Double
    public let std: Double
    public let precision: Int
    /// M - 2K as a Double (exact).
    @usableFromInline let spare: Double

    /// - Precondition: all four parameters finite, both standard deviations > 0,
    ///   bucketBits + 2 <= precision <= 31.
    public init(buckets: GaussianBuckets, priorMean: Double, priorStd: Double,
                mean: Double, std: Double, precision: Int) {
        precondition(priorMean.isFinite && mean.isFinite, "means must be finite")
        precondition(priorStd > 0 && priorStd.isFinite && std > 0 && std.isFinite, "standard deviations must be positive and finite")
        precondition(precision >= buckets.bucketBits + 2 && precision <= RansStack.maxPrecision,
                     "precision \(precision) outside \(buckets.bucketBits + 2)...31")
        self.buckets = buckets
        self.priorMean = priorMean
        self.priorStd = priorStd
        self.mean = mean
        self.std = std
        self.precision = precision
        spare = Double((1 << precision) - 2 * buckets.count)
    }

    /// C(k) for k = 0...K.
    @inlinable
    public func cumulative(_ k: Int) -> UInt32 {
        if k == 0 { return 0 }
        if k == buckets.count { return UInt32(1 << precision) }
        let standardized = (priorMean + priorStd * buckets.edges[k] - mean) / std
        return UInt32(DMath.normalCDF(standardized) * spare) + UInt32(2 * k)
    }

    /// - Precondition: 0 <= k < K.
    @inlinable
    public func interval(of k: Int) -> SymbolInterval {
        precondition(k >= 0 && k < buckets.count, "bucket \(k) outside 0..<\(buckets.count)")
        let start = cumulative(k)
        return SymbolInterval(start: start, frequency: cumulative(k + 1) - start)
    }

    /// Finds the unique bucket k with C(k) <= slot < C(k + 1) (unique because C increases):
    /// from a guess, gallops outwards to a bracket, then bisects it. The guess only saves work,
    /// the bucket is the same for any guess, so the coded bits do not depend on it.
    /// - Complexity: one quantile estimate and about 3 evaluations of Φ when the guess is right
    ///   (most slots); at most about 2 log2 K evaluations.
    @inlinable
    public func symbol(containing slot: UInt32) -> (symbol: Int, interval: SymbolInterval) {
        let guess = guessBucket(containing: slot)
        var low = guess
        var high = guess + 1
        var lowValue = cumulative(low)
        var highValue: UInt32
        // Invariant from here on: C(low) <= slot < C(high); C(0) = 0 and C(K) = M end each gallop.
        if lowValue <= slot {
            highValue = cumulative(high)
            var step = 1
            while highValue <= slot {
                (low, lowValue) = (high, highValue)
                step *= 2
                high = min(low + step, buckets.count)
                highValue = cumulative(high)
            }
        } else {
            (high, highValue) = (low, lowValue)
            var step = 1
            repeat {
                low = max(high - step, 0)
                lowValue = cumulative(low)
                if lowValue <= slot { break }
                (high, highValue) = (low, lowValue)
                step *= 2
            } while true
        }
        while high - low > 1 {
            let middle = (low + high) / 2
            let value = cumulative(middle)
            if value <= slot {
                (low, lowValue) = (middle, value)
            } else {
                (high, highValue) = (middle, value)
            }
        }
        return (low, SymbolInterval(start: lowValue, frequency: highValue - lowValue))
    }

    /// The bucket of the posterior quantile of `slot`: slot -> u = (slot + 1/2) / M -> the
    /// posterior's value mean + std Φ⁻¹(u) -> its prior bucket floor(K Φ((value - priorMean) /
    /// priorStd)). It ignores the 2K spare slots and uses Acklam's Φ⁻¹ estimate, so it can be a
    /// bucket or so off, and far off in tails where Φ saturates; the search corrects both.
    @inlinable
    func guessBucket(containing slot: UInt32) -> Int {
        let u = (Double(slot) + 0.5) / Double(1 << precision)
        let value = mean + std * DMath.normalQuantileEstimate(u)
        let bucket = DMath.normalCDF((value - priorMean) / priorStd) * Double(buckets.count)
        // `!(bucket >= 0)` also catches NaN, which Int() would trap on.
        return !(bucket >= 0) ? 0 : min(Int(bucket), buckets.count - 1)
    }

    /// Checks the four rules over all K buckets; for tests and untrusted parameters.
    /// - Throws: `FrequencyTableError.zeroFrequency` or `.wrongTotal`.
    /// - Complexity: O(K) evaluations of Φ.
    public func validate() throws(FrequencyTableError) {
        var previous = cumulative(0)
        for k in 1...buckets.count {
            let value = cumulative(k)
            guard value > previous else { throw .zeroFrequency(symbol: k - 1) }
            previous = value
        }
        guard UInt64(previous) == 1 << precision else {
            throw .wrongTotal(expected: 1 << precision, actual: UInt64(previous))
        }
    }
}
