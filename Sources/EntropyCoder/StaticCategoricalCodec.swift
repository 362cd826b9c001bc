/// A categorical codec prepared for coding many symbols with one table: pushes use
/// precomputed reciprocals (`RansEncodingSymbol`) and pops a slot-to-symbol lookup table of
/// 2^precision entries, so neither divides nor searches.
///
/// Building costs O(2^precision) time and 1 byte per slot (2 above 256 symbols), so precision is
/// limited to 20.
public struct StaticCategoricalCodec: EntropyModel, Sendable {
    public typealias Symbol = Int

    /// The largest precision the lookup table is built for.
    public static let maxPrecision = 20

    public let table: FrequencyTable
    @usableFromInline let encodingSymbols: [RansEncodingSymbol]
    /// The table's intervals, one 8-byte load each.
    @usableFromInline let intervals: [SymbolInterval]
    /// Symbol of each slot, so `count` is at most 65536. Each slot lies in its symbol's interval
    /// by construction, which lets bulk pops skip the per-symbol check.
    @usableFromInline let slotSymbols: SlotSymbols

    /// One byte per slot up to 256 symbols: at precision 14 the table then takes half of a 32 KiB
    /// L1 data cache rather than all of it, and a pop's two dependent loads stay L1 hits.
    @usableFromInline enum SlotSymbols: Sendable {
        case narrow([UInt8])
        case wide([UInt16])
    }

    /// - Throws: `FrequencyTableError.precisionOutOfRange` above precision 20,
    ///   `.tooManySymbols` above 65536 symbols.
    public init(table: FrequencyTable) throws(FrequencyTableError) {
        guard table.precision <= Self.maxPrecision else { throw .precisionOutOfRange(table.precision) }
        guard table.count <= 1 << 16 else { throw .tooManySymbols(count: table.count, precision: table.precision) }
        self.table = table
        intervals = (0..<table.count).map(table.interval(of:))
        encodingSymbols = (0..<table.count).map { symbol in
            let interval = table.interval(of: symbol)
            return RansEncodingSymbol(start: interval.start, frequency: interval.frequency, precision: table.precision)
        }
        slotSymbols = table.count <= 1 << 8 ? .narrow(Self.slotSymbols(of: table)) : .wide(Self.slotSymbols(of: table))
    }

    private static func slotSymbols<Slot: FixedWidthInteger>(of table: FrequencyTable) -> [Slot] {
        var slots = [Slot](repeating: 0, count: 1 << table.precision)
        for symbol in 0..<table.count {
            let interval = table.interval(of: symbol)
            for slot in Int(interval.start)..<Int(interval.start + interval.frequency) {
                slots[slot] = Slot(symbol)
            }
        }
        return slots
    }

    public var precision: Int { table.precision }

    @inlinable
    public func interval(of symbol: Int) -> SymbolInterval {
        table.interval(of: symbol)
    }

    @inlinable
    public func symbol(containing slot: UInt32) -> (symbol: Int, interval: SymbolInterval) {
        let symbol = switch slotSymbols {
        case .narrow(let slots): Int(slots[Int(slot)])
        case .wide(let slots): Int(slots[Int(slot)])
        }
        return (symbol, table.interval(of: symbol))
    }

    @inlinable
    public func push(_ symbol: Int, to stack: inout RansStack) {
        stack.push(encodingSymbols[symbol])
    }

    /// Pushes all `symbols` (last first), so that `pop(count:as:from:)` returns them in order.
    /// - Precondition: every symbol is below `table.count`.
    /// - Complexity: O(n), with no division.
    @inlinable
    public func push<T: FixedWidthInteger>(contentsOf symbols: [T], to stack: inout RansStack) {
        encodingSymbols.withUnsafeBufferPointer { prepared in
            symbols.withUnsafeBufferPointer { input in
                stack.push(count: input.count) { index in prepared[Int(input[index])] }
            }
        }
    }

    /// Pops `count` symbols as `T`, in the order they were given to `push(contentsOf:to:)`.
    /// - Precondition: every symbol fits in `T`.
    /// - Complexity: O(count), with no search.
    @inlinable
    public func pop<T: FixedWidthInteger>(count: Int, as type: T.Type, from stack: inout RansStack) -> [T] {
        [T](unsafeUninitializedCapacity: count) { output, initialized in
            pop(into: output, from: &stack)
            initialized = count
        }
    }

    /// Pops `output.count` symbols into `output`, as `pop(count:as:from:)` does, reusing its storage.
    /// - Precondition: every symbol fits in `T`.
    /// - Complexity: O(output.count), with no search.
    @inlinable
    public func pop<T: FixedWidthInteger>(into output: inout [T], from stack: inout RansStack) {
        output.withUnsafeMutableBufferPointer { output in pop(into: output, from: &stack) }
    }

    @inlinable
    func pop<T: FixedWidthInteger>(into output: UnsafeMutableBufferPointer<T>, from stack: inout RansStack) {
        switch slotSymbols {
        case .narrow(let slots): pop(into: output, slots: slots, from: &stack)
        case .wide(let slots): pop(into: output, slots: slots, from: &stack)
        }
    }

    /// Not inlined: the hot loop then keeps its own code layout whatever the caller.
    @inlinable @inline(never)
    func pop<T: FixedWidthInteger, Slot: FixedWidthInteger>(into output: UnsafeMutableBufferPointer<T>, slots: [Slot],
                                                            from stack: inout RansStack) {
        slots.withUnsafeBufferPointer { slots in
            intervals.withUnsafeBufferPointer { intervals in
                stack.pop(count: output.count, precision: precision, trustedIntervals: { index, slot in
                    let symbol = Int(slots[Int(slot)])
                    output[index] = T(truncatingIfNeeded: symbol)
                    return intervals[symbol]
                })
            }
        }
    }
}
