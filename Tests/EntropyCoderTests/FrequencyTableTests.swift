import DeterministicMath
@testable import EntropyCoder
import XCTest

final class FrequencyTableTests: XCTestCase {
    private func frequencies(_ table: FrequencyTable) -> [UInt32] {
        (0..<table.count).map { table.interval(of: $0).frequency }
    }

    func test_init_frequencies_enforcesTheFourRules() {
        XCTAssertNoThrow(try FrequencyTable(frequencies: [1, 3], precision: 2))
        XCTAssertThrowsError(try FrequencyTable(frequencies: [4], precision: 2)) { error in
            XCTAssertEqual(error as? FrequencyTableError, .tooFewSymbols(1))
        }
        XCTAssertThrowsError(try FrequencyTable(frequencies: [0, 4], precision: 2)) { error in
            XCTAssertEqual(error as? FrequencyTableError, .zeroFrequency(symbol: 0))
        }
        XCTAssertThrowsError(try FrequencyTable(frequencies: [1, 2], precision: 2)) { error in
            XCTAssertEqual(error as? FrequencyTableError, .wrongTotal(expected: 4, actual: 3))
        }
        XCTAssertThrowsError(try FrequencyTable(frequencies: [3, 3], precision: 2)) { error in
            XCTAssertEqual(error as? FrequencyTableError, .wrongTotal(expected: 4, actual: 6))
        }
        XCTAssertThrowsError(try FrequencyTable(frequencies: [.max, .max, 2], precision: 31)) { error in
            XCTAssertEqual(error as? FrequencyTableError, .wrongTotal(expected: 1 << 31, actual: UInt64(UInt32.max)))
        }
        XCTAssertThrowsError(try FrequencyTable(frequencies: [1, 1], precision: 0)) { error in
            XCTAssertEqual(error as? FrequencyTableError, .precisionOutOfRange(0))
        }
        XCTAssertThrowsError(try FrequencyTable(frequencies: [1, 1, 1], precision: 1)) { error in
            XCTAssertEqual(error as? FrequencyTableError, .tooManySymbols(count: 3, precision: 1))
        }
    }

    func test_init_weights_rejectsInvalidWeights() {
        for bad in [-1.0, .nan, .infinity] {
            XCTAssertThrowsError(try FrequencyTable(weights: [1, bad], precision: 8)) { error in
                XCTAssertEqual(error as? FrequencyTableError, .invalidWeight(index: 1))
            }
        }
        XCTAssertThrowsError(try FrequencyTable(weights: [0, 0], precision: 8)) { error in
            XCTAssertEqual(error as? FrequencyTableError, .invalidTotalWeight)
        }
        XCTAssertThrowsError(try FrequencyTable(weights: [1e308, 1e308], precision: 8)) { error in
            XCTAssertEqual(error as? FrequencyTableError, .invalidTotalWeight)
        }
    }

    func test_init_weights_seededRandomExtremeWeights_obeyRulesAndTrackShares() throws {
        let seed: UInt64 = 0x7AB1E
        var rng = SplitMix64(seed: seed)
        for _ in 0..<500 {
            let precision = 1 + Int(rng.next() % 24)
            let count = 2 + Int(rng.next() % UInt64(min(300, (1 << precision) - 1)))
            let weights = (0..<count).map { _ -> Double in
                switch rng.next() % 4 {
                case 0: return 0
                case 1: return DMath.exp(60 * rng.nextGaussian())
                default: return rng.nextDouble()
                }
            }
            guard weights.contains(where: { $0 > 0 }) else { continue }
            let table = try FrequencyTable(weights: weights, precision: precision)
            XCTAssertTrue(FrequencyTable.obeysRules(table.cumulative, precision: precision), "seed \(seed)")
            let total = weights.reduce(0, +)
            let spare = Double((1 << precision) - count)
            for (symbol, frequency) in frequencies(table).enumerated() {
                XCTAssertGreaterThanOrEqual(frequency, 1)
                XCTAssertLessThan(abs(Double(frequency) - 1 - weights[symbol] / total * spare), 1.0001 + spare * 1e-12,
                                  "seed \(seed), symbol \(symbol)")
            }
        }
    }

