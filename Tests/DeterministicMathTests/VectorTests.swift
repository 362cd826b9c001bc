import DeterministicMath
import XCTest

/// The four-lane `exp` and `sigmoid` give, lane for lane, the bits of the scalar functions: the
/// coders use either, so a difference would be a decoding error.
final class VectorTests: XCTestCase {
    /// Arguments over the whole vector range and past its ends (the lanes that fall back to the
    /// scalar function), the special values, and ties of the reduction.
    private func arguments() -> [Double] {
        var rng = SplitMix64(seed: 0xE4_0004)
        var xs = (0..<40_000).map { _ in (rng.nextDouble() - 0.5) * 1500 }
        xs += (0..<40_000).map { _ in (rng.nextDouble() - 0.5) * 40 }
        xs += (0..<4_000).map { _ in (rng.nextDouble() - 0.5) * Double(bitPattern: (0x3C8 + rng.next() % 0x41) << 52) }
        xs += [0, -0.0, .nan, .infinity, -.infinity, 708, -708, 709, -709, 709.7, -745.1, -745.3, 1e300, -1e300,
               .leastNonzeroMagnitude, -.leastNonzeroMagnitude, 0.5 * 0.693_147_180_559_945_3, -0.5 * 0.693_147_180_559_945_3]
        xs += [-708.0.nextDown, 709.0.nextUp, -708.0.nextUp, 709.0.nextDown]
        return xs
    }

    private func check(_ name: String, vector: (SIMD4<Double>) -> SIMD4<Double>, scalar: (Double) -> Double) {
        let xs = arguments()
        // Every argument in every lane, beside others of both kinds.
        for shift in 0..<4 {
            for i in stride(from: 0, to: xs.count - 3, by: 4) {
                let x = SIMD4(xs[i + shift % 4], xs[i + (shift + 1) % 4], xs[i + (shift + 2) % 4], xs[i + (shift + 3) % 4])
                let y = vector(x)
                for j in 0..<4 where y[j].bitPattern != scalar(x[j]).bitPattern {
                    XCTFail("\(name)(\(x[j])): vector \(y[j]), scalar \(scalar(x[j]))")
                    return
                }
            }
        }
    }

    func test_exp_ofFourValues_isTheScalarExpInEachLane() {
        check("exp", vector: DMath.exp, scalar: DMath.exp)
    }

    func test_sigmoid_ofFourValues_isTheScalarSigmoidInEachLane() {
        check("sigmoid", vector: DMath.sigmoid, scalar: DMath.sigmoid)
    }
}
