import DeterministicMath
import Foundation
import XCTest

final class NormalTests: XCTestCase {
    /// Φ(x) from libm's erfc; its own error is about 1 ulp of erfc plus the rounding of x/√2,
    /// which makes the relative error of the reference grow like x^2 * 1e-16 in the far tail.
    private func referenceCDF(_ x: Double) -> Double {
        0.5 * erfc(-x / 2.0.squareRoot())
    }

    func test_normalCDF_denseGrid_absoluteErrorBelow3e16() {
        var worst = 0.0
        var worstInput = 0.0
        let count = 100_000
        for i in 0...count {
            let x = -40.0 + 80.0 * Double(i) / Double(count)
            let error = abs(DMath.normalCDF(x) - referenceCDF(x))
            if error > worst { (worst, worstInput) = (error, x) }
        }
        XCTAssertLessThan(worst, 3e-16, "worst input \(worstInput)")
    }

    func test_normalCDF_lowerTail_relativeErrorSmall() {
        var x = -37.0
        while x <= 0 {
            let reference = referenceCDF(x)
            // Both Φ and the reference round x^2 (resp. x/√2), each costing about x^2 * 1.1e-16.
            let tolerance = 1e-15 + x * x * 2.5e-16
            XCTAssertLessThan(abs(DMath.normalCDF(x) - reference) / reference, tolerance, "x = \(x)")
            x += 0.00731
        }
    }

    func test_normalCDF_seededRandom_matchesReference() {
        let seed: UInt64 = 0xCDF_0001
        var rng = SplitMix64(seed: seed)
        for _ in 0..<50_000 {
            let x = rng.nextGaussian() * 4
            let error = abs(DMath.normalCDF(x) - referenceCDF(x))
            XCTAssertLessThan(error, 3e-16, "seed \(seed), x = \(x)")
            if error >= 3e-16 { return }
        }
    }

    func test_normalCDF_isMonotoneOnDenseGrid() {
        var previous = 0.0
        var x = -39.0
        while x < 9 {
            let value = DMath.normalCDF(x)
            XCTAssertGreaterThanOrEqual(value, previous, "x = \(x)")
            previous = value
            x += 0.000_377
        }
    }

    func test_normalCDF_specialValues() {
        XCTAssertTrue(DMath.normalCDF(.nan).isNaN)
        XCTAssertEqual(DMath.normalCDF(-.infinity), 0)
        XCTAssertEqual(DMath.normalCDF(.infinity), 1)
        XCTAssertEqual(DMath.normalCDF(0), 0.5)
        XCTAssertEqual(DMath.normalCDF(-0.0), 0.5)
        XCTAssertEqual(DMath.normalCDF(-38.6), 0)
        XCTAssertGreaterThan(DMath.normalCDF(-38.4), 0)
        XCTAssertEqual(DMath.normalCDF(9), 1)
    }

    func test_normalQuantile_residualAgainstReferenceCDF_below1e14() {
        var probabilities: [Double] = []
        for exponent in stride(from: -300.0, through: -1.0, by: 0.25) {
            probabilities.append(Foundation.pow(10, exponent))
        }
        for i in 1..<2000 { probabilities.append(Double(i) / 2000) }
        for p in probabilities {
            for q in [p, 1 - p] where q > 0 && q < 1 {
                let x = DMath.normalQuantile(q)
                // |x - x*| ≈ |Φ(x) - q| / φ(x), with Φ and φ from libm.
                let density = Foundation.exp(-0.5 * x * x) / (2 * Double.pi).squareRoot()
                let reference = q < 0.5 ? referenceCDF(x) - q : (1 - q) - referenceCDF(-x)
                let tolerance = 1e-14 * max(1, abs(x))
                XCTAssertLessThan(abs(reference) / density, tolerance, "q = \(q), x = \(x)")
            }
        }
    }

    func test_normalQuantile_isOddAroundOneHalf() {
        let seed: UInt64 = 0x9_0DD
        var rng = SplitMix64(seed: seed)
        for _ in 0..<10_000 {
            let p = 0.5 * rng.nextDouble()
            guard p > 0 else { continue }
            XCTAssertEqual(DMath.normalQuantile(1 - p), -DMath.normalQuantile(1 - (1 - p)), "seed \(seed), p = \(p)")
        }
    }

    func test_normalQuantileEstimate_isWithinAcklamsBoundOfTheQuantile() {
        let seed: UInt64 = 0xAC_C1A4
        var rng = SplitMix64(seed: seed)
        for index in 0..<20_000 {
            // Half uniform in (0, 1), half log-uniform down to 1e-300 in either tail.
            let q = index % 2 == 0 ? rng.nextDouble() : DMath.exp(-690 * rng.nextDouble())
            let p = index % 4 == 3 ? 1 - q : q
            guard p > 0 && p < 1 else { continue }
            let exact = DMath.normalQuantile(p)
            XCTAssertEqual(DMath.normalQuantileEstimate(p), exact, accuracy: 2e-9 * max(1, abs(exact)), "seed \(seed), p = \(p)")
        }
    }

    func test_normalQuantile_specialValues() {
        XCTAssertTrue(DMath.normalQuantile(.nan).isNaN)
        XCTAssertTrue(DMath.normalQuantile(-0.1).isNaN)
        XCTAssertTrue(DMath.normalQuantile(1.1).isNaN)
        XCTAssertEqual(DMath.normalQuantile(0), -.infinity)
        XCTAssertEqual(DMath.normalQuantile(1), .infinity)
        XCTAssertEqual(DMath.normalQuantile(0.5), 0)
        XCTAssertTrue(DMath.normalQuantile(Double.leastNonzeroMagnitude).isFinite)
        XCTAssertEqual(DMath.normalQuantile(Double.leastNonzeroMagnitude), -38.4674, accuracy: 1e-3)
    }
}
