/// Anything that moves values on and off a `RansStack`: a push and its exact inverse, the pop.
///
/// Codecs compose the craystack way: a codec for a pair is "push b, then push a" with the pop
/// mirrored, and bits-back coding is a posterior pop, a likelihood push and a prior push.
/// Law: for every stack s and symbol x that the codec can code,
/// `push(x, to: &s); pop(from: &s)` returns x and leaves s exactly as it was.
public protocol SymbolCodec {
    associatedtype Symbol
    func push(_ symbol: Symbol, to stack: inout RansStack)
    func pop(from stack: inout RansStack) -> Symbol
}

extension SymbolCodec {
    /// Pushes `symbols` so that `pop(count:from:)` returns them in the same order
    /// (the last one is pushed first).
    @inlinable
    public func push<C: BidirectionalCollection>(contentsOf symbols: C, to stack: inout RansStack) where C.Element == Symbol {
        for symbol in symbols.reversed() {
            push(symbol, to: &stack)
        }
    }

    /// Pops `count` symbols, in the order `push(contentsOf:to:)` was given them.
    @inlinable
    public func pop(count: Int, from stack: inout RansStack) -> [Symbol] {
        var symbols = [Symbol]()
        symbols.reserveCapacity(count)
        for _ in 0..<count {
            symbols.append(pop(from: &stack))
        }
        return symbols
    }
}
