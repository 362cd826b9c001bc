import DeterministicMath
@testable import EntropyCoder

/// A stack with content: `words` random words under a random state, as if much had been pushed.
func randomStack(seed: UInt64, words: Int, using rng: inout SplitMix64) -> RansStack {
    var bytes: [UInt8] = []
    let state = RansStack.lowerBound | (rng.next() >> 1 & ((RansStack.lowerBound << 32) - 1))
    for shift in stride(from: 0, to: 64, by: 8) { bytes.append(UInt8(truncatingIfNeeded: state >> UInt64(shift))) }
    for _ in 0..<(4 * words) { bytes.append(UInt8(truncatingIfNeeded: rng.next())) }
    // The bytes are well formed by construction.
    return try! RansStack(serialized: bytes, seed: seed)
}

/// Sum of -log2(frequency / 2^precision) over coded intervals.
func informationContent(frequency: UInt32, precision: Int) -> Double {
    Double(precision) - DMath.log2(Double(frequency))
}
