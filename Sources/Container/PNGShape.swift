/// A grayscale PNG image: its size and bit depth. The header stores only these; the PNG's
/// bytes (chunks, compression, interlacing) are not kept, since writing its pixels again is all
/// a decoder needs to do.
///
/// Invariants (checked by the initializer): width and height at least 1 and within 32 bits,
/// bit depth in `PNGShape.bitDepths`, and `width * height <= VZFormat.maxPixelsPerFile`.
public struct PNGShape: Hashable, Sendable {
    /// The bit depths a version-1 header allows. Written out here rather than taken from
    /// ImageIO, so that a depth ImageIO might learn later (16) cannot slip into version-1 files.
    public static let bitDepths: Set<Int> = [1, 2, 4, 8]

    public let width: Int
    public let height: Int
    public let bitDepth: Int

    /// - Throws: `ContainerError.badDimension`, `.badBitDepth` or `.pixelCountOverLimit`, in
    ///   the order of the fields in the header.
    public init(width: Int, height: Int, bitDepth: Int) throws {
        try checkDimension(width, field: "width")
        try checkDimension(height, field: "height")
        guard PNGShape.bitDepths.contains(bitDepth) else { throw ContainerError.badBitDepth(bitDepth) }
        let pixels = UInt64(width) * UInt64(height)
        guard pixels <= UInt64(VZFormat.maxPixelsPerFile) else {
            throw ContainerError.pixelCountOverLimit(pixels, limit: VZFormat.maxPixelsPerFile)
        }
        self.width = width
        self.height = height
        self.bitDepth = bitDepth
    }

    /// `width * height`.
    public var totalPixels: Int { width * height }

    /// Bytes of the sample stream: one per pixel.
    public var sampleStreamLength: Int { totalPixels }

    /// The largest sample value: 2^bitDepth − 1.
    public var maxValue: Int { (1 << bitDepth) - 1 }
}
