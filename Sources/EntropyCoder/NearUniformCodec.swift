/// A value o in 0..<count with every value (nearly) equally likely, at precision 31: o gets the
/// slots [⌊o·2³¹/count⌋, ⌊(o+1)·2³¹/count⌋), so frequencies differ by at most one and a value
/// costs log2(count) bits to within log2(1 + count/2³¹). For counts that are not powers of two,
/// where `UniformBucketCodec` cannot serve: the position of a slot inside a table's interval
/// (coupled importance sampling, `BitsBackCodec`).
public struct NearUniformCodec: EntropyModel, Sendable, Equatable {
    public typealias Symbol = Int

    public let count: Int
    public var precision: Int { Self.precision }
    @usableFromInline static let precision = 31

    /// - Precondition: 2 <= count <= 2^31 (every value keeps at least one slot; up to 2^24 it
    ///   has at least 128, as with the latent precision of every file vlae writes).
    public init(count: Int) {
        precondition(count >= 2 && count <= 1 << Self.precision, "count \(count) outside 2...2^31")
        self.count = count
    }

    @inlinable
    func start(_ o: Int) -> UInt32 { UInt32((UInt64(o) << Self.precision) / UInt64(count)) }

    @inlinable
    public func interval(of o: Int) -> SymbolInterval {
        precondition(o >= 0 && o < count, "value \(o) outside 0..<\(count)")
        let s = start(o)
        return SymbolInterval(start: s, frequency: start(o + 1) - s)
    }

    /// The o with ⌊o·M/count⌋ ≤ slot < ⌊(o+1)·M/count⌋, i.e. o = ⌈(slot+1)·count/M⌉ − 1.
    @inlinable
    public func symbol(containing slot: UInt32) -> (symbol: Int, interval: SymbolInterval) {
        let o = Int(((UInt64(slot) + 1) * UInt64(count) - 1) >> Self.precision)
        return (o, interval(of: o))
    }
}
