import DeterministicMath

/// A range-ANS message used as a stack (LIFO): what is pushed last is popped first.
///
/// The coder follows ryg's `rans64.h`: a 64-bit `state` kept in [L, 2^32 L) with L = 2^31, and
/// renormalisation by whole 32-bit words, so a push writes at most one word and a pop reads at
/// most one. Each symbol is an interval [start, start + frequency) of the slots [0, 2^precision);
/// pushing it costs precision - log2(frequency) bits. Precision is chosen per call, 1...31: 31 is
/// the largest for which `L >> precision` is still at least 1, which both bounds below rely on.
///
/// Encoders that only push must push in reverse of the order a decoder pops. Bits-back coding
/// also pops while encoding (a latent drawn "from the message"); a pop from a stack that has run
/// out of words draws the next *initial word* from `SplitMix64(seed)` instead and counts it
/// (`initialWordsConsumed`), so every message has an unbounded supply of seeded bits beneath it.
///
/// Clean start: `state == RansStack.cleanState(seed:)`, which is L plus 31 seeded low bits, and
/// no words. (A bare L, as in rans64, has zero low bits, so the first pop would always decode
/// slot 0: for a Gaussian posterior its farthest tail bucket.) The seeded bits cost nothing: the
/// state is still at its lowest height, log2(state) < 32, as with L itself.
///
/// Size accounting: `informationBits` = log2(state) + 32 n (n words) starts below 32, grows by
/// precision - log2(frequency) per push and shrinks by as much per pop (each up to the rounding of
/// floor(x / frequency), at most log2(1 + frequency / L) bits either way), and grows by 32 per
/// initial word drawn. The serialised size, `bitLength` = 64 + 32 n, adds 64 - log2(state) in
/// (1, 33] for the fixed-size state. So a file holds the net coded bits, plus
/// 32 x initialWordsConsumed, plus between 32 and 65 bits of overhead.
/// See `RansStack+Serialization.swift` for the byte layout and `RansStack+Finish.swift` for the
/// end-of-decoding check.
public struct RansStack: Sendable, Equatable {
    /// L, the lower bound of the normalised state.
    public static let lowerBound: UInt64 = 1 << 31
    /// The largest precision a push or pop accepts.
    public static let maxPrecision = 31

    /// The coder state, always in [L, 2^32 L).
    public var state: UInt64 { head }
    /// The renormalisation words, bottom of the stack first.
    public var words: [UInt32] { tail }
    /// The seed of the initial bits beneath the message.
    public let seed: UInt64
    /// How many initial words pops have drawn from the seeded source so far.
    public var initialWordsConsumed: Int { drawnWords }

    @usableFromInline var head: UInt64
    @usableFromInline var tail: [UInt32]
    /// Positioned after the clean state's bits and the initial words already drawn.
    @usableFromInline var initialWords: SplitMix64
    @usableFromInline var drawnWords: Int

    /// A clean stack: state `cleanState(seed:)` and no words.
    /// - Parameter reservingWords: capacity to reserve, to avoid regrowth while encoding.
    public init(seed: UInt64, reservingWords capacity: Int = 0) {
        var source = SplitMix64(seed: seed)
        self.seed = seed
        head = Self.cleanState(from: &source)
        tail = []
        tail.reserveCapacity(capacity)
        initialWords = source
        drawnWords = 0
    }

    /// Returns to the clean start for `seed`, keeping the words' storage: a coder that encodes
    /// message after message then allocates (and the system zero-fills) its words only once.
    public mutating func reset() {
        var source = SplitMix64(seed: seed)
        head = Self.cleanState(from: &source)
        tail.removeAll(keepingCapacity: true)
        initialWords = source
        drawnWords = 0
    }

    /// An existing message: `state` must be in [L, 2^32 L) (checked by the callers).
    init(state: UInt64, words: [UInt32], seed: UInt64) {
        self.init(seed: seed)
        head = state
        tail = words
    }

