/// An unsigned-byte IDX array (type code 0x08), as in the MNIST distribution.
///
/// Invariants: `1 ≤ dimensions.count ≤ 4`; every dimension is in 1…2^32 − 1; and
/// `values.count` is the product of the dimensions. Values are in row-major order (the
/// last dimension varies fastest). For image sets the dimensions are `[count, rows, columns]`.
public struct IDXArray: Equatable, Sendable {
    /// Largest rank accepted.
    public static let maxRank = 4

    /// Sizes of each axis, outermost first.
    public let dimensions: [Int]
    /// Elements in row-major order.
    public let values: [UInt8]

    /// Creates an array after checking the invariants.
    ///
    /// - Throws: `IDXError.unsupportedRank`, `.zeroDimension`, `.dimensionsOverflow` or `.valueCountMismatch`.
    public init(dimensions: [Int], values: [UInt8]) throws {
        guard (1...IDXArray.maxRank).contains(dimensions.count) else {
            throw IDXError.unsupportedRank(dimensions.count)
        }
        let count = try IDXArray.elementCount(dimensions)
        guard values.count == count else { throw IDXError.valueCountMismatch(expected: count, actual: values.count) }
        self.dimensions = dimensions
        self.values = values
    }

    init(validatedDimensions dimensions: [Int], values: [UInt8]) {
        self.dimensions = dimensions
        self.values = values
    }

    /// Number of elements: the product of the dimensions.
    ///
    /// - Throws: `.zeroDimension` for a dimension below 1, `.dimensionsOverflow` for one above
    ///   2^32 − 1 or a product that overflows `Int`.
    static func elementCount(_ dimensions: [Int]) throws -> Int {
        var product = 1
        for (axis, dimension) in dimensions.enumerated() {
            guard dimension >= 1 else { throw IDXError.zeroDimension(axis: axis) }
            guard dimension <= Int(UInt32.max) else { throw IDXError.dimensionsOverflow }
            let (next, overflow) = product.multipliedReportingOverflow(by: dimension)
            guard !overflow else { throw IDXError.dimensionsOverflow }
            product = next
        }
        return product
    }
}
