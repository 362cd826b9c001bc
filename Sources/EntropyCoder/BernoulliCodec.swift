import DeterministicMath

/// A binary symbol: `false` occupies slots [0, M - f1), `true` occupies [M - f1, M), M = 2^precision.
///
/// The four rules hold by construction: 1 <= f1 <= M - 1.
public struct BernoulliCodec: EntropyModel, Sendable, Equatable {
    public typealias Symbol = Bool

    public let precision: Int
    /// f1, the frequency of `true`, in 1...2^precision - 1.
    public let frequencyOfOne: UInt32

    /// - Precondition: 1 <= precision <= 31 and 1 <= frequencyOfOne <= 2^precision - 1.
    public init(frequencyOfOne: UInt32, precision: Int) {
        precondition(precision >= 1 && precision <= RansStack.maxPrecision, "precision \(precision) outside 1...31")
        precondition(frequencyOfOne >= 1 && UInt64(frequencyOfOne) < 1 << precision,
                     "frequency \(frequencyOfOne) outside 1..<2^\(precision)")
        self.precision = precision
        self.frequencyOfOne = frequencyOfOne
    }

    /// Quantises P(true) = p: f1 = floor(p M + 1/2) clamped to [1, M - 1]. p M is exact (a power
    /// of two scaling) and so is the addition below 2^52, so f1 is p M rounded half up.
    /// - Precondition: p is not NaN (values outside [0, 1] are clamped).
    public init(probabilityOfOne p: Double, precision: Int) {
        precondition(!p.isNaN, "probability is NaN")
        precondition(precision >= 1 && precision <= RansStack.maxPrecision, "precision \(precision) outside 1...31")
        let total = UInt64(1) << precision
        let scaled = min(max(p, 0), 1) * Double(total) + 0.5
        let frequency = min(max(UInt64(scaled), 1), total - 1)
        self.init(frequencyOfOne: UInt32(frequency), precision: precision)
    }

    /// Quantises P(true) = sigmoid(logit), computed with `DMath.sigmoid`. A logit beyond
    /// `saturatingLogit` gives f1 = 1 or M − 1 without the exponential: the same frequency.
    /// - Precondition: logit is not NaN.
    public init(logit: Double, precision: Int) {
        self.init(logit: logit, precision: precision, sigmoid: DMath.sigmoid(logit))
    }

    /// `init(logit:precision:)` with the logit's sigmoid given (evaluated only where it is needed).
    init(logit: Double, precision: Int, sigmoid: @autoclosure () -> Double) {
        let limit = Self.saturatingLogit(precision: precision)
        if logit < -limit || logit > limit {
            precondition(precision >= 1 && precision <= RansStack.maxPrecision, "precision \(precision) outside 1...31")
            self.init(frequencyOfOne: logit < 0 ? 1 : UInt32((UInt64(1) << precision) - 1), precision: precision)
            return
        }
        self.init(probabilityOfOne: sigmoid(), precision: precision)
    }

    /// `init(logit:precision:)`'s f1 of `count` logits `stride` apart (as Floats), into `frequencies`:
    /// four sigmoids at a time (`DMath.sigmoid` of four values), the same frequencies.
    /// - Precondition: no logit is NaN.
    public static func frequenciesOfOne(logits: UnsafePointer<Float>, stride: Int, count: Int, precision: Int,
                                        into frequencies: UnsafeMutablePointer<UInt32>) {
        var i = 0
        while i < count {
            let n = min(4, count - i)
            var l = SIMD4<Double>(repeating: 0)
            for j in 0..<n { l[j] = Double(logits[(i + j) * stride]) }
            let p = DMath.sigmoid(l)
            for j in 0..<n {
                precondition(!l[j].isNaN, "logit is NaN")
                frequencies[i + j] = BernoulliCodec(logit: l[j], precision: precision, sigmoid: p[j]).frequencyOfOne
            }
            i += n
        }
    }

    /// A logit L with f1 = 1 for every logit below −L and f1 = M − 1 above L: f1 = 1 when p·M < 1.5,
    /// and p = sigmoid(l) < e^l, so below ln 1.5 − P ln 2 (symmetrically 1 − p < e^−l above its
    /// negation); 0.001 more keeps a margin far above the few ulp of `DMath.sigmoid`'s error.
    @inlinable
    public static func saturatingLogit(precision: Int) -> Double {
        Double(precision) * 0.693_147_180_559_945_3 - 0.405_465_108_108_164_4 + 0.001
    }

    @inlinable
    public func interval(of symbol: Bool) -> SymbolInterval {
        let zeroFrequency = UInt32((UInt64(1) << precision) - UInt64(frequencyOfOne))
        return symbol ? SymbolInterval(start: zeroFrequency, frequency: frequencyOfOne)
                      : SymbolInterval(start: 0, frequency: zeroFrequency)
    }

    @inlinable
    public func symbol(containing slot: UInt32) -> (symbol: Bool, interval: SymbolInterval) {
        let zeroFrequency = UInt32((UInt64(1) << precision) - UInt64(frequencyOfOne))
        let symbol = slot >= zeroFrequency
        return (symbol, interval(of: symbol))
    }
}
