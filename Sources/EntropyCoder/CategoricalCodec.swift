/// Symbols 0..<count with an explicit `FrequencyTable`; pops find the symbol by binary search.
///
/// Cheap to build, so it suits tables that change with every symbol (e.g. a pixel's
/// distribution). For one table reused over many symbols, `StaticCategoricalCodec` is faster.
public struct CategoricalCodec: EntropyModel, Sendable, Equatable {
    public typealias Symbol = Int

    public let table: FrequencyTable

    public init(table: FrequencyTable) {
        self.table = table
    }

    /// A codec quantising `weights` (see `FrequencyTable.init(weights:precision:)`).
    public init(weights: [Double], precision: Int) throws(FrequencyTableError) {
        table = try FrequencyTable(weights: weights, precision: precision)
    }

    public var precision: Int { table.precision }

    /// - Precondition: 0 <= symbol < table.count.
    @inlinable
    public func interval(of symbol: Int) -> SymbolInterval {
        table.interval(of: symbol)
    }

    /// - Complexity: O(log count).
    @inlinable
    public func symbol(containing slot: UInt32) -> (symbol: Int, interval: SymbolInterval) {
        let symbol = table.symbol(containing: slot)
        return (symbol, table.interval(of: symbol))
    }
}
