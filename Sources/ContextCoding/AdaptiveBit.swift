/// The probability of one binary decision, learnt from the decisions coded with it so far.
///
/// `one` is P(bit = 1) in units of 2^-16, kept in [32, 65504] so both outcomes always have room
/// in the coder's 16-bit slots. Each update moves it towards the outcome by 1/(n + 1.5) of the
/// way, n the decisions seen so far capped at the model's `limit`: a fresh context learns as a
/// counter would (the Krichevsky–Trofimov estimate), an old one keeps adapting at a fixed rate.
/// Integer arithmetic only, so encoder and decoder agree on every machine. Four bytes, so that
/// tables of millions of contexts stay small.
struct AdaptiveBit {
    private var one: UInt16 = 1 << 15
    private(set) var seen: UInt8 = 0

    static let precision = 16
    static let lowest: Int32 = 32, highest: Int32 = (1 << 16) - 32

    /// P(bit = 1) in units of 2^-16.
    var probability: Int32 { Int32(one) }

    /// 2^17 / (2n + 3) = 2^16 / (n + 1.5).
    private static let rates: [Int32] = (0..<256).map { Int32((1 << 17) / (2 * $0 + 3)) }

    @inline(__always)
    mutating func update(_ bit: Int, limit: UInt8) {
        let target: Int32 = bit == 0 ? 0 : 1 << 16
        let rate = Self.rates.withUnsafeBufferPointer { $0[Int(seen)] }
        var p = Int32(one)
        p += Int32((Int64(target - p) * Int64(rate)) >> 16)
        one = UInt16(min(max(p, Self.lowest), Self.highest))
        if seen < limit { seen += 1 }
    }
}
