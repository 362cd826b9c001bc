import DeterministicMath
import EntropyCoder

/// Throughput of per-symbol Gaussian-bucket tables (`GaussianBucketCodec`): every symbol has its
/// own prior and posterior, as a latent of an autoregressive-flow prior does.
struct GaussianBucketBench {
    static let bucketBits = 12
    static let precision = 24

    struct Parameters {
        var priorMean: Double
        var priorStd: Double
        var mean: Double
        var std: Double
    }

    let buckets = GaussianBuckets(bucketBits: bucketBits)
    let parameters: [Parameters]
    let symbols: [Int]

    /// `count` symbols: random priors and posteriors, and a bucket drawn from each posterior.
    init(count: Int, seed: UInt64) {
        var rng = SplitMix64(seed: seed)
        var parameters: [Parameters] = []
        var symbols: [Int] = []
        for _ in 0..<count {
            let p = Parameters(priorMean: rng.nextGaussian(), priorStd: 0.5 + rng.nextDouble(),
                               mean: rng.nextGaussian(), std: 0.05 + 0.5 * rng.nextDouble())
            let z = p.mean + p.std * rng.nextGaussian()
            let k = Int(DMath.normalCDF((z - p.priorMean) / p.priorStd) * Double(1 << Self.bucketBits))
            parameters.append(p)
            symbols.append(min(k, (1 << Self.bucketBits) - 1))
        }
        self.parameters = parameters
        self.symbols = symbols
    }

    @inline(__always)
    func codec(_ index: Int) -> GaussianBucketCodec {
        let p = parameters[index]
        return GaussianBucketCodec(buckets: buckets, priorMean: p.priorMean, priorStd: p.priorStd,
                                   mean: p.mean, std: p.std, precision: Self.precision)
    }

    struct Result {
        var pushSeconds: Double
        var popSeconds: Double
        var bitsPerSymbol: Double
    }

    func run(runs: Int) -> Result {
        var encoded = RansStack(seed: 2)
        let pushSeconds = medianSeconds(runs: runs) {
            var stack = RansStack(seed: 2, reservingWords: symbols.count)
            for index in symbols.indices.reversed() {
                codec(index).push(symbols[index], to: &stack)
            }
            encoded = stack
        }
        let popSeconds = medianSeconds(runs: runs) {
            var stack = encoded
            var decoded = [Int]()
            decoded.reserveCapacity(symbols.count)
            for index in symbols.indices {
                decoded.append(codec(index).pop(from: &stack))
            }
            verify(decoded == symbols, "Gaussian buckets: decoded symbols differ")
            verify(stack.isCleanStart, "Gaussian buckets: stack not back at its clean start")
        }
        let bits = encoded.informationBits - RansStack(seed: 2).informationBits
        return Result(pushSeconds: pushSeconds, popSeconds: popSeconds, bitsPerSymbol: bits / Double(symbols.count))
    }
}
