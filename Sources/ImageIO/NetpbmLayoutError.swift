/// Problems with a serialized `NetpbmLayout`, or with images that do not fit a layout.
public enum NetpbmLayoutError: Error, Equatable, Sendable {
    /// The serialized layout ends early.
    case truncated
    /// The first byte is not a known format version.
    case unsupportedVersion(UInt8)
    /// A variable-length integer is longer than 9 bytes or does not fit in 63 bits.
    case invalidInteger
    /// A field holds a value outside its allowed set (`what` names the field).
    case invalidValue(image: Int, what: String)
    /// Stored header bytes do not parse as one complete P4/P5 header.
    case invalidHeader(image: Int, NetpbmError)
    /// Stored padding bits are out of range, on a P5 image, or not normalised.
    case invalidPadding(image: Int)
    /// The trailing bytes would be read back as the start of another image.
    case trailingBytesStartImage
    /// Bytes remain after the layout.
    case extraBytes(count: Int)
    /// The layout announces more than `limit` pixels in total.
    case tooLarge(pixels: Int, limit: Int)
    /// The layout describes more than `limit` images.
    case tooManyImages(limit: Int)
    /// A document was given a different number of images than its layout has.
    case imageCountMismatch(layout: Int, images: Int)
    /// Image `image` does not have the dimensions, maxval or kind recorded in the layout.
    case headerMismatch(image: Int)
}

extension NetpbmLayoutError: CustomStringConvertible {
    public var description: String {
        switch self {
        case .truncated: return "Netpbm layout is truncated"
        case let .unsupportedVersion(version): return "Netpbm layout version \(version) is not supported"
        case .invalidInteger: return "Netpbm layout has an invalid variable-length integer"
        case let .invalidValue(image, what): return "Netpbm layout, image \(image): invalid \(what)"
        case let .invalidHeader(image, error): return "Netpbm layout, image \(image): invalid stored header (\(error))"
        case let .invalidPadding(image): return "Netpbm layout, image \(image): invalid P4 row padding"
        case .trailingBytesStartImage: return "Netpbm layout: trailing bytes would start another image"
        case let .extraBytes(count): return "Netpbm layout: \(count) unexpected bytes after the end"
        case let .tooLarge(pixels, limit): return "Netpbm layout announces \(pixels) pixels, more than the limit of \(limit)"
        case let .tooManyImages(limit): return "Netpbm layout describes more than \(limit) images"
        case let .imageCountMismatch(layout, images): return "Netpbm layout has \(layout) images but \(images) were given"
        case let .headerMismatch(image): return "image \(image) does not match the header recorded in the Netpbm layout"
        }
    }
}
