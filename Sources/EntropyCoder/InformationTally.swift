import DeterministicMath

/// The information content of many coded symbols, Σ (precision − log2 frequency), with one
/// logarithm at the end instead of one per symbol: the frequencies are multiplied into a double
/// whose exponent is moved out (exactly, by a power of two) before it could overflow. Each product
/// rounds to 53 bits, so n symbols are within about n·2^−52 relative of the per-symbol sum: for
/// reports, never for anything a decoder must reproduce.
public struct InformationTally: Sendable {
    private var product = 1.0
    private var exponent = 0
    private var precisionSum = 0

    public init() {}

    /// Counts one symbol of `interval` in a model of 2^`precision` slots.
    @inlinable
    public mutating func add(_ interval: SymbolInterval, precision: Int) {
        add(frequency: interval.frequency, precision: precision)
    }

    public mutating func add(frequency: UInt32, precision: Int) {
        product *= Double(frequency)
        precisionSum += precision
        if product >= 0x1p960 {
            exponent += Int(product.exponent)
            product = Double(sign: .plus, exponent: 0, significand: product.significand)
        }
    }

    /// The bits counted so far.
    public var bits: Double { Double(precisionSum) - (DMath.log2(product) + Double(exponent)) }
}
