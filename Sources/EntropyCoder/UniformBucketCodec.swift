/// A bucket index k in 0..<2^bucketBits with every bucket equally likely: the prior of a latent
/// discretised into equal-prior-mass buckets (`GaussianBuckets`). Each symbol is one slot at
/// precision bucketBits, so it costs exactly bucketBits bits, and the table needs no arithmetic.
public struct UniformBucketCodec: EntropyModel, Sendable, Equatable {
    public typealias Symbol = Int

    /// log2 of the number of buckets, 1...31.
    public let precision: Int

    /// - Precondition: 1 <= bucketBits <= 31.
    public init(bucketBits: Int) {
        precondition(bucketBits >= 1 && bucketBits <= RansStack.maxPrecision, "bucketBits \(bucketBits) outside 1...31")
        precision = bucketBits
    }

    @inlinable
    public func interval(of k: Int) -> SymbolInterval {
        precondition(k >= 0 && k < 1 << precision, "bucket \(k) outside 0..<2^\(precision)")
        return SymbolInterval(start: UInt32(k), frequency: 1)
    }

    @inlinable
    public func symbol(containing slot: UInt32) -> (symbol: Int, interval: SymbolInterval) {
        (Int(slot), SymbolInterval(start: slot, frequency: 1))
    }
}
