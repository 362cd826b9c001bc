import DeterministicMath
import Network
import XCTest

/// Training's ELU gives the bits of `DMath.elu`, the function the coding model computes.
final class ELUTests: XCTestCase {
    func test_forwardAndResidual_giveTheBitsOfDMathELU_inPlaceOrNot() {
        var rng = SplitMix64(seed: 21)
        let special: [Float] = [0, -0.0, 1e-30, -1e-30, -1e-7, -0.5, -1, -10, -86.9, -87, -87.5, -200, 3, 1e30]
        // 10,003 values: two threads' chunks, each with a partial last vector.
        let x = special + (0..<9989).map { _ in Float(rng.nextGaussian() * 6) }
        let expected = x.map { DMath.elu($0).bitPattern }
        var y = [Float](repeating: .nan, count: x.count)
        ELU.forward(x, &y, count: x.count)
        XCTAssertEqual(y.map(\.bitPattern), expected)
        var inPlace = x
        inPlace.withUnsafeMutableBufferPointer { ELU.forward($0.baseAddress!, $0.baseAddress!, count: x.count) }
        XCTAssertEqual(inPlace.map(\.bitPattern), expected)
        var a = x, next = [Float](repeating: .nan, count: x.count)
        let h = x.map { $0 * 0.25 }
        ELU.forwardResidual(&a, adding: h, into: &next, count: x.count)
        XCTAssertEqual(a.map(\.bitPattern), expected)
        XCTAssertEqual(next.map(\.bitPattern), zip(h, x).map { ($0 + DMath.elu($1)).bitPattern })
    }
}
