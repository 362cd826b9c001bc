import DeterministicMath
import Foundation
import XCTest

final class LogisticTests: XCTestCase {
    func test_sigmoid_denseGrid_matchesFoundationFormula() {
        var x = -700.0
        while x < 700 {
            let reference = x >= 0 ? 1 / (1 + Foundation.exp(-x)) : Foundation.exp(x) / (1 + Foundation.exp(x))
            XCTAssertLessThan(abs(DMath.sigmoid(x) - reference) / reference, 1e-15, "x = \(x)")
            x += 0.0371
        }
    }

    func test_softplus_denseGrid_matchesFoundationFormula() {
        var x = -700.0
        while x < 700 {
            let reference = max(x, 0) + Foundation.log1p(Foundation.exp(-abs(x)))
            XCTAssertLessThan(abs(DMath.softplus(x) - reference) / reference, 1e-15, "x = \(x)")
            x += 0.0371
        }
    }

    func test_sigmoidAndSoftplus_specialValues() {
        XCTAssertTrue(DMath.sigmoid(.nan).isNaN)
        XCTAssertEqual(DMath.sigmoid(0), 0.5)
        XCTAssertEqual(DMath.sigmoid(.infinity), 1)
        XCTAssertEqual(DMath.sigmoid(-.infinity), 0)
        XCTAssertTrue(DMath.softplus(.nan).isNaN)
        XCTAssertEqual(DMath.softplus(.infinity), .infinity)
        XCTAssertEqual(DMath.softplus(-.infinity), 0)
        XCTAssertEqual(DMath.softplus(0), Foundation.log(2.0), accuracy: 1e-16)
    }

    func test_sigmoid_isSymmetric() {
        let seed: UInt64 = 0x51_6000
        var rng = SplitMix64(seed: seed)
        for _ in 0..<10_000 {
            let x = rng.nextGaussian() * 10
            XCTAssertEqual(DMath.sigmoid(x) + DMath.sigmoid(-x), 1, accuracy: 3e-16, "seed \(seed), x = \(x)")
        }
    }
}
