/// A symbol prepared for fast repeated pushes: the division by its frequency replaced by a
/// multiplication with a precomputed reciprocal (the technique of ryg's `Rans64EncSymbol`,
/// after Alverson, "Integer division using reciprocals", 1991).
///
/// With s = ceil(log2 f) and r = ceil(2^(63+s) / f), floor(x / f) = floor(x r / 2^(63+s)) for
/// every x < 2^63: x r / 2^(63+s) exceeds x / f by less than x / 2^(63+s) < 2^-s <= 1/f, which
/// never reaches the next integer. A push is then x + start + q (M - f) with q = floor(x / f),
/// which equals q M + (x - q f) + start. Frequency 1 uses r = 2^64 - 1, giving q = x - 1, and
/// folds the missing M - 1 into the bias.
public struct RansEncodingSymbol: Sendable, Equatable {
    /// Pushes renormalise first when the state is at least this.
    @usableFromInline let stateLimit: UInt64
    @usableFromInline let reciprocal: UInt64
    /// start, or start + M - 1 for frequency 1: below 2^32 since precision <= 31.
    @usableFromInline let bias: UInt32
    /// M - f.
    @usableFromInline let complement: UInt32
    @usableFromInline let shift: UInt32

    /// - Precondition: 1 <= precision <= 31, frequency >= 1, start + frequency <= 2^precision.
    public init(start: UInt32, frequency: UInt32, precision: Int) {
        RansStack.checkInterval(start: start, frequency: frequency, precision: precision)
        let f = UInt64(frequency)
        stateLimit = ((RansStack.lowerBound >> precision) << 32) * f
        complement = UInt32((1 << precision) - f)
        if frequency == 1 {
            reciprocal = .max
            shift = 0
            bias = UInt32(UInt64(start) + (1 << precision) - 1)
        } else {
            var bits: UInt64 = 0
            while f > 1 << bits { bits += 1 }
            // ceil(2^(63+bits) / f) with a 128-by-64 division; the quotient fits in 64 bits
            // because f > 2^(bits-1).
            let dividend = (high: (UInt64(1) << (bits - 1)), low: f - 1)
            reciprocal = f.dividingFullWidth(dividend).quotient
            shift = UInt32(bits - 1)
            bias = start
        }
    }
}
