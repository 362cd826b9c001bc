import DeterministicMath
import EntropyCoder

/// Throughput of a static 256-symbol table (`StaticCategoricalCodec`), as in ryg's rans64 example.
struct StaticTableBench {
    static let precision = 14

    let bytes: [UInt8]
    let codec: StaticCategoricalCodec
    /// Empirical entropy of the input, bits per byte.
    let entropy: Double

    /// `count` bytes drawn from a skewed seeded distribution, P(k) proportional to exp(-k / 24),
    /// coded with the table of their own counts.
    init(count: Int, seed: UInt64) {
        var rng = SplitMix64(seed: seed)
        var cumulative = [Double](repeating: 0, count: 257)
        for k in 0..<256 { cumulative[k + 1] = cumulative[k] + DMath.exp(-Double(k) / 24) }
        let total = cumulative[256]
        bytes = (0..<count).map { _ in
            let u = rng.nextDouble() * total
            var low = 0
            var high = 256
            while high - low > 1 {
                let middle = (low + high) / 2
                if cumulative[middle] <= u { low = middle } else { high = middle }
            }
            return UInt8(low)
        }
        var counts = [Double](repeating: 0, count: 256)
        for byte in bytes { counts[Int(byte)] += 1 }
        entropy = counts.reduce(0) { sum, c in c == 0 ? sum : sum - c / Double(count) * DMath.log2(c / Double(count)) }
        // The weights are counts, all finite and not all zero.
        codec = try! StaticCategoricalCodec(table: FrequencyTable(weights: counts, precision: Self.precision))
    }

    struct Result {
        var encodeSeconds: Double
        var decodeSeconds: Double
        var compressedBytes: Int
    }

    func run(runs: Int) -> Result {
        var encoded = RansStack(seed: 1)
        let encodeSeconds = medianSeconds(runs: runs) {
            var stack = RansStack(seed: 1, reservingWords: bytes.count / 4)
            codec.push(contentsOf: bytes, to: &stack)
            encoded = stack
        }
        let message = encoded.serialized()
        let decodeSeconds = medianSeconds(runs: runs) {
            // The message is well formed: it was just serialised.
            var stack = try! RansStack(serialized: message, seed: 1)
            let decoded = codec.pop(count: bytes.count, as: UInt8.self, from: &stack)
            verify(decoded == bytes, "static table: decoded bytes differ")
            verify(stack.isCleanStart, "static table: stack not back at its clean start")
        }
        return Result(encodeSeconds: encodeSeconds, decodeSeconds: decodeSeconds, compressedBytes: message.count)
    }
}
