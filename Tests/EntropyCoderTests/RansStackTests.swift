import DeterministicMath
@testable import EntropyCoder
import XCTest

final class RansStackTests: XCTestCase {
    /// Every frequency vector of a few symbols that the exhaustive test visits at `precision`.
    private func tables(precision: Int) -> [FrequencyTable] {
        let total = 1 << precision
        var result: [FrequencyTable] = []
        for count in 2...min(4, total) {
            let skewedLow = [UInt32](repeating: 1, count: count - 1) + [UInt32(total - count + 1)]
            let skewedHigh = [UInt32(total - count + 1)] + [UInt32](repeating: 1, count: count - 1)
            result.append(try! FrequencyTable(frequencies: skewedLow, precision: precision))
            result.append(try! FrequencyTable(frequencies: skewedHigh, precision: precision))
            result.append(try! FrequencyTable(weights: (0..<count).map { Double($0 + 1) }, precision: precision))
        }
        return result
    }

    func test_pushPop_exhaustiveSmallAlphabets_everyPrecision1To24() {
        let seed: UInt64 = 0x5EED_0001
        var rng = SplitMix64(seed: seed)
        for precision in 1...24 {
            let starts = [RansStack(seed: seed), randomStack(seed: seed, words: 3, using: &rng)]
            for table in tables(precision: precision) {
                let codec = CategoricalCodec(table: table)
                let count = table.count
                for code in 0..<(count * count * count) {
                    let symbols = [code % count, code / count % count, code / (count * count)]
                    for start in starts {
                        var stack = start
                        codec.push(contentsOf: symbols, to: &stack)
                        let decoded = codec.pop(count: 3, from: &stack)
                        XCTAssertEqual(decoded, symbols, "precision \(precision), table \(table.cumulative)")
                        XCTAssertEqual(stack, start, "leftover differs: precision \(precision), table \(table.cumulative), symbols \(symbols)")
                    }
                }
            }
        }
    }

    func test_push_everySlotOfTinyTables_decodesSameSymbolAndState() {
        // For precisions 1...6, every interval [start, start + f) of 2^p is pushed onto several
        // states and popped back.
        let seed: UInt64 = 0xA11_5107
        var rng = SplitMix64(seed: seed)
        let states = (0..<8).map { _ in randomStack(seed: seed, words: 1, using: &rng) } + [RansStack(seed: seed)]
        for precision in 1...6 {
            let total = UInt32(1 << precision)
            for start in 0..<total {
                for frequency in 1...(total - start) {
                    for original in states {
                        var stack = original
                        stack.push(start: start, frequency: frequency, precision: precision)
                        let slot = stack.peek(precision: precision)
                        XCTAssertTrue(slot >= start && slot < start + frequency, "seed \(seed)")
                        stack.pop(start: start, frequency: frequency, precision: precision)
                        XCTAssertEqual(stack, original, "seed \(seed), p \(precision), [\(start), +\(frequency))")
                    }
                }
            }
        }
    }

    func test_pushEncodingSymbol_matchesDivisionPush() {
        let seed: UInt64 = 0x0DD_1715
        var rng = SplitMix64(seed: seed)
        for _ in 0..<20_000 {
            let precision = 1 + Int(rng.next() % 31)
            let total = UInt64(1) << precision
            let frequency = 1 + rng.next() % (rng.next() % 2 == 0 ? total : min(total, 16))
            let start = rng.next() % (total - frequency + 1)
            var viaDivision = randomStack(seed: seed, words: 0, using: &rng)
            var viaReciprocal = viaDivision
            viaDivision.push(start: UInt32(start), frequency: UInt32(frequency), precision: precision)
            viaReciprocal.push(RansEncodingSymbol(start: UInt32(start), frequency: UInt32(frequency), precision: precision))
            XCTAssertEqual(viaReciprocal, viaDivision, "seed \(seed): p \(precision), start \(start), f \(frequency)")
            if viaReciprocal != viaDivision { return }
        }
    }

    func test_pop_fromEmptyStack_usesSeededBits() {
        let codec = UniformBucketCodec(bucketBits: 16)
        var first = RansStack(seed: 42)
        var again = RansStack(seed: 42)
        var other = RansStack(seed: 43)
        let drawn = codec.pop(count: 64, from: &first)
        XCTAssertEqual(drawn, codec.pop(count: 64, from: &again), "same seed, same bits")
        XCTAssertNotEqual(drawn, codec.pop(count: 64, from: &other), "another seed, other bits")
        // 64 x 16 bits are 32 words; the state ends as it began, 31 bits above L.
        XCTAssertEqual(first.initialWordsConsumed, 32)
        XCTAssertTrue(first.words.isEmpty)
        XCTAssertEqual(first.informationBits, RansStack(seed: 42).informationBits, accuracy: 1)
    }

    func test_pop_fromCleanStart_firstSlotIsNotAlwaysZero() {
        let codec = UniformBucketCodec(bucketBits: 8)
        let firstSymbols = (0..<32).map { seed -> Int in
            var stack = RansStack(seed: UInt64(seed))
            return codec.pop(from: &stack)
        }
        XCTAssertGreaterThan(Set(firstSymbols).count, 16)
    }

