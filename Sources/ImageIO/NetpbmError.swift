/// A header field or raster element of a Netpbm file, named in errors.
public enum NetpbmField: String, Sendable {
    case magic, width, height, maxval
    /// The single whitespace character (or comment) that separates a binary header from its raster.
    case rasterDelimiter = "raster delimiter"
    /// A sample of a plain (P1/P2) raster.
    case pixel
}

/// Everything that can be wrong with a Netpbm file. Images are numbered from 0 in file order.
public enum NetpbmError: Error, Equatable, Sendable {
    /// The input has no bytes at all.
    case emptyInput
    /// The bytes at `offset` are not `P` followed by a Netpbm digit.
    case badMagic(offset: Int)
    /// A real Netpbm format this module does not handle: P3/P6 (colour) or P7 (PAM).
    case unsupportedVariant(image: Int, magic: String)
    /// The input ends before `field` of the header.
    case truncatedHeader(image: Int, field: NetpbmField)
    /// `field` is not a decimal number, or is not separated from its neighbours by whitespace or a comment.
    case malformedField(image: Int, field: NetpbmField)
    /// `field` has a value above `ImageIOLimits.maxHeaderNumber` (or a sample above 2^31 − 1).
    case numberOverflow(image: Int, field: NetpbmField)
    /// Width or height is zero or negative.
    case nonPositiveDimension(image: Int, field: NetpbmField, value: Int)
    /// maxval is zero, negative or above 65535 (or not 1 for a bitmap).
    case invalidMaxval(image: Int, value: Int)
    /// maxval is a valid 16-bit value (256…65535), which this module does not support.
    case unsupportedMaxval(image: Int, value: Int)
    /// The sample at row-major `index` exceeds the image's maxval.
    case pixelAboveMaxval(image: Int, index: Int, value: Int, maxval: Int)
    /// The sample at row-major `index` of a plain raster is not a valid number (P2) or digit 0/1 (P1).
    case malformedPixel(image: Int, index: Int)
    /// The raster has fewer bytes (binary) or samples (plain) than the header announces.
    case truncatedBody(image: Int)
    /// The file announces more than `limit` pixels in total (checked before allocation).
    case tooLarge(pixels: Int, limit: Int)
    /// The file holds more than `limit` images (`ImageIOLimits.maxImagesPerFile`).
    case tooManyImages(limit: Int)
    /// An image was built from a pixel array whose length is not `width × height`.
    case pixelCountMismatch(expected: Int, actual: Int)
}

extension NetpbmError: CustomStringConvertible {
    public var description: String {
        switch self {
        case .emptyInput:
            return "empty input: not a Netpbm file"
        case let .badMagic(offset):
            return "bad magic number at byte \(offset): expected P1, P2, P4 or P5"
        case let .unsupportedVariant(image, magic):
            return "image \(image): Netpbm format \(magic) is not supported (only P1, P2, P4, P5)"
        case let .truncatedHeader(image, field):
            return "image \(image): header ends before the \(field.rawValue)"
        case let .malformedField(image, field):
            return "image \(image): malformed \(field.rawValue) in header"
        case let .numberOverflow(image, field):
            return "image \(image): \(field.rawValue) number is too large"
        case let .nonPositiveDimension(image, field, value):
            return "image \(image): \(field.rawValue) must be positive, got \(value)"
        case let .invalidMaxval(image, value):
            return "image \(image): invalid maxval \(value)"
        case let .unsupportedMaxval(image, value):
            return "image \(image): maxval \(value) means 16-bit samples, which are unsupported (maxval must be 1…255)"
        case let .pixelAboveMaxval(image, index, value, maxval):
            return "image \(image): pixel \(index) has value \(value) above maxval \(maxval)"
        case let .malformedPixel(image, index):
            return "image \(image): pixel \(index) is not a valid sample"
        case let .truncatedBody(image):
            return "image \(image): raster is truncated"
        case let .tooLarge(pixels, limit):
            return "file announces \(pixels) pixels, more than the limit of \(limit)"
        case let .tooManyImages(limit):
            return "file holds more than \(limit) images"
        case let .pixelCountMismatch(expected, actual):
            return "pixel array has \(actual) values, expected width × height = \(expected)"
        }
    }
}