    /// The state of a clean stack for `seed`: L plus the top 31 bits of SplitMix64's first output.
    public static func cleanState(seed: UInt64) -> UInt64 {
        var source = SplitMix64(seed: seed)
        return cleanState(from: &source)
    }

    static func cleanState(from source: inout SplitMix64) -> UInt64 {
        lowerBound | (source.next() >> 33)
    }

    /// Serialised size in bits: 64 for the state plus 32 per word.
    public var bitLength: Int { 64 + 32 * tail.count }

    /// Serialised size in bytes.
    public var byteCount: Int { 8 + 4 * tail.count }

    /// log2(state) + 32 x words: the message's content in bits, for rate measurements.
    /// Differences of it are exact code lengths (up to the Double rounding of the logarithm).
    public var informationBits: Double {
        DMath.log2(Double(head)) + Double(32 * tail.count)
    }

    // MARK: - Coding

    /// Pushes the symbol occupying slots [start, start + frequency) of 2^precision.
    ///
    /// Writes one word when the state is too large to absorb the symbol, then maps
    /// x -> (x / frequency) 2^precision + x mod frequency + start.
    /// - Precondition: 1 <= precision <= 31, frequency >= 1, start + frequency <= 2^precision.
    /// - Complexity: O(1) amortized (one 64-bit division).
    @inlinable
    public mutating func push(start: UInt32, frequency: UInt32, precision: Int) {
        Self.checkInterval(start: start, frequency: frequency, precision: precision)
        let f = UInt64(frequency)
        var x = head
        // Largest x that stays below 2^32 L after the update: ((L >> precision) << 32) * f.
        if x >= ((Self.lowerBound >> precision) << 32) &* f {
            tail.append(UInt32(truncatingIfNeeded: x))
            x >>= 32
        }
        head = ((x / f) << precision) &+ (x % f) &+ UInt64(start)
    }

    /// The slot the next pop at `precision` decodes: the low `precision` bits of the state.
    /// - Precondition: 1 <= precision <= 31.
    @inlinable
    public func peek(precision: Int) -> UInt32 {
        precondition(precision >= 1 && precision <= Self.maxPrecision, "precision \(precision) outside 1...31")
        return UInt32(truncatingIfNeeded: head & ((1 << precision) - 1))
    }

    /// Pops the symbol occupying [start, start + frequency), which must contain `peek(precision:)`.
    ///
    /// Maps x -> frequency (x >> precision) + slot - start and reads one word when the result
    /// falls below L: from the stack, or, when the stack is empty, the next seeded initial word.
    /// - Precondition: the interval is valid as for `push` and contains the current slot.
    /// - Complexity: O(1) amortized.
    @inlinable
    public mutating func pop(start: UInt32, frequency: UInt32, precision: Int) {
        Self.checkInterval(start: start, frequency: frequency, precision: precision)
        let slot = head & ((1 << precision) - 1)
        precondition(slot &- UInt64(start) < UInt64(frequency), "slot \(slot) outside [\(start), \(start) + \(frequency))")
        var x = UInt64(frequency) &* (head >> precision) &+ slot &- UInt64(start)
        if x < Self.lowerBound {
            // One word suffices: x >= frequency * (L >> precision) >= 1, so x << 32 >= L.
            x = (x << 32) | UInt64(tail.popLast() ?? drawInitialWord())
        }
        head = x
    }

    @inlinable
    static func checkInterval(start: UInt32, frequency: UInt32, precision: Int) {
        precondition(precision >= 1 && precision <= maxPrecision, "precision \(precision) outside 1...31")
        precondition(frequency >= 1 && UInt64(start) + UInt64(frequency) <= 1 << precision,
                     "interval [\(start), \(start) + \(frequency)) outside 2^\(precision) slots")
    }

    /// The next seeded word beneath the message; called only when a pop finds no words.
    @usableFromInline
    mutating func drawInitialWord() -> UInt32 {
        drawnWords += 1
        return initialWords.nextUInt32()
    }
}
