/// The element type and dimensions of an IDX file (the format of the MNIST distributions).
///
/// Invariants (checked by the initializer): rank 1...4, every dimension at least 1, and the
/// product of the dimensions at most `VZFormat.maxPixelsPerFile`. How dimensions map to images
/// (e.g. `[count, rows, columns]`) is ImageIO's business; the container only keeps them.
public struct IDXShape: Hashable, Sendable {
    /// An IDX element type; the raw value is IDX's own type code.
    public enum ElementType: UInt8, Hashable, Sendable {
        /// `0x08`: unsigned byte, samples 0...255; the only type of version 1.
        case unsignedByte = 0x08
    }

    public let elementType: ElementType
    /// Dimensions in IDX order (slowest-varying first).
    public let dims: [Int]
    /// Product of `dims`.
    public let totalPixels: Int

    /// - Throws: `.badRank`, `.badDimension`, `.pixelCountOverLimit`.
    public init(elementType: ElementType = .unsignedByte, dims: [Int]) throws {
        guard (1...4).contains(dims.count) else { throw ContainerError.badRank(dims.count) }
        var product: UInt64 = 1
        for (axis, dim) in dims.enumerated() {
            try checkDimension(dim, field: "IDX dimension \(axis)")
            product *= UInt64(dim)
            guard product <= UInt64(VZFormat.maxPixelsPerFile) else {
                throw ContainerError.pixelCountOverLimit(product, limit: VZFormat.maxPixelsPerFile)
            }
        }
        self.elementType = elementType
        self.dims = dims
        self.totalPixels = Int(product)
    }

    /// Bytes of the sample stream: one per element.
    public var sampleStreamLength: Int { totalPixels }
}
