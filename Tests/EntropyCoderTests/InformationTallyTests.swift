import DeterministicMath
@testable import EntropyCoder
import XCTest

final class InformationTallyTests: XCTestCase {
    /// One logarithm for many symbols agrees with the sum of each symbol's information content,
    /// across the renormalisations of a long run of large frequencies.
    func test_tally_isTheSumOfInformationContents() {
        var rng = SplitMix64(seed: 5)
        for precision in [1, 16, 24, 31] {
            var tally = InformationTally(), sum = 0.0
            for _ in 0..<5000 {
                let frequency = UInt32(1 + rng.next() % ((1 << UInt64(precision)) - 1))
                tally.add(SymbolInterval(start: 0, frequency: frequency), precision: precision)
                sum += Double(precision) - DMath.log2(Double(frequency))
            }
            XCTAssertEqual(tally.bits, sum, accuracy: 1e-9 * max(1, sum), "precision \(precision)")
        }
        XCTAssertEqual(InformationTally().bits, 0)
        var half = InformationTally()
        half.add(frequency: 1 << 15, precision: 16)
        XCTAssertEqual(half.bits, 1)
    }
}
