/// An explicit frequency table over symbols 0..<count, stored as its cumulative function.
///
/// Invariants (the four rules, checked by every initializer): `cumulative[0] == 0`,
/// `cumulative[count] == 2^precision`, and `cumulative` strictly increasing, so each symbol has
/// frequency >= 1 and none has the whole mass (count >= 2); the integers come from fixed
/// arithmetic on the inputs.
public struct FrequencyTable: Sendable, Equatable {
    /// log2 of the total, 1...31.
    public let precision: Int
    /// C(k) = sum of the frequencies of symbols < k, for k = 0...count.
    public let cumulative: [UInt32]

    /// The number of symbols.
    public var count: Int { cumulative.count - 1 }

    /// A table from explicit frequencies, e.g. read from a file; never traps.
    /// - Throws: `FrequencyTableError` if any of the four rules fails.
    /// - Complexity: O(count).
    public init(frequencies: [UInt32], precision: Int) throws(FrequencyTableError) {
        try Self.checkShape(count: frequencies.count, precision: precision)
        var cumulative = [UInt32](repeating: 0, count: frequencies.count + 1)
        var total: UInt64 = 0
        for (symbol, frequency) in frequencies.enumerated() {
            guard frequency > 0 else { throw .zeroFrequency(symbol: symbol) }
            total += UInt64(frequency)
            guard total <= 1 << precision else { break }
            cumulative[symbol + 1] = UInt32(total)
        }
        guard total == 1 << precision else {
            throw .wrongTotal(expected: 1 << precision, actual: total)
        }
        self.precision = precision
        self.cumulative = cumulative
    }

    /// Quantises non-negative weights (a model's output, not necessarily normalised).
    ///
    /// With W(k) the running sum of the weights (in index order) and M = 2^precision, the
    /// cumulative function is C(k) = floor(W(k) / W(count) * (M - count)) + k. Each step of that
    /// Double computation rounds monotonically, so C rises by at least 1 per symbol, C(count) is
    /// exactly M (W/W = 1), and every symbol, even one of weight 0, gets frequency >= 1.
    /// Each symbol's frequency is within 1 of its share of M - count.
    /// - Throws: `FrequencyTableError` for fewer than 2 or more than 2^precision symbols, a bad
    ///   precision, a negative or non-finite weight, or a zero or infinite total.
    /// - Complexity: O(count).
    public init(weights: [Double], precision: Int) throws(FrequencyTableError) {
        try Self.checkShape(count: weights.count, precision: precision)
        var running = [Double](repeating: 0, count: weights.count + 1)
        for (index, weight) in weights.enumerated() {
            guard weight >= 0 && weight.isFinite else { throw .invalidWeight(index: index) }
            running[index + 1] = running[index] + weight
        }
        let total = running[weights.count]
        guard total > 0 && total.isFinite else { throw .invalidTotalWeight }
        let spare = Double((1 << precision) - weights.count)
        self.precision = precision
        cumulative = running.enumerated().map { index, partial in
            UInt32(partial / total * spare) + UInt32(index)
        }
        assert(Self.obeysRules(cumulative, precision: precision), "quantisation broke the four rules")
    }

    /// The interval of `symbol`.
    /// - Precondition: 0 <= symbol < count.
    @inlinable
    public func interval(of symbol: Int) -> SymbolInterval {
        let start = cumulative[symbol]
        return SymbolInterval(start: start, frequency: cumulative[symbol + 1] - start)
    }

    /// The symbol k with C(k) <= slot < C(k + 1), by binary search.
    /// - Complexity: O(log count).
    @inlinable
    public func symbol(containing slot: UInt32) -> Int {
        cumulative.withUnsafeBufferPointer { c in
            var low = 0
            var high = c.count - 1
            while high - low > 1 {
                let middle = (low + high) / 2
                if c[middle] <= slot { low = middle } else { high = middle }
            }
            return low
        }
    }

    static func checkShape(count: Int, precision: Int) throws(FrequencyTableError) {
        guard precision >= 1 && precision <= RansStack.maxPrecision else { throw .precisionOutOfRange(precision) }
        guard count >= 2 else { throw .tooFewSymbols(count) }
        guard count <= 1 << precision else { throw .tooManySymbols(count: count, precision: precision) }
    }

    /// The four rules on a cumulative function: starts at 0, ends at 2^precision, strictly
    /// increasing, at least two symbols.
    static func obeysRules(_ cumulative: [UInt32], precision: Int) -> Bool {
        guard cumulative.count >= 3, cumulative.first == 0,
              UInt64(cumulative[cumulative.count - 1]) == 1 << precision else { return false }
        return zip(cumulative, cumulative.dropFirst()).allSatisfy { $0 < $1 }
    }
}
