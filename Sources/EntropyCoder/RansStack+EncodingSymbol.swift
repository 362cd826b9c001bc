extension RansStack {
    /// Pushes a prepared symbol; the same result as `push(start:frequency:precision:)` with the
    /// symbol's interval, without a division.
    /// - Complexity: O(1) amortized.
    @inlinable
    public mutating func push(_ symbol: RansEncodingSymbol) {
        var x = head
        if x >= symbol.stateLimit {
            tail.append(UInt32(truncatingIfNeeded: x))
            x >>= 32
        }
        head = Self.encode(x, symbol)
    }

    /// The push map for a renormalised x < 2^63: x + bias + floor(x / f) (M - f).
    @inlinable @inline(__always)
    static func encode(_ x: UInt64, _ symbol: RansEncodingSymbol) -> UInt64 {
        let quotient = x.multipliedFullWidth(by: symbol.reciprocal).high &>> UInt64(symbol.shift)
        return x &+ UInt64(symbol.bias) &+ quotient &* UInt64(symbol.complement)
    }
}