    func test_bernoulli_extremeProbabilitiesAndLogits_keepBothSymbolsCodable() {
        for precision in [1, 2, 8, 16, 24, 31] {
            let total = UInt64(1) << precision
            for p in [0.0, 1e-300, 0.25, 0.5, 1 - 1e-16, 1.0, -3, 7] {
                let codec = BernoulliCodec(probabilityOfOne: p, precision: precision)
                XCTAssertTrue(codec.frequencyOfOne >= 1 && UInt64(codec.frequencyOfOne) <= total - 1, "p \(p)")
            }
            for logit in [-1000.0, -40, 0, 40, 1000, -.infinity, .infinity] {
                let codec = BernoulliCodec(logit: logit, precision: precision)
                XCTAssertTrue(codec.frequencyOfOne >= 1 && UInt64(codec.frequencyOfOne) <= total - 1, "logit \(logit)")
            }
        }
        XCTAssertEqual(BernoulliCodec(probabilityOfOne: 0.25, precision: 4).frequencyOfOne, 4)
        XCTAssertEqual(BernoulliCodec(logit: 0, precision: 10).frequencyOfOne, 512)
    }

    func test_bernoulli_saturatedLogits_giveTheSigmoidsFrequency() {
        var rng = SplitMix64(seed: 7)
        for precision in [1, 2, 8, 16, 24, 31] {
            let limit = BernoulliCodec.saturatingLogit(precision: precision)
            // Both sides of each cutoff, densely, and far beyond it.
            let near = (0..<4000).map { _ in limit + Double(rng.next() % 2_000_001) / 1_000_000 - 1 }
            for magnitude in near + [limit, limit.nextUp, 2 * limit, 700, 1e300] {
                for logit in [-magnitude, magnitude] {
                    XCTAssertEqual(BernoulliCodec(logit: logit, precision: precision).frequencyOfOne,
                                   BernoulliCodec(probabilityOfOne: DMath.sigmoid(logit), precision: precision).frequencyOfOne,
                                   "precision \(precision), logit \(logit)")
                }
            }
        }
    }

    /// The four-at-a-time frequencies are `init(logit:)`'s, for counts that leave 1 … 3 over, logits
    /// `stride` apart, around the saturation cutoffs and at 0.
    func test_bernoulli_frequenciesOfOne_areInitLogitsFrequencies() {
        var rng = SplitMix64(seed: 8)
        for precision in [8, 16] {
            let limit = Float(BernoulliCodec.saturatingLogit(precision: precision))
            let logits: [Float] = (0..<4003).map { i in
                switch i % 3 {
                case 0: return Float(Int(rng.next() % 4_000_001) - 2_000_000) / 100_000
                case 1: return (i % 2 == 0 ? limit : -limit) + Float(Int(rng.next() % 2001) - 1000) / 1000
                default: return i % 6 == 2 ? 0 : Float(Int(rng.next() % 601) - 300) / 10
                }
            }
            for (count, stride) in [(4003, 1), (1001, 3), (7, 2), (1, 1), (0, 1)] {
                var frequencies = [UInt32](repeating: 0, count: count)
                BernoulliCodec.frequenciesOfOne(logits: logits, stride: stride, count: count, precision: precision, into: &frequencies)
                let expected = (0..<count).map { BernoulliCodec(logit: Double(logits[$0 * stride]), precision: precision).frequencyOfOne }
                XCTAssertEqual(frequencies, expected, "precision \(precision), \(count) logits \(stride) apart")
            }
        }
    }

    func test_gaussianBuckets_haveEqualPriorMassAndOrderedEdges() {
        let buckets = GaussianBuckets(bucketBits: 8)
        XCTAssertEqual(buckets.edges.first, -.infinity)
        XCTAssertEqual(buckets.edges.last, .infinity)
        XCTAssertEqual(buckets.edges[128], 0)
        for k in 0..<buckets.count {
            XCTAssertLessThan(buckets.edges[k], buckets.centres[k])
            XCTAssertLessThan(buckets.centres[k], buckets.edges[k + 1])
            let mass = DMath.normalCDF(buckets.edges[k + 1]) - DMath.normalCDF(buckets.edges[k])
            XCTAssertEqual(mass, 1.0 / 256, accuracy: 1e-14)
        }
        XCTAssertEqual(buckets.centre(128, mean: 3, std: 2), 3 + 2 * buckets.centres[128])
    }

    func test_gaussianBucketCodec_extremePosteriors_obeyTheFourRules() {
        for (codec, label) in Self.extremeCodecs(seed: 0x6A055, randomCases: 40, spread: 10, logStdSpread: 4) {
            XCTAssertNoThrow(try codec.validate(), label)
        }
    }

