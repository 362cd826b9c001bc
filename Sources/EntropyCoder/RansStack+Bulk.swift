import DeterministicMath

/// Loops over many symbols that keep the state in a register.
///
/// A per-symbol push or pop must store the state back into the stack before it may grow or
/// shrink the word array, which puts a store-to-load round trip into every symbol's dependency
/// chain; these loops hold the state in a local and touch memory only for the words.
/// Both give exactly the same message as the per-symbol calls.
extension RansStack {
    /// Pushes `count` prepared symbols, `symbol(count - 1)` first and `symbol(0)` last, so that
    /// pops return them in index order.
    /// - Complexity: O(count), no division.
    @inlinable
    public mutating func push(count: Int, _ symbol: (Int) -> RansEncodingSymbol) {
        var x = head
        var index = count
        while index > 0 {
            // Each push writes at most one word: make room for a chunk, write, trim the rest.
            let chunk = min(index, 4096)
            let base = tail.count
            tail.append(contentsOf: repeatElement(0, count: chunk))
            let end = tail.withUnsafeMutableBufferPointer { words -> Int in
                var end = base
                for _ in 0..<chunk {
                    index -= 1
                    let prepared = symbol(index)
                    if x >= prepared.stateLimit {
                        words[end] = UInt32(truncatingIfNeeded: x)
                        end += 1
                        x &>>= 32
                    }
                    x = Self.encode(x, prepared)
                }
                return end
            }
            tail.removeLast(tail.count - end)
        }
        head = x
    }

    /// Pops `count` symbols at one precision: `interval(index, slot)` must return the interval
    /// of the symbol containing `slot` (and remember the symbol), for index = 0, 1, ...
    /// - Precondition: each interval is valid at `precision` and contains its slot.
    /// - Complexity: O(count) plus the cost of `interval`.
    @inlinable
    public mutating func pop(count: Int, precision: Int, _ interval: (_ index: Int, _ slot: UInt32) -> SymbolInterval) {
        precondition(precision >= 1 && precision <= Self.maxPrecision, "precision \(precision) outside 1...31")
        let mask: UInt64 = (1 << precision) - 1
        var x = head
        var source = initialWords
        var drawn = 0
        let remaining = tail.withUnsafeBufferPointer { words -> Int in
            var available = words.count
            for index in 0..<count {
                let slot = x & mask
                let symbol = interval(index, UInt32(truncatingIfNeeded: slot))
                precondition(slot &- UInt64(symbol.start) < UInt64(symbol.frequency)
                             && UInt64(symbol.start) + UInt64(symbol.frequency) <= mask + 1,
                             "interval does not contain slot \(slot)")
                x = UInt64(symbol.frequency) &* (x &>> UInt64(precision)) &+ slot &- UInt64(symbol.start)
                if x < Self.lowerBound {
                    let word: UInt32
                    if available > 0 {
                        available -= 1
                        word = words[available]
                    } else {
                        drawn += 1
                        word = source.nextUInt32()
                    }
                    x = (x &<< 32) | UInt64(word)
                }
            }
            return available
        }
        tail.removeLast(tail.count - remaining)
        head = x
        initialWords = source
        drawnWords += drawn
    }
}