    func test_popThenPushBack_returnsToCleanStart() {
        let codec = try! CategoricalCodec(weights: [1, 2, 3, 4, 5], precision: 12)
        for seed: UInt64 in 0..<20 {
            var stack = RansStack(seed: seed)
            let drawn = codec.pop(count: 100, from: &stack)
            XCTAssertGreaterThan(stack.initialWordsConsumed, 0)
            // The decoder's view: the same message, read back from bytes, undoing the pops.
            var decoder = try! RansStack(serialized: stack.serialized(), seed: seed)
            codec.push(contentsOf: drawn, to: &decoder)
            XCTAssertNoThrow(try decoder.finishDecoding(), "seed \(seed)")
            XCTAssertEqual(decoder.words.count, stack.initialWordsConsumed, "seed \(seed)")
        }
    }

    func test_informationBits_tracksCodeLengthExactly() {
        let seed: UInt64 = 0x1AF0
        var rng = SplitMix64(seed: seed)
        var stack = RansStack(seed: seed)
        let start = stack.informationBits
        XCTAssertEqual(start, 31, accuracy: 1)
        var expected = 0.0
        for _ in 0..<2000 {
            let precision = 8 + Int(rng.next() % 17)
            let frequency = UInt32(1 + rng.next() % (UInt64(1) << precision))
            stack.push(start: 0, frequency: frequency, precision: precision)
            expected += informationContent(frequency: frequency, precision: precision)
        }
        // Each push moves log2(state) by log2(M / f) up to the rounding of floor(x / f): at most
        // log2(1 + f / L) bits, of either sign, so the deviations mostly cancel.
        XCTAssertEqual(stack.informationBits - start, expected, accuracy: expected * 1e-4, "seed \(seed)")
    }

    func test_reset_returnsToTheCleanStart_keepingTheWordsStorage() throws {
        let seed: UInt64 = 0x2E5E7
        let codec = try StaticCategoricalCodec(table: FrequencyTable(weights: [1, 5, 2, 9, 3], precision: 12))
        var rng = SplitMix64(seed: seed)
        let symbols = (0..<4000).map { _ in UInt8(rng.next() % 5) }
        var stack = RansStack(seed: seed)
        _ = codec.pop(count: 50, as: UInt8.self, from: &stack)
        codec.push(contentsOf: symbols, to: &stack)
        let capacity = stack.tail.capacity
        stack.reset()
        XCTAssertEqual(stack, RansStack(seed: seed), "seed \(seed)")
        XCTAssertEqual(stack.tail.capacity, capacity, "seed \(seed)")
        var fresh = RansStack(seed: seed)
        codec.push(contentsOf: symbols, to: &stack)
        codec.push(contentsOf: symbols, to: &fresh)
        XCTAssertEqual(stack, fresh, "seed \(seed)")
    }

    /// The public bulk pop (intervals from a closure, checked) and the codec's trusted one agree
    /// with single pops, down through the seeded initial words.
    func test_bulkPop_checkedAndTrusted_matchSinglePops() throws {
        let table = try FrequencyTable(weights: [4, 1, 7, 2, 2, 9], precision: 10)
        let fast = try StaticCategoricalCodec(table: table)
        let plain = CategoricalCodec(table: table)
        let seed: UInt64 = 0xB11C
        var rng = SplitMix64(seed: seed)
        let start = randomStack(seed: seed, words: 40, using: &rng)
        var single = start, checked = start, trusted = start
        let expected = plain.pop(count: 1000, from: &single)
        var viaChecked: [Int] = []
        checked.pop(count: 1000, precision: table.precision, { _, slot in
            let (symbol, interval) = plain.symbol(containing: slot)
            viaChecked.append(symbol)
            return interval
        })
        XCTAssertEqual(viaChecked, expected, "seed \(seed)")
        XCTAssertEqual(fast.pop(count: 1000, as: Int.self, from: &trusted), expected, "seed \(seed)")
        XCTAssertEqual(checked, single, "seed \(seed)")
        XCTAssertEqual(trusted, single, "seed \(seed)")
        XCTAssertGreaterThan(single.initialWordsConsumed, 0, "seed \(seed)")
    }

    func test_bulkPop_fromCleanStart_drawsTheSameInitialBitsAsSinglePops() throws {
        let table = try FrequencyTable(weights: [1, 5, 2, 9, 3], precision: 12)
        let fast = try StaticCategoricalCodec(table: table)
        let plain = CategoricalCodec(table: table)
        for seed: UInt64 in 0..<5 {
            var bulk = RansStack(seed: seed)
            var single = RansStack(seed: seed)
            let viaBulk = fast.pop(count: 3000, as: Int.self, from: &bulk)
            XCTAssertEqual(viaBulk, plain.pop(count: 3000, from: &single), "seed \(seed)")
            XCTAssertEqual(bulk, single, "seed \(seed)")
            XCTAssertGreaterThan(bulk.initialWordsConsumed, 100, "seed \(seed)")
        }
    }
}
