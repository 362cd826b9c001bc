/// Why a frequency table breaks one of the four rules, or cannot be built from its inputs.
public enum FrequencyTableError: Error, Equatable, CustomStringConvertible {
    /// Precision outside 1...31.
    case precisionOutOfRange(Int)
    /// Fewer than two symbols: the single one would have the whole mass.
    case tooFewSymbols(Int)
    /// More symbols than slots, so some symbol would get frequency 0.
    case tooManySymbols(count: Int, precision: Int)
    /// A symbol has frequency 0 (it could not be coded).
    case zeroFrequency(symbol: Int)
    /// The frequencies do not sum to 2^precision.
    case wrongTotal(expected: UInt64, actual: UInt64)
    /// A weight is negative, NaN or infinite.
    case invalidWeight(index: Int)
    /// The weights sum to zero or overflow to infinity.
    case invalidTotalWeight

    public var description: String {
        switch self {
        case .precisionOutOfRange(let precision):
            return "precision \(precision) is outside 1...31"
        case .tooFewSymbols(let count):
            return "a table needs at least 2 symbols, got \(count)"
        case .tooManySymbols(let count, let precision):
            return "\(count) symbols do not fit in 2^\(precision) slots"
        case .zeroFrequency(let symbol):
            return "symbol \(symbol) has frequency 0"
        case .wrongTotal(let expected, let actual):
            return "frequencies sum to \(actual), not \(expected)"
        case .invalidWeight(let index):
            return "weight \(index) is negative, NaN or infinite"
        case .invalidTotalWeight:
            return "weights sum to zero or to infinity"
        }
    }
}
