import DeterministicMath

/// One pixel's discretized logistic mixture (PixelCNN++) as a frequency table over the values
/// 0 … L−1 (L = `levels`), whose bins are centred at −1 + 2v/(L−1) in [−1, 1] with the outer bins
/// reaching to ±∞, as in `Network.DiscretizedLogisticMixture`.
///
/// The table is never materialised: the cumulative frequency of value v is
///
///     C(0) = 0,   C(L) = 2^precision,   C(v) = ⌊F(e_v) · (2^precision − L) / 2^54⌋ + v,
///
/// where e_v = −1 + (2v − 1)/(L−1) is v's lower edge and F = Σ_k w_k · S((e − μ_k)/s_k) is the
/// mixture's CDF in integers: w_k are the mixture weights quantised to sum to exactly 2^24, and
/// S is a logistic CDF in [0, 2^30] read from a table by integer interpolation (F ≤ 2^54; the
/// product with the spread is taken in 128 bits). S is
/// non-decreasing by construction, so C is strictly increasing: every value has frequency ≥ 1,
/// the frequencies sum to 2^precision, and none has the whole mass (the four rules). Only the
/// weights, means and inverse scales are computed in floating point (deterministic Double
/// arithmetic with `DMath.exp`); everything after them is integer.
///
/// Pushing a value costs two CDF evaluations; popping brackets the slot by galloping out from the
/// heaviest component's mean, then bisects: a few evaluations for a peaked mixture, at most
/// about 2⌈log2 L⌉. (Any bracket finds the same value, the last v with C(v) ≤ slot.)
public struct LogisticMixtureCodec: EntropyModel, Sendable {
    public typealias Symbol = Int

    public let precision: Int
    public let levels: Int
    public let components: Int
    var weights: [UInt64]
    var means: [Double]
    var inverseScales: [Double]
    /// Scratch for `set`: each component's e^(logit − largest logit), then each one's e^(−log-scale),
    /// padded to a multiple of four (`DMath.exp` takes four at a time).
    var exponentials: [Double]
    /// 2^precision − L: the mass the CDF spreads, after one slot per value.
    let spread: UInt64
    /// Where popping starts to look: the value nearest the heaviest component's mean, in 1 … L−1.
    var start = 1

    /// Mixture weights sum to 2^weightBits, the CDF table is scaled to 2^cdfBits.
    static let weightBits = 24
    static let cdfBits = 30

    /// An empty table for `components`-component mixtures over `levels` values; call `set` before use.
    /// - Precondition: 2 ≤ levels < 2^precision, precision ≤ 31, components ≥ 1.
    public init(levels: Int, components: Int, precision: Int) {
        precondition(precision >= 1 && precision <= RansStack.maxPrecision, "precision \(precision) outside 1...31")
        precondition(levels >= 2 && levels < 1 << precision, "\(levels) levels do not fit 2^\(precision) slots")
        precondition(components >= 1)
        self.precision = precision
        self.levels = levels
        self.components = components
        spread = (1 << UInt64(precision)) - UInt64(levels)
        weights = [UInt64](repeating: 0, count: components)
        means = [Double](repeating: 0, count: components)
        inverseScales = [Double](repeating: 1, count: components)
        exponentials = [Double](repeating: 0, count: (2 * components + 3) / 4 * 4)
    }

    /// Takes one pixel's mixture: K logits, K means and K log-scales (clamped by the caller to a
    /// finite range). Weights are softmax(logits)·2^24 rounded down, the shortfall added to the
    /// first largest, so they sum to exactly 2^24.
    /// - Precondition: every value is finite.
    public mutating func set(logits: UnsafePointer<Float>, means m: UnsafePointer<Float>, logScales: UnsafePointer<Float>) {
        var top = 0
        for k in 0..<components {
            precondition(logits[k].isFinite && m[k].isFinite && logScales[k].isFinite, "mixture parameter is not finite")
            if logits[k] > logits[top] { top = k }
        }
        let k2 = components   // where the log-scales' exponentials start
        exponentials.withUnsafeMutableBufferPointer { e in
            for k in 0..<k2 { (e[k], e[k2 + k]) = (Double(logits[k]) - Double(logits[top]), -Double(logScales[k])) }
            for i in (2 * k2)..<e.count { e[i] = 0 }   // padding: an argument in the vector path's range
            let raw = UnsafeMutableRawPointer(e.baseAddress!)
            for i in stride(from: 0, to: 2 * k2, by: 4) {
                let x = raw.loadUnaligned(fromByteOffset: 8 * i, as: SIMD4<Double>.self)
                raw.storeBytes(of: DMath.exp(x), toByteOffset: 8 * i, as: SIMD4<Double>.self)
            }
        }
        var sum = 0.0
        for k in 0..<components { sum += exponentials[k] }
        let unit = Double(1 << Self.weightBits)
        var total: UInt64 = 0
        for k in 0..<components {
            weights[k] = UInt64(exponentials[k] / sum * unit)
            total += weights[k]
            means[k] = Double(m[k])
            inverseScales[k] = exponentials[k2 + k]
        }
        weights[top] += (1 << UInt64(Self.weightBits)) - total
        let centre = ((means[top] + 1) / 2 * Double(levels - 1)).rounded()
        start = centre.isFinite ? Int(min(max(centre, 1), Double(levels - 1))) : 1
    }

