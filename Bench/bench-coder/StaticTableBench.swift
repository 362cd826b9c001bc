import CRansReference
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
        /// Reading the serialised message into a stack (allocating its words), not part of decode.
        var parseSeconds: Double
        var compressedBytes: Int
        /// The same bytes through the C yardstick of rans64's scheme (`CRansReference`).
        var referenceEncodeSeconds: Double
        var referenceDecodeSeconds: Double
        var referenceBytes: Int
    }

    /// Like the yardstick, each side codes into memory it allocated before the timed runs: a
    /// fresh 16 MiB array costs about 9 ms of page faults on the bench machine, as much as the
    /// whole gap being measured.
    func run(runs: Int) -> Result {
        var stack = RansStack(seed: 1, reservingWords: bytes.count / 4)
        let encodeSeconds = medianSeconds(runs: runs) {
            stack.reset()
            codec.push(contentsOf: bytes, to: &stack)
        }
        let message = stack.serialized()
        // The message is well formed: it was just serialised.
        let parsed = try! RansStack(serialized: message, seed: 1)
        var decoded = [UInt8](repeating: 0, count: bytes.count)
        let decodeSeconds = medianSeconds(runs: runs) {
            // Shares `parsed`'s words: pops read them in place.
            var stack = parsed
            codec.pop(into: &decoded, from: &stack)
            verify(decoded == bytes, "static table: decoded bytes differ")
            verify(stack.isCleanStart, "static table: stack not back at its clean start")
        }
        var reparsed = parsed
        let parseSeconds = medianSeconds(runs: runs) {
            reparsed = try! RansStack(serialized: message, seed: 1)
        }
        verify(reparsed == parsed, "static table: parsing differs")
        let reference = runReference(runs: runs)
        return Result(encodeSeconds: encodeSeconds, decodeSeconds: decodeSeconds, parseSeconds: parseSeconds,
                      compressedBytes: message.count, referenceEncodeSeconds: reference.encode,
                      referenceDecodeSeconds: reference.decode, referenceBytes: reference.bytes)
    }

    /// The C yardstick on the same bytes and table, timed the same way, every decode verified.
    private func runReference(runs: Int) -> (encode: Double, decode: Double, bytes: Int) {
        let table = codec.table
        let intervals = (0..<256).map { table.interval(of: $0) }
        let symbols = intervals.map { ref_encoding_symbol_make($0.start, $0.frequency, Int32(Self.precision)) }
        var slots = [UInt8](repeating: 0, count: 1 << Self.precision)
        for (symbol, i) in intervals.enumerated() { for slot in Int(i.start)..<Int(i.start + i.frequency) { slots[slot] = UInt8(symbol) } }
        let starts = intervals.map(\.start), frequencies = intervals.map(\.frequency)
        // At most one word per 32 bits of output, and a symbol costs at most `precision` bits.
        var words = [UInt32](repeating: 0, count: bytes.count * Self.precision / 32 + 8)
        var first = 0
        let encode = medianSeconds(runs: runs) {
            words.withUnsafeMutableBufferPointer { w in
                first = ref_rans64_encode(bytes, bytes.count, symbols, w.baseAddress! + w.count) - w.baseAddress!
            }
        }
        var decoded = [UInt8](repeating: 0, count: bytes.count)
        let decode = medianSeconds(runs: runs) {
            words.withUnsafeBufferPointer { w in
                let end = ref_rans64_decode(w.baseAddress! + first, &decoded, bytes.count, slots, starts, frequencies, Int32(Self.precision))
                verify(end == w.baseAddress! + w.count, "reference: decoding did not consume the message exactly")
            }
            verify(decoded == bytes, "reference: decoded bytes differ")
        }
        return (encode, decode, 4 * (words.count - first))
    }
}
