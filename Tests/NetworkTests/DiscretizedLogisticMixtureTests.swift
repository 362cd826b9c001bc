import DeterministicMath
import Foundation
import Network
import XCTest

/// The discretized logistic mixture: a distribution over the levels, equal to the textbook
/// σ(a) − σ(b) form, with gradients that match central differences.
final class DiscretizedLogisticMixtureTests: XCTestCase {
    private struct Case { var logits, means, logScales: [Float] }

    private func randomCase(_ rng: inout SplitMix64, components k: Int) -> Case {
        Case(logits: (0..<k).map { _ in Float(rng.nextGaussian()) },
             means: (0..<k).map { _ in Float(rng.nextDouble() * 2.4 - 1.2) },
             logScales: (0..<k).map { _ in Float(rng.nextDouble() * 5 - 5) })
    }

    private func nll(_ c: Case, value: Int, levels: Int, gradient: inout [Float]) -> Float {
        DiscretizedLogisticMixture.negLogLikelihood(logits: c.logits, means: c.means, logScales: c.logScales,
                                                    components: c.logits.count, value: value, levels: levels, gradient: &gradient)
    }

    func test_masses_sumToOne_andMatchTheCDFDifference() {
        var rng = SplitMix64(seed: 11)
        for levels in [2, 5, 16, 256] {
            for _ in 0..<20 {
                let c = randomCase(&rng, components: 3)
                var g = [Float](repeating: 0, count: 9), total = 0.0
                for v in 0..<levels {
                    let p = exp(-Double(nll(c, value: v, levels: levels, gradient: &g)))
                    total += p
                    // Reference: Σ π_k (σ(upper) − σ(lower)) in Double, outer bins open.
                    let weights = c.logits.map { exp(Double($0)) }, z = weights.reduce(0, +)
                    var reference = 0.0
                    for k in 0..<3 {
                        func cdf(_ edge: Double) -> Double { 1 / (1 + exp(-(edge - Double(c.means[k])) / exp(Double(c.logScales[k])))) }
                        let centre = -1 + 2 * Double(v) / Double(levels - 1), half = 1 / Double(levels - 1)
                        let upper = v == levels - 1 ? 1 : cdf(centre + half), lower = v == 0 ? 0 : cdf(centre - half)
                        reference += weights[k] / z * (upper - lower)
                    }
                    XCTAssertEqual(p, reference, accuracy: 1e-5 + 1e-4 * reference, "levels \(levels) value \(v)")
                }
                XCTAssertEqual(total, 1, accuracy: 1e-4, "levels \(levels)")
            }
        }
    }

    func test_gradient_matchesCentralDifferences() {
        var rng = SplitMix64(seed: 12)
        var checked = 0
        for trial in 0..<60 {
            let k = 1 + trial % 4, levels = [2, 256, 7][trial % 3]
            let c = randomCase(&rng, components: k)
            let value = [0, levels - 1, Int(rng.next() % UInt64(levels))][trial % 3]
            var g = [Float](repeating: 0, count: 3 * k), scratch = g
            _ = nll(c, value: value, levels: levels, gradient: &g)
            for index in 0..<(3 * k) {
                let h: Float = 1e-3
                func shifted(_ d: Float) -> Double {
                    var e = c
                    switch index / k {
                    case 0: e.logits[index % k] += d
                    case 1: e.means[index % k] += d
                    default: e.logScales[index % k] += d
                    }
                    return Double(nll(e, value: value, levels: levels, gradient: &scratch))
                }
                let numeric = (shifted(h) - shifted(-h)) / Double(2 * h)
                XCTAssertEqual(numeric, Double(g[index]), accuracy: 2e-2 * max(1, abs(numeric)),
                               "trial \(trial) channel \(index) value \(value)/\(levels - 1)")
                checked += 1
            }
        }
        XCTAssertGreaterThan(checked, 300)
    }

    func test_sharpComponent_onTinyBins_staysFinite() {
        // A scale far below the bin width, and a bin far in a tail: no NaN, no infinity.
        let c = Case(logits: [0, 0], means: [0.3, -0.9], logScales: [-7, -7])
        var g = [Float](repeating: 0, count: 6)
        for v in [0, 100, 166, 255] {
            let value = nll(c, value: v, levels: 256, gradient: &g)
            XCTAssertTrue(value.isFinite && value >= 0, "value \(v): \(value)")
            XCTAssertTrue(g.allSatisfy(\.isFinite), "value \(v): \(g)")
        }
    }
}
