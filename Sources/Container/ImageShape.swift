import ImageIO

/// One image of a Netpbm document: its variant, maxval and size.
///
/// Invariant (checked by the initializer): maxval is 1 for P1 and P4 and in 1...65535 for P2
/// and P5; width and height are at least 1 and `width * height <= VZFormat.maxPixelsPerFile`.
public struct ImageShape: Hashable, Sendable {
    public let variant: NetpbmVariant
    public let maxval: Int
    public let width: Int
    public let height: Int

    /// - Throws: `ContainerError.maxvalOutOfRange`, `.badDimension` or `.pixelCountOverLimit`.
    public init(variant: NetpbmVariant, maxval: Int, width: Int, height: Int) throws {
        guard variant.vzMaxvals.contains(maxval) else {
            throw ContainerError.maxvalOutOfRange(variant: variant, maxval: maxval)
        }
        try checkDimension(width, field: "width")
        try checkDimension(height, field: "height")
        let pixels = UInt64(width) * UInt64(height)
        guard pixels <= UInt64(VZFormat.maxPixelsPerFile) else {
            throw ContainerError.pixelCountOverLimit(pixels, limit: VZFormat.maxPixelsPerFile)
        }
        self.variant = variant
        self.maxval = maxval
        self.width = width
        self.height = height
    }

    /// `width * height`.
    public var pixelCount: Int { width * height }

    /// Bytes per sample in the sample stream: 2 when maxval exceeds 255, else 1.
    public var bytesPerSample: Int { maxval > 255 ? 2 : 1 }
}

/// Throws `.badDimension` unless `1 <= value <= UInt32.max` (the size of every stored dimension).
func checkDimension(_ value: Int, field: String) throws {
    guard value >= 1, value <= Int(UInt32.max) else {
        throw ContainerError.badDimension(field: field, value: value)
    }
}
