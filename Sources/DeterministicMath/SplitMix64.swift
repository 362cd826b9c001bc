/// SplitMix64, the seeded 64-bit generator of Steele, Lea & Flood ("Fast splittable
/// pseudorandom number generators", OOPSLA 2014), as used to seed xoshiro.
///
/// The project's only source of randomness (DESIGN.md, rule 3): the same seed gives the same
/// sequence on every machine and build. The state advances by a Weyl increment and each output
/// is a bijective mix of the state, so the period is 2^64 and every seed is valid.
/// Not cryptographic.
public struct SplitMix64: RandomNumberGenerator, Sendable, Equatable {
    /// The Weyl state; the next output mixes `state + 0x9E3779B97F4A7C15`. Saving and
    /// restoring it replays the sequence from that point.
    public var state: UInt64

    public init(seed: UInt64) {
        state = seed
    }

    /// The next 64 uniformly distributed bits.
    /// - Complexity: O(1): one add, two multiplies, three shifts.
    @inlinable
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
