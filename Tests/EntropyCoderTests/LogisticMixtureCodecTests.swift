import DeterministicMath
@testable import EntropyCoder
import Foundation
import XCTest

/// The logistic mixture tables obey the four rules for any parameters, code exactly, stay close
/// to the mixture they quantise, and do not change from build to build.
final class LogisticMixtureCodecTests: XCTestCase {
    /// A seeded mixture, sometimes extreme (scales at the clamp, means far outside [−1, 1], one
    /// component holding almost all the weight).
    private func mixture(_ rng: inout SplitMix64, components k: Int) -> [Float] {
        let extreme = rng.next() % 4 == 0
        let logits = (0..<k).map { _ in Float(rng.nextGaussian() * (extreme ? 12 : 2)) }
        let means = (0..<k).map { _ in Float(rng.nextDouble() * (extreme ? 40 : 2.4) - (extreme ? 20 : 1.2)) }
        let logScales = (0..<k).map { _ in Float(extreme ? [-7, 3, -6.9][Int(rng.next() % 3)] : rng.nextDouble() * 6 - 6) }
        return logits + means + logScales
    }

    private func codec(_ p: [Float], levels: Int, precision: Int) -> LogisticMixtureCodec {
        let k = p.count / 3
        var c = LogisticMixtureCodec(levels: levels, components: k, precision: precision)
        p.withUnsafeBufferPointer { q in c.set(logits: q.baseAddress!, means: q.baseAddress! + k, logScales: q.baseAddress! + 2 * k) }
        return c
    }

    func test_tables_obeyTheFourRules_andSearchFindsEverySymbol() {
        var rng = SplitMix64(seed: 21)
        for trial in 0..<300 {
            let levels = [2, 3, 16, 200, 256][trial % 5], precision = [16, 24, 12][trial % 3]
            let c = codec(mixture(&rng, components: 1 + trial % 5), levels: levels, precision: precision)
            var next: UInt32 = 0
            for v in 0..<levels {
                let i = c.interval(of: v)
                XCTAssertEqual(i.start, next, "trial \(trial): value \(v) does not start where \(v - 1) ended")
                XCTAssertGreaterThanOrEqual(i.frequency, 1)
                XCTAssertLessThan(UInt64(i.frequency), 1 << UInt64(precision))
                for slot in [i.start, i.start + i.frequency - 1, i.start + i.frequency / 2] {
                    let found = c.symbol(containing: slot)
                    XCTAssertEqual(found.symbol, v, "trial \(trial): slot \(slot)")
                    XCTAssertEqual(found.interval, i, "trial \(trial): slot \(slot)")
                }
                next = i.start + i.frequency
            }
            XCTAssertEqual(UInt64(next), 1 << UInt64(precision), "trial \(trial): frequencies do not sum to 2^\(precision)")
        }
    }

    func test_pushThenPop_recoversValues_andLeavesTheMessageAsItWas() throws {
        var rng = SplitMix64(seed: 22)
        var stack = RansStack(seed: 5)
        var pushed: [(codec: LogisticMixtureCodec, value: Int)] = []
        for trial in 0..<3000 {
            let levels = trial % 7 == 0 ? 17 : 256
            let c = codec(mixture(&rng, components: 5), levels: levels, precision: 24)
            let value = Int(rng.next() % UInt64(levels))
            c.push(value, to: &stack)
            pushed.append((c, value))
        }
        for (c, value) in pushed.reversed() { XCTAssertEqual(c.pop(from: &stack), value) }
        XCTAssertNoThrow(try stack.finishDecoding())
    }

    func test_codeLengths_matchTheMixture() {
        var rng = SplitMix64(seed: 23)
        var checked = 0
        for _ in 0..<100 {
            let p = mixture(&rng, components: 3), c = codec(p, levels: 256, precision: 24)
            let weights = p[0..<3].map { exp(Double($0)) }, z = weights.reduce(0, +)
            for v in 0..<256 {
                var mass = 0.0
                for k in 0..<3 {
                    func cdf(_ e: Double) -> Double { 1 / (1 + exp(-(e - Double(p[3 + k])) / exp(Double(p[6 + k])))) }
                    let upper = v == 255 ? 1 : cdf(-1 + (2 * Double(v) + 1) / 255), lower = v == 0 ? 0 : cdf(-1 + (2 * Double(v) - 1) / 255)
                    mass += weights[k] / z * (upper - lower)
                }
                guard mass > 1e-3 else { continue }
                XCTAssertEqual(c.informationContent(of: v), -log2(mass), accuracy: 1e-3, "value \(v), mass \(mass)")
                checked += 1
            }
        }
        XCTAssertGreaterThan(checked, 1000)
    }

    func test_cdfTable_isNonDecreasing_andSpansTheRange() {
        let value = { (t: Double) in LogisticCDFTable.table.withUnsafeBufferPointer { LogisticCDFTable.value(t, table: $0.baseAddress!) } }
        var previous: UInt64 = 0
        var t = -17.0
        while t <= 17 {
            let s = value(t)
            XCTAssertGreaterThanOrEqual(s, previous, "t = \(t)")
            previous = s
            t += 1.0 / 4096
        }
        XCTAssertLessThanOrEqual(value(-16), 1 << 7)
        XCTAssertEqual(value(0), 1 << 29)
        XCTAssertGreaterThanOrEqual(value(16), (1 << 30) - (1 << 7))
        XCTAssertEqual(value(.nan), value(-.infinity))
    }

    /// Any change to these tables changes every 8-bit `.vz` file: pinned.
    func test_intervals_arePinned() {
        var rng = SplitMix64(seed: 24)
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for _ in 0..<50 {
            let c = codec(mixture(&rng, components: 5), levels: 256, precision: 24)
            for v in 0..<256 {
                let i = c.interval(of: v)
                for word in [i.start, i.frequency] { hash = (hash ^ UInt64(word)) &* 0x100_0000_01b3 }
            }
        }
        XCTAssertEqual(hash, 0xb083_bf6b_098d_8481, "pinned interval hash changed: \(String(hash, radix: 16))")
    }
}
