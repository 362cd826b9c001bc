import DeterministicMath
import Foundation
import XCTest

final class ELUTests: XCTestCase {
    /// The degree-6 polynomial is good to 3e-7; Float roundings bring the total to about 4 ulp.
    func test_expm1NonPositive_denseGrid_relativeErrorBelow5e7() {
        var worst: Float = 0
        var worstInput: Float = 0
        var x: Float = -87
        while x < 0 {
            let reference = Float(Foundation.expm1(Double(x)))
            let error = abs(DMath.expm1NonPositive(x) - reference) / abs(reference)
            if error > worst { (worst, worstInput) = (error, x) }
            x += 0.000_731
        }
        XCTAssertLessThan(worst, 5e-7, "worst input \(worstInput)")
    }

    func test_expm1NonPositive_tinyArguments_keepRelativePrecision() {
        for x: Float in [-1e-30, -1e-10, -1e-5, -0.001] {
            XCTAssertEqual(DMath.expm1NonPositive(x), Float(Foundation.expm1(Double(x))), accuracy: abs(x) * 5e-7, "x = \(x)")
        }
    }

    func test_elu_branchesAndSpecialValues() {
        XCTAssertEqual(DMath.elu(2.5), 2.5)
        XCTAssertEqual(DMath.elu(0), 0)
        XCTAssertEqual(DMath.elu(-1), Float(Foundation.expm1(-1.0)), accuracy: 1e-7)
        XCTAssertEqual(DMath.elu(-200), -1)
        XCTAssertEqual(DMath.elu(.infinity), .infinity)
        XCTAssertEqual(DMath.elu(-.infinity), -1)
        XCTAssertTrue(DMath.elu(.nan).isNaN)
        XCTAssertEqual(DMath.expm1NonPositive(3), 0, "positive inputs are clamped to 0")
    }
}
