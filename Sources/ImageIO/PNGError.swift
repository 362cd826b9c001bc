/// Everything that can be wrong with a PNG file, or with an image given to build one.
public enum PNGError: Error, Equatable, Sendable {
    /// The first 8 bytes are not PNG's signature (e.g. a newline-translated file).
    case badSignature
    /// The file ends before its IEND chunk.
    case truncated
    /// libpng refused the file (a bad CRC, zlib stream, filter, IHDR field or chunk order);
    /// `reason` is its message.
    case corrupt(reason: String)
    /// Colour type 2 (RGB), 3 (palette), 4 (grayscale with alpha) or 6 (RGB with alpha): only
    /// 0, grayscale, is supported.
    case unsupportedColourType(UInt8)
    /// A bit depth other than 1, 2, 4 or 8 (a valid grayscale PNG can only add 16).
    case unsupportedBitDepth(Int)
    /// A tRNS chunk: one gray level is transparent, which samples alone cannot keep.
    case transparency
    /// The header announces more than `limit` pixels (checked before allocation).
    case tooLarge(width: Int, height: Int, limit: Int)
    /// A width or height outside 1 … 2^31 − 1, PNG's range.
    case badDimensions(width: Int, height: Int)
    /// An image was built from a sample array whose length is not `width × height`.
    case sampleCountMismatch(expected: Int, actual: Int)
    /// The sample at row-major `index` is above `maxValue`, the largest of the bit depth.
    case sampleAboveMaxValue(index: Int, value: Int, maxValue: Int)
}

extension PNGError: CustomStringConvertible {
    public var description: String {
        switch self {
        case .badSignature:
            return "bad PNG signature (was the file changed by a text-mode transfer?)"
        case .truncated:
            return "PNG is truncated: it ends before its IEND chunk"
        case let .corrupt(reason):
            return "corrupt PNG: \(reason)"
        case let .unsupportedColourType(type):
            return "PNG is \(PNGError.colourTypeName(type)) (colour type \(type)); only grayscale PNGs are supported"
        case .unsupportedBitDepth(16):
            return "PNG has 16-bit samples; only grayscale PNGs of 1, 2, 4 or 8 bits are supported"
        case let .unsupportedBitDepth(depth):
            return "PNG bit depth \(depth) is not supported (1, 2, 4 or 8)"
        case .transparency:
            return "PNG has transparency (a tRNS chunk); only grayscale PNGs without transparency are supported"
        case let .tooLarge(width, height, limit):
            return "PNG announces \(width) × \(height) pixels, more than the limit of \(limit)"
        case let .badDimensions(width, height):
            return "PNG dimensions \(width) × \(height) are outside 1 … 2^31 − 1"
        case let .sampleCountMismatch(expected, actual):
            return "PNG sample array has \(actual) values, width × height = \(expected)"
        case let .sampleAboveMaxValue(index, value, maxValue):
            return "PNG sample \(index) has value \(value) above \(maxValue), the largest of its bit depth"
        }
    }

    /// What a non-grayscale colour type holds, in words.
    private static func colourTypeName(_ type: UInt8) -> String {
        switch type {
        case 2: return "colour"
        case 3: return "colour with a palette"
        case 4: return "grayscale with alpha"
        case 6: return "colour with alpha"
        default: return "of an unknown colour type"
        }
    }
}
