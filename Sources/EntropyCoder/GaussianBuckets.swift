import DeterministicMath

/// K = 2^bucketBits buckets of equal mass under the standard normal: bucket k is
/// [Φ⁻¹(k/K), Φ⁻¹((k+1)/K)) and its centre is Φ⁻¹((k + 1/2)/K).
///
/// Under a prior N(m, s) the buckets are the affine images m + s [edge): all of them have prior
/// mass exactly 1/K, so a latent coded under the prior costs exactly bucketBits bits
/// (`UniformBucketCodec`), while its posterior mass per bucket comes from Φ
/// (`GaussianBucketCodec`). Edges and centres come from `DMath.normalQuantile`, so they are the
/// same bits everywhere; k/K is exact because K is a power of two. Value type with shared
/// (copy-on-write) storage: build it once per K and pass it around.
public struct GaussianBuckets: Sendable, Equatable {
    /// log2 K, 1...24.
    public let bucketBits: Int
    /// Φ⁻¹(k/K) for k = 0...K, with edges[0] = -inf and edges[K] = +inf.
    public let edges: [Double]
    /// Φ⁻¹((k + 1/2)/K) for k = 0..<K.
    public let centres: [Double]

    /// - Precondition: 1 <= bucketBits <= 24.
    /// - Complexity: O(K) quantile evaluations.
    public init(bucketBits: Int) {
        precondition(bucketBits >= 1 && bucketBits <= 24, "bucketBits \(bucketBits) outside 1...24")
        let count = 1 << bucketBits
        let scale = 1 / Double(count)
        self.bucketBits = bucketBits
        edges = (0...count).map { k in DMath.normalQuantile(Double(k) * scale) }
        centres = (0..<count).map { k in DMath.normalQuantile((Double(k) + 0.5) * scale) }
    }

    /// K, the number of buckets.
    public var count: Int { 1 << bucketBits }

    /// The centre of bucket k under the prior N(mean, std): mean + std Φ⁻¹((k + 1/2)/K).
    @inlinable
    public func centre(_ k: Int, mean: Double, std: Double) -> Double {
        mean + std * centres[k]
    }
}
