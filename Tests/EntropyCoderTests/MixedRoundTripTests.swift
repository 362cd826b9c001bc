import DeterministicMath
@testable import EntropyCoder
import XCTest

/// One symbol coded with one of the codecs, as a test case can replay it.
private enum MixedSymbol: Equatable {
    case bit(Bool, BernoulliCodec)
    case category(Int, CategoricalCodec)
    case bucket(Int, GaussianBucketCodec)

    static func == (lhs: MixedSymbol, rhs: MixedSymbol) -> Bool {
        switch (lhs, rhs) {
        case let (.bit(a, _), .bit(b, _)): return a == b
        case let (.category(a, _), .category(b, _)): return a == b
        case let (.bucket(a, _), .bucket(b, _)): return a == b
        default: return false
        }
    }

    func push(to stack: inout RansStack) {
        switch self {
        case let .bit(value, codec): codec.push(value, to: &stack)
        case let .category(value, codec): codec.push(value, to: &stack)
        case let .bucket(value, codec): codec.push(value, to: &stack)
        }
    }

    /// Pops a symbol with the same codec as `self`.
    func popSameKind(from stack: inout RansStack) -> MixedSymbol {
        switch self {
        case let .bit(_, codec): return .bit(codec.pop(from: &stack), codec)
        case let .category(_, codec): return .category(codec.pop(from: &stack), codec)
        case let .bucket(_, codec): return .bucket(codec.pop(from: &stack), codec)
        }
    }

    var informationContent: Double {
        switch self {
        case let .bit(value, codec): return codec.informationContent(of: value)
        case let .category(value, codec): return codec.informationContent(of: value)
        case let .bucket(value, codec): return codec.informationContent(of: value)
        }
    }
}

final class MixedRoundTripTests: XCTestCase {
    private static let buckets = GaussianBuckets(bucketBits: 12)

    /// Random codecs with random parameters, and a symbol drawn roughly from each.
    private func randomSymbols(count: Int, using rng: inout SplitMix64) -> [MixedSymbol] {
        (0..<count).map { _ in
            switch rng.next() % 3 {
            case 0:
                let codec = BernoulliCodec(logit: 3 * rng.nextGaussian(), precision: 1 + Int(rng.next() % 24))
                return .bit(rng.nextDouble() < 0.5, codec)
            case 1:
                let size = 2 + Int(rng.next() % 40)
                let precision = 6 + Int(rng.next() % 19)
                let weights = (0..<size).map { _ in DMath.exp(2 * rng.nextGaussian()) }
                let codec = try! CategoricalCodec(weights: weights, precision: precision)
                return .category(Int(rng.next() % UInt64(size)), codec)
            default:
                let codec = GaussianBucketCodec(buckets: Self.buckets, priorMean: rng.nextGaussian(),
                                                priorStd: 0.5 + rng.nextDouble(), mean: rng.nextGaussian(),
                                                std: 0.01 + rng.nextDouble(), precision: 14 + Int(rng.next() % 11))
                // A bucket near the posterior, or anywhere.
                let centre = Int(DMath.normalCDF((codec.mean - codec.priorMean) / codec.priorStd) * 4096)
                let k = rng.next() % 4 == 0 ? Int(rng.next() % 4096) : min(4095, max(0, centre + Int(rng.next() % 9) - 4))
                return .bucket(k, codec)
            }
        }
    }

    func test_seededMixedSymbols_roundTripSymbolsAndLeftoverMessage() {
        for seed: UInt64 in 1...6 {
            var rng = SplitMix64(seed: seed)
            let original = seed % 2 == 0 ? RansStack(seed: seed) : randomStack(seed: seed, words: 5, using: &rng)
            let symbols = randomSymbols(count: 1500, using: &rng)
            var stack = original
            for symbol in symbols.reversed() { symbol.push(to: &stack) }
            let decoded = symbols.map { $0.popSameKind(from: &stack) }
            XCTAssertEqual(decoded, symbols, "seed \(seed)")
            XCTAssertEqual(stack, original, "seed \(seed): leftover message differs")
        }
    }

    func test_seededMixedSymbols_interleavedPushesAndPops_undoExactly() {
        // A random walk of pushes and pops (pops may draw initial bits), then its exact mirror.
        for seed: UInt64 in 11...14 {
            var rng = SplitMix64(seed: seed)
            let templates = randomSymbols(count: 2000, using: &rng)
            var stack = RansStack(seed: seed)
            var log: [(pushed: Bool, symbol: MixedSymbol)] = []
            for template in templates {
                if rng.next() % 3 == 0 {
                    log.append((false, template.popSameKind(from: &stack)))
                } else {
                    template.push(to: &stack)
                    log.append((true, template))
                }
            }
            var decoder = try! RansStack(serialized: stack.serialized(), seed: seed)
            for (pushed, symbol) in log.reversed() {
                if pushed {
                    XCTAssertEqual(symbol.popSameKind(from: &decoder), symbol, "seed \(seed)")
                } else {
                    symbol.push(to: &decoder)
                }
            }
            XCTAssertNoThrow(try decoder.finishDecoding(), "seed \(seed)")
        }
    }

    func test_codeLength_longSequence_within0point1PercentOfInformationContent() {
        let seed: UInt64 = 0xC0DE_1E
        var rng = SplitMix64(seed: seed)
        let symbols = randomSymbols(count: 60_000, using: &rng)
        var stack = RansStack(seed: seed, reservingWords: 60_000)
        for symbol in symbols.reversed() { symbol.push(to: &stack) }
        let information = symbols.reduce(0) { $0 + $1.informationContent }
        let real = Double(stack.serialized().count * 8)
        XCTAssertGreaterThan(information, 200_000, "seed \(seed)")
        XCTAssertLessThan(abs(real - information) / information, 0.001, "seed \(seed): \(real) bits vs \(information)")
        // The rANS loss itself, without the fixed 64-bit state, is far smaller.
        XCTAssertEqual(stack.informationBits - RansStack(seed: seed).informationBits, information,
                       accuracy: information * 1e-4, "seed \(seed)")
    }
}
