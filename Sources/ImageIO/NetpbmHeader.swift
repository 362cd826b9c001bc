/// The fields of one Netpbm image header.
///
/// Invariants (enforced by every initializer that accepts outside data):
/// `1 ≤ width, height ≤ ImageIOLimits.maxHeaderNumber` (so `width × height` cannot overflow),
/// `1 ≤ maxval ≤ 255`, and `maxval == 1` for the bitmap variants P1/P4.
public struct NetpbmHeader: Hashable, Sendable {
    /// The format the image is (or will be) stored in.
    public let variant: NetpbmVariant
    /// Pixels per row.
    public let width: Int
    /// Number of rows.
    public let height: Int
    /// Largest sample value; always 1 for P1/P4.
    public let maxval: Int

    /// Creates a header after checking the invariants above.
    ///
    /// - Throws: `NetpbmError.nonPositiveDimension`, `.numberOverflow`, `.invalidMaxval` or
    ///   `.unsupportedMaxval` (reported for image 0).
    public init(variant: NetpbmVariant, width: Int, height: Int, maxval: Int) throws {
        try self.init(variant: variant, width: width, height: height, maxval: maxval, image: 0)
    }

    init(variant: NetpbmVariant, width: Int, height: Int, maxval: Int, image: Int) throws {
        guard width >= 1 else { throw NetpbmError.nonPositiveDimension(image: image, field: .width, value: width) }
        guard height >= 1 else { throw NetpbmError.nonPositiveDimension(image: image, field: .height, value: height) }
        guard width <= ImageIOLimits.maxHeaderNumber else { throw NetpbmError.numberOverflow(image: image, field: .width) }
        guard height <= ImageIOLimits.maxHeaderNumber else { throw NetpbmError.numberOverflow(image: image, field: .height) }
        try NetpbmHeader.checkMaxval(maxval, image: image)
        guard !variant.isBitmap || maxval == 1 else { throw NetpbmError.invalidMaxval(image: image, value: maxval) }
        self.init(validated: variant, width: width, height: height, maxval: maxval)
    }

    /// Initializer for fields that already satisfy the invariants.
    init(validated variant: NetpbmVariant, width: Int, height: Int, maxval: Int) {
        self.variant = variant
        self.width = width
        self.height = height
        self.maxval = maxval
    }

    /// Number of pixels, `width × height`.
    public var pixelCount: Int { width * height }

    /// Bytes per row of a P4 raster: `⌈width / 8⌉`.
    public var p4RowBytes: Int { (width + 7) / 8 }

    /// Number of unused low bits in the last byte of each P4 row (0…7).
    public var p4PaddingBits: Int { p4RowBytes * 8 - width }

    /// Size of the raster in bytes for the binary variants (P4: packed rows, P5: one byte per pixel).
    ///
    /// - Precondition: `variant` is P4 or P5.
    var binaryRasterByteCount: Int {
        precondition(!variant.isPlain, "plain rasters have no fixed size")
        return variant == .p4 ? p4RowBytes * height : pixelCount
    }

    /// The canonical header text: magic, newline, `width height`, newline, and for PGM the
    /// maxval and a newline — the form `pnmtopnm` writes, e.g. `"P5\n28 28\n255\n"`.
    public var canonicalBytes: [UInt8] {
        var text = "\(variant)\n\(width) \(height)\n"
        if !variant.isBitmap { text += "\(maxval)\n" }
        return Array(text.utf8)
    }

    /// Checks that `maxval` is in 1…255, telling apart valid 16-bit values (unsupported).
    static func checkMaxval(_ maxval: Int, image: Int) throws {
        if maxval >= 1 && maxval <= 255 { return }
        if maxval >= 256 && maxval <= 65535 { throw NetpbmError.unsupportedMaxval(image: image, value: maxval) }
        throw NetpbmError.invalidMaxval(image: image, value: maxval)
    }
}