    /// C(v), the slots below value v.
    func cumulative(_ v: Int) -> UInt64 {
        withParameters { cumulative(v, $0) }
    }

    /// The CDF table and this pixel's weights, means and inverse scales, read without bounds checks
    /// or the table's lazy initialisation inside the loops (a push reads them ten times, a pop more).
    struct Parameters {
        let cdf: UnsafePointer<UInt64>, weights: UnsafePointer<UInt64>, means: UnsafePointer<Double>, inverseScales: UnsafePointer<Double>
    }

    func withParameters<R>(_ body: (Parameters) -> R) -> R {
        LogisticCDFTable.table.withUnsafeBufferPointer { cdf in
            weights.withUnsafeBufferPointer { w in
                means.withUnsafeBufferPointer { m in
                    inverseScales.withUnsafeBufferPointer { s in
                        body(Parameters(cdf: cdf.baseAddress!, weights: w.baseAddress!, means: m.baseAddress!, inverseScales: s.baseAddress!))
                    }
                }
            }
        }
    }

    @inline(__always)
    func cumulative(_ v: Int, _ p: Parameters) -> UInt64 {
        if v == 0 { return 0 }
        if v == levels { return 1 << UInt64(precision) }
        let edge = -1 + Double(2 * v - 1) / Double(levels - 1)
        var f: UInt64 = 0
        for k in 0..<components { f += p.weights[k] * LogisticCDFTable.value((edge - p.means[k]) * p.inverseScales[k], table: p.cdf) }
        let product = f.multipliedFullWidth(by: spread), shift = UInt64(Self.weightBits + Self.cdfBits)
        return (product.high << (64 - shift) | product.low >> shift) + UInt64(v)
    }

    public func interval(of v: Int) -> SymbolInterval {
        precondition(v >= 0 && v < levels, "value \(v) outside 0..<\(levels)")
        let (lo, hi) = withParameters { (cumulative(v, $0), cumulative(v + 1, $0)) }
        precondition(hi > lo && hi - lo < 1 << UInt64(precision), "frequency table broke its rules")
        return SymbolInterval(start: UInt32(lo), frequency: UInt32(hi - lo))
    }

    /// The value whose slots hold `slot`: the last v with C(v) ≤ slot, bracketed from `start`.
    public func symbol(containing slot: UInt32) -> (symbol: Int, interval: SymbolInterval) {
        withParameters { symbol(containing: slot, $0) }
    }

    private func symbol(containing slot: UInt32, _ p: Parameters) -> (symbol: Int, interval: SymbolInterval) {
        let s = UInt64(slot)
        // C(lo) ≤ slot < C(hi) throughout, with both values kept.
        var lo = 0, hi = levels, cLo: UInt64 = 0, cHi: UInt64 = 1 << UInt64(precision)
        let c = cumulative(start, p)
        var step = 1
        if c <= s {
            (lo, cLo) = (start, c)
            while lo + step < hi {
                let m = lo + step, cm = cumulative(m, p)
                if cm > s { (hi, cHi) = (m, cm); break }
                (lo, cLo) = (m, cm)
                step *= 2
            }
        } else {
            (hi, cHi) = (start, c)
            while hi - step > lo {
                let m = hi - step, cm = cumulative(m, p)
                if cm <= s { (lo, cLo) = (m, cm); break }
                (hi, cHi) = (m, cm)
                step *= 2
            }
        }
        while hi - lo > 1 {
            let mid = (lo + hi) / 2, cm = cumulative(mid, p)
            if cm <= s { (lo, cLo) = (mid, cm) } else { (hi, cHi) = (mid, cm) }
        }
        precondition(cHi > cLo && cHi - cLo < 1 << UInt64(precision), "frequency table broke its rules")
        return (lo, SymbolInterval(start: UInt32(cLo), frequency: UInt32(cHi - cLo)))
    }
}

/// The logistic CDF σ(t) scaled to [0, 2^30], from a table of σ at t = −16 + i/128 (rounded,
/// then made non-decreasing) with linear interpolation in integers; t ≤ −16 and t ≥ 16 read the
/// end entries. Non-decreasing in t by construction, whatever the rounding of the entries.
enum LogisticCDFTable {
    static let stepsPerUnit = 128.0
    static let entries = 32 * 128

    static let table: [UInt64] = {
        var t = [UInt64](repeating: 0, count: entries + 1)
        let scale = Double(1 << LogisticMixtureCodec.cdfBits)
        for i in 0...entries {
            t[i] = UInt64((DMath.sigmoid(-16 + Double(i) / stepsPerUnit) * scale).rounded())
            if i > 0 { t[i] = max(t[i], t[i - 1]) }
        }
        return t
    }()

    /// σ(t)·2^30, interpolated; NaN reads as −∞.
    @inline(__always)
    static func value(_ t: Double, table: UnsafePointer<UInt64>) -> UInt64 {
        let u = (t + 16) * stepsPerUnit
        guard u > 0 else { return table[0] }
        guard u < Double(entries) else { return table[entries] }
        let i = Int(u), fraction = UInt64((u - Double(i)) * 65536)
        return table[i] + ((table[i + 1] - table[i]) * fraction) >> 16
    }
}
