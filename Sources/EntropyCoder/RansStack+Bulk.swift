import DeterministicMath

/// Loops over many symbols that keep the state in a register.
///
/// A per-symbol push or pop must store the state back into the stack before it may grow or
/// shrink the word array, which puts a store-to-load round trip into every symbol's dependency
/// chain; these loops hold the state in a local and touch memory only for the words.
/// Both give exactly the same message as the per-symbol calls.
extension RansStack {
    /// Symbols per chunk of a bulk push: its scratch words (4 KiB) stay in the L1 cache.
    @inlinable static var pushChunk: Int { 1024 }

    /// Pushes `count` prepared symbols, `symbol(count - 1)` first and `symbol(0)` last, so that
    /// pops return them in index order.
    /// - Complexity: O(count), no division.
    @inlinable
    public mutating func push(count: Int, _ symbol: (Int) -> RansEncodingSymbol) {
        var x = head
        var index = count
        // Each push writes at most one word, so a chunk's words fit a scratch buffer of the
        // chunk's length; one append per chunk then replaces a capacity check per word.
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: Self.pushChunk) { scratch in
            while index > 0 {
                let chunk = min(index, Self.pushChunk)
                var written = 0
                for _ in 0..<chunk {
                    index &-= 1
                    let prepared = symbol(index)
                    if x >= prepared.stateLimit {
                        scratch[written] = UInt32(truncatingIfNeeded: x)
                        written &+= 1
                        x &>>= 32
                    }
                    x = Self.encode(x, prepared)
                }
                tail.append(contentsOf: UnsafeBufferPointer(rebasing: scratch[..<written]))
            }
        }
        head = x
    }

    /// Pops `count` symbols at one precision: `interval(index, slot)` must return the interval
    /// of the symbol containing `slot` (and remember the symbol), for index = 0, 1, ...
    /// - Precondition: each interval is valid at `precision` and contains its slot.
    /// - Complexity: O(count) plus the cost of `interval`.
    @inlinable
    public mutating func pop(count: Int, precision: Int, _ interval: (_ index: Int, _ slot: UInt32) -> SymbolInterval) {
        pop(count: count, precision: precision, checkingIntervals: true, interval)
    }

    /// The bulk pop for a table whose intervals contain their slots by construction
    /// (`StaticCategoricalCodec`): the same loop without the per-symbol check.
    /// - Precondition: as for `pop(count:precision:_:)`, guaranteed by the caller.
    @inlinable
    mutating func pop(count: Int, precision: Int, trustedIntervals interval: (_ index: Int, _ slot: UInt32) -> SymbolInterval) {
        pop(count: count, precision: precision, checkingIntervals: false, interval)
    }

    @inlinable @inline(__always)
    mutating func pop(count: Int, precision: Int, checkingIntervals: Bool,
                      _ interval: (_ index: Int, _ slot: UInt32) -> SymbolInterval) {
        precondition(precision >= 1 && precision <= Self.maxPrecision, "precision \(precision) outside 1...31")
        let mask: UInt64 = (1 << precision) - 1
        var x = head
        var source = initialWords
        var drawn = 0
        let remaining = tail.withUnsafeBufferPointer { words -> Int in
            // Words are read downwards from `top`, all of them once it reaches `bottom`. One pointer
            // rather than base + index: with both, the base was spilled and each renormalisation
            // waited for its reload.
            let bottom = words.baseAddress
            var top = bottom.map { $0 + words.count }
            for index in 0..<count {
                let slot = x & mask
                let symbol = interval(index, UInt32(truncatingIfNeeded: slot))
                if checkingIntervals {
                    precondition(slot &- UInt64(symbol.start) < UInt64(symbol.frequency)
                                 && UInt64(symbol.start) + UInt64(symbol.frequency) <= mask + 1,
                                 "interval does not contain slot \(slot)")
                }
                x = UInt64(symbol.frequency) &* (x &>> UInt64(precision)) &+ slot &- UInt64(symbol.start)
                if x < Self.lowerBound {
                    let word: UInt32
                    if top != bottom {
                        top = top.unsafelyUnwrapped - 1
                        word = top.unsafelyUnwrapped.pointee
                    } else {
                        word = Self.drawInitialWord(from: &source, counting: &drawn)
                    }
                    x = (x &<< 32) | UInt64(word)
                }
            }
            return bottom.map { top.unsafelyUnwrapped - $0 } ?? 0
        }
        tail.removeLast(tail.count - remaining)
        head = x
        initialWords = source
        drawnWords += drawn
    }

    /// The bulk pop's `drawInitialWord()`, out of line: inlined, SplitMix64's constants and state
    /// would take registers the loop needs, spilling its table bases and mask to the stack.
    @usableFromInline @inline(never)
    static func drawInitialWord(from source: inout SplitMix64, counting drawn: inout Int) -> UInt32 {
        drawn += 1
        return source.nextUInt32()
    }
}
