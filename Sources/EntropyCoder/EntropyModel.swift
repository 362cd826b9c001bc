import DeterministicMath

/// The slots [start, start + frequency) of 2^precision that one symbol occupies.
public struct SymbolInterval: Sendable, Equatable {
    public var start: UInt32
    public var frequency: UInt32

    @inlinable
    public init(start: UInt32, frequency: UInt32) {
        self.start = start
        self.frequency = frequency
    }
}

/// A quantised distribution over symbols: a frequency table, possibly computed lazily.
///
/// Every model obeys the four rules of DESIGN.md (as constriction states them): each symbol
/// that can occur has frequency >= 1; frequencies sum to exactly 2^precision; no symbol has the
/// whole mass; the integers are derived from the model's outputs by fixed, deterministic
/// arithmetic. Conforming types get `push`/`pop` (and so are `SymbolCodec`s) for free.
public protocol EntropyModel: SymbolCodec {
    /// log2 of the total frequency, 1...31.
    var precision: Int { get }
    /// The slots of `symbol`.
    /// - Precondition: `symbol` belongs to the model's alphabet.
    func interval(of symbol: Symbol) -> SymbolInterval
    /// The symbol whose interval contains `slot` < 2^precision, with that interval.
    func symbol(containing slot: UInt32) -> (symbol: Symbol, interval: SymbolInterval)
}

extension EntropyModel {
    @inlinable
    public func push(_ symbol: Symbol, to stack: inout RansStack) {
        let interval = interval(of: symbol)
        stack.push(start: interval.start, frequency: interval.frequency, precision: precision)
    }

    @inlinable
    public func pop(from stack: inout RansStack) -> Symbol {
        let (symbol, interval) = symbol(containing: stack.peek(precision: precision))
        stack.pop(start: interval.start, frequency: interval.frequency, precision: precision)
        return symbol
    }

    /// The exact cost of `symbol` in bits: precision - log2(frequency).
    public func informationContent(of symbol: Symbol) -> Double {
        Double(precision) - DMath.log2(Double(interval(of: symbol).frequency))
    }
}
