import DeterministicMath
import Foundation
import XCTest

final class ExpLogTests: XCTestCase {
    /// Relative error of `value` against a libm reference; both finite and nonzero.
    private func relativeError(_ value: Double, _ reference: Double) -> Double {
        abs(value - reference) / abs(reference)
    }

    func test_exp_denseGrid_matchesFoundationWithin4e16() {
        var worst = 0.0
        var worstInput = 0.0
        let count = 200_000
        for i in 0...count {
            let x = -708.0 + 1417.0 * Double(i) / Double(count)
            let error = relativeError(DMath.exp(x), Foundation.exp(x))
            if error > worst { (worst, worstInput) = (error, x) }
        }
        XCTAssertLessThan(worst, 4e-16, "worst input \(worstInput)")
    }

    func test_exp_seededRandomSmallArguments_matchesFoundation() {
        let seed: UInt64 = 0xE4_0001
        var rng = SplitMix64(seed: seed)
        for _ in 0..<50_000 {
            // |x| up to 2^8, with magnitudes spread over binades from 2^-55 upwards.
            let x = (rng.nextDouble() - 0.5) * Double(bitPattern: (0x3C8 + rng.next() % 0x41) << 52)
            let error = relativeError(DMath.exp(x), Foundation.exp(x))
            XCTAssertLessThan(error, 4e-16, "seed \(seed), x = \(x)")
            if error >= 4e-16 { return }
        }
    }

    func test_exp_subnormalResults_matchFoundationWithinOneSubnormalStep() {
        var x = -745.1
        while x < -708.4 {
            let reference = Foundation.exp(x)
            XCTAssertLessThanOrEqual(abs(DMath.exp(x) - reference), Double.leastNonzeroMagnitude, "x = \(x)")
            x += 0.0123
        }
    }

    func test_exp_specialValues() {
        XCTAssertTrue(DMath.exp(.nan).isNaN)
        XCTAssertEqual(DMath.exp(.infinity), .infinity)
        XCTAssertEqual(DMath.exp(-.infinity), 0)
        XCTAssertEqual(DMath.exp(0), 1)
        XCTAssertEqual(DMath.exp(-0.0), 1)
        XCTAssertEqual(DMath.exp(709.78), Foundation.exp(709.78))
        XCTAssertEqual(DMath.exp(709.79), .infinity)
        XCTAssertEqual(DMath.exp(-746), 0)
        XCTAssertEqual(DMath.exp(Double.leastNonzeroMagnitude), 1)
    }

    func test_log_denseGridOverAllBinades_matchesFoundationWithin4e16() {
        var worst = 0.0
        var worstInput = 0.0
        for binade in -1074...1023 {
            for step in 0..<64 {
                let x = Double(sign: .plus, exponent: binade, significand: 1 + Double(step) / 64)
                guard x.isFinite, x > 0 else { continue }
                let reference = Foundation.log(x)
                if reference == 0 { XCTAssertEqual(DMath.log(x), 0); continue }
                let error = relativeError(DMath.log(x), reference)
                if error > worst { (worst, worstInput) = (error, x) }
            }
        }
        XCTAssertLessThan(worst, 4e-16, "worst input \(worstInput)")
    }

    func test_log_seededRandomNearOne_matchesFoundation() {
        let seed: UInt64 = 0x106_0001
        var rng = SplitMix64(seed: seed)
        for _ in 0..<50_000 {
            let x = 0.5 + 1.5 * rng.nextDouble()
            guard x != 1 else { continue }
            let error = relativeError(DMath.log(x), Foundation.log(x))
            XCTAssertLessThan(error, 4e-16, "seed \(seed), x = \(x)")
            if error >= 4e-16 { return }
        }
    }

    func test_log1p_tinyAndModerateArguments_matchFoundation() {
        let seed: UInt64 = 0x10_61_90
        var rng = SplitMix64(seed: seed)
        for _ in 0..<50_000 {
            let magnitude = Double(bitPattern: (0x3C8 + rng.next() % 0x41) << 52)
            let y = max(-0.999, (rng.nextDouble() - 0.5) * magnitude)
            let error = relativeError(DMath.log1p(y), Foundation.log1p(y))
            XCTAssertLessThan(error, 5e-16, "seed \(seed), y = \(y)")
            if error >= 5e-16 { return }
        }
    }

    func test_log_specialValues() {
        XCTAssertTrue(DMath.log(.nan).isNaN)
        XCTAssertTrue(DMath.log(-1).isNaN)
        XCTAssertTrue(DMath.log(-.infinity).isNaN)
        XCTAssertEqual(DMath.log(0), -.infinity)
        XCTAssertEqual(DMath.log(-0.0), -.infinity)
        XCTAssertEqual(DMath.log(.infinity), .infinity)
        XCTAssertEqual(DMath.log(1).bitPattern, 0)
        XCTAssertEqual(DMath.log(Double.leastNonzeroMagnitude), Foundation.log(Double.leastNonzeroMagnitude))
        XCTAssertEqual(DMath.log1p(-1), -.infinity)
        XCTAssertTrue(DMath.log1p(-1.5).isNaN)
        XCTAssertEqual(DMath.log1p(-0.0).bitPattern, (-0.0).bitPattern)
        XCTAssertEqual(DMath.log1p(.infinity), .infinity)
    }

    func test_expOfLog_roundTripsWithinTwoUlps() {
        let seed: UInt64 = 0xE1_0E
        var rng = SplitMix64(seed: seed)
        for _ in 0..<10_000 {
            let x = 1e-300 + rng.nextDouble() * 1e6
            XCTAssertLessThan(relativeError(DMath.exp(DMath.log(x)), x), 2e-13, "seed \(seed), x = \(x)")
        }
    }
}