    /// The pop's guessed search finds the bucket a plain binary search over C finds, for every
    /// slot at precision 12 and for bucket edges, their neighbours and random slots above it.
    func test_gaussianBucketCodec_guessedSearch_findsTheBucketOfABinarySearch() {
        var rng = SplitMix64(seed: 0x5107)
        let extra: [(Double, Double, Double, Double)] = [(0, 1, 3, 0.01), (0, 1e-3, 0, 1)]
        for (codec, label) in Self.extremeCodecs(seed: 0x6A_E55, extra: extra, randomCases: 30, spread: 3, logStdSpread: 2) {
            let precision = codec.precision
            var slots: [UInt32]
            if precision == 12 {
                slots = Array(0..<(1 << 12))
            } else {
                slots = [0, UInt32((1 << precision) - 1)]
                for _ in 0..<200 {
                    let k = Int(rng.next() % UInt64(codec.buckets.count))
                    let edge = codec.cumulative(k)
                    slots += [edge, edge &+ 1, edge == 0 ? 0 : edge - 1, UInt32(rng.next() % (1 << UInt64(precision)))]
                }
            }
            for slot in slots {
                let found = codec.symbol(containing: slot)
                let expected = Self.binarySearch(codec, slot)
                XCTAssertEqual(found.symbol, expected.symbol, "\(label), slot \(slot)")
                XCTAssertEqual(found.interval, expected.interval, "\(label), slot \(slot)")
            }
        }
    }

    /// Codecs of 2^10 buckets at precisions 12, 16, 24 and 31 for extreme prior/posterior pairs
    /// (tiny and huge deviations, far-off means) and seeded random ones, with a label for failures.
    private static func extremeCodecs(seed: UInt64, extra: [(Double, Double, Double, Double)] = [], randomCases: Int,
                                      spread: Double, logStdSpread: Double) -> [(GaussianBucketCodec, String)] {
        let buckets = GaussianBuckets(bucketBits: 10)
        var rng = SplitMix64(seed: seed)
        var cases: [(Double, Double, Double, Double)] = [
            (0, 1, 0, 1), (0, 1, 0, 1e-12), (0, 1, 40, 1e-3), (0, 1, -1e6, 1), (0, 1, 0, 1e6),
            (5, 1e-9, 5, 1e-9), (-3, 1e9, 1e12, 1e-300), (0, 1, 1e300, 1e-300),
        ] + extra
        for _ in 0..<randomCases {
            cases.append((rng.nextGaussian() * spread, DMath.exp(logStdSpread * rng.nextGaussian()),
                          rng.nextGaussian() * spread, DMath.exp(logStdSpread * rng.nextGaussian())))
        }
        return [12, 16, 24, 31].flatMap { precision in
            cases.map { (priorMean, priorStd, mean, std) in
                (GaussianBucketCodec(buckets: buckets, priorMean: priorMean, priorStd: priorStd, mean: mean, std: std, precision: precision),
                 "seed \(seed): \(priorMean), \(priorStd), \(mean), \(std), p \(precision)")
            }
        }
    }

    /// The pop's search as it was before the guess: bisection over C from [0, K].
    private static func binarySearch(_ codec: GaussianBucketCodec, _ slot: UInt32) -> (symbol: Int, interval: SymbolInterval) {
        var low = 0, high = codec.buckets.count
        while high - low > 1 {
            let middle = (low + high) / 2
            if codec.cumulative(middle) <= slot { low = middle } else { high = middle }
        }
        return (low, codec.interval(of: low))
    }

    func test_gaussianBucketCodec_massMatchesPosteriorProbability() {
        let buckets = GaussianBuckets(bucketBits: 6)
        let codec = GaussianBucketCodec(buckets: buckets, priorMean: 1, priorStd: 2, mean: 1.5, std: 0.7, precision: 24)
        let spare = Double((1 << 24) - 2 * 64)
        for k in 0..<64 {
            let low = k == 0 ? 0 : DMath.normalCDF((1 + 2 * buckets.edges[k] - 1.5) / 0.7)
            let high = k == 63 ? 1 : DMath.normalCDF((1 + 2 * buckets.edges[k + 1] - 1.5) / 0.7)
            XCTAssertEqual(Double(codec.interval(of: k).frequency), (high - low) * spare + 2, accuracy: 1.0001)
        }
    }

    func test_staticCategorical_matchesCategorical() throws {
        let table = try FrequencyTable(weights: (0..<256).map { DMath.exp(-Double($0) / 20) }, precision: 15)
        let seed: UInt64 = 0x57A71C
        var rng = SplitMix64(seed: seed)
        let symbols = (0..<5000).map { _ in UInt8(truncatingIfNeeded: rng.next() % 256) }
        var (fast, plain, viaFast, viaPlain) = try Self.pushedBothWays(symbols, table: table, seed: seed)
        XCTAssertEqual(fast.pop(count: symbols.count, as: UInt8.self, from: &viaFast), symbols, "seed \(seed)")
        XCTAssertEqual(plain.pop(count: symbols.count, from: &viaPlain), symbols.map(Int.init), "seed \(seed)")
        XCTAssertTrue(viaFast.isCleanStart)
        XCTAssertThrowsError(try StaticCategoricalCodec(table: FrequencyTable(frequencies: [1, (1 << 21) - 1], precision: 21)))
    }

    /// `symbols` pushed by the static codec and by the plain one onto stacks of one seed, which
    /// must then be equal.
    private static func pushedBothWays<T: FixedWidthInteger>(_ symbols: [T], table: FrequencyTable, seed: UInt64,
                                                              file: StaticString = #filePath, line: UInt = #line) throws
        -> (fast: StaticCategoricalCodec, plain: CategoricalCodec, viaFast: RansStack, viaPlain: RansStack) {
        let fast = try StaticCategoricalCodec(table: table), plain = CategoricalCodec(table: table)
        var viaFast = RansStack(seed: seed), viaPlain = RansStack(seed: seed)
        fast.push(contentsOf: symbols, to: &viaFast)
        plain.push(contentsOf: symbols.map(Int.init), to: &viaPlain)
        XCTAssertEqual(viaFast, viaPlain, "seed \(seed)", file: file, line: line)
        return (fast, plain, viaFast, viaPlain)
    }

    /// Above 256 symbols the slot table is two bytes a slot; both layouts decode alike, and
    /// `pop(into:from:)` as `pop(count:as:from:)`.
    func test_staticCategorical_wideSlotTable_matchesCategorical_andPopIntoMatchesPop() throws {
        let table = try FrequencyTable(weights: (0..<700).map { DMath.exp(-Double($0) / 90) }, precision: 16)
        let seed: UInt64 = 0x31DE
        var rng = SplitMix64(seed: seed)
        let symbols = (0..<5000).map { _ in UInt16(rng.next() % 700) }
        var (fast, plain, viaFast, _) = try Self.pushedBothWays(symbols, table: table, seed: seed)
        var again = viaFast
        XCTAssertEqual(fast.pop(count: symbols.count, as: UInt16.self, from: &viaFast), symbols, "seed \(seed)")
        var decoded = [UInt16](repeating: 0, count: symbols.count)
        fast.pop(into: &decoded, from: &again)
        XCTAssertEqual(decoded, symbols, "seed \(seed)")
        XCTAssertEqual(again, viaFast, "seed \(seed)")
        XCTAssertTrue(again.isCleanStart)
        for slot in stride(from: 0, to: UInt32(1 << 16), by: 97) {
            XCTAssertEqual(fast.symbol(containing: slot).symbol, plain.symbol(containing: slot).symbol, "slot \(slot)")
        }
    }
}

final class NearUniformCodecTests: XCTestCase {
    /// The intervals tile 2^31 slots in order, differ by at most one slot, and each slot finds
    /// its own value; values pushed come back.
    func test_intervalsTileTheSlots_andSlotsFindTheirValue() {
        for count in [2, 3, 7, 1000, 65_537, 1 << 24, (1 << 31) - 1, 1 << 31] {
            let codec = NearUniformCodec(count: count)
            var next: UInt32 = 0, sizes = Set<UInt32>()
            for o in Set([0, 1, count / 2, count - 2, count - 1]).sorted() {
                let i = codec.interval(of: o)
                if o == 0 { XCTAssertEqual(i.start, 0) }
                if o == count - 1 { XCTAssertEqual(UInt64(i.start) + UInt64(i.frequency), 1 << 31) }
                sizes.insert(i.frequency)
                XCTAssertEqual(codec.symbol(containing: i.start).symbol, o)
                XCTAssertEqual(codec.symbol(containing: i.start + i.frequency - 1).symbol, o)
                if o == 1 { XCTAssertEqual(i.start, next) }
                next = i.start + i.frequency
            }
            XCTAssertLessThanOrEqual(sizes.max()! - sizes.min()!, 1, "count \(count)")
        }
        var stack = RansStack(seed: 5)
        let codec = NearUniformCodec(count: 12_345)
        let values = (0..<200).map { ($0 * 7919) % 12_345 }
        for v in values { codec.push(v, to: &stack) }
        XCTAssertEqual((0..<200).map { _ in codec.pop(from: &stack) }, values.reversed())
    }
}
