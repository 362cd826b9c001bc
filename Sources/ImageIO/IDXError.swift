/// Everything that can be wrong with an IDX file (plain or gzip-compressed).
public enum IDXError: Error, Equatable, Sendable {
    /// The input ends inside the magic number or the dimensions.
    case truncatedHeader
    /// The first two bytes are not zero.
    case badMagic
    /// The type code is not 0x08 (unsigned byte); 0x09, 0x0B–0x0E are valid IDX but unsupported.
    case unsupportedType(UInt8)
    /// The rank is 0 or above `IDXArray.maxRank`.
    case unsupportedRank(Int)
    /// Dimension `axis` (0 = outermost) is zero: an empty array, refused like a Netpbm image of width 0.
    case zeroDimension(axis: Int)
    /// The product of the dimensions does not fit in a 64-bit integer.
    case dimensionsOverflow
    /// The file announces more than `limit` elements (checked before allocation).
    case tooLarge(elements: Int, limit: Int)
    /// The data is shorter than the dimensions announce.
    case truncatedBody(expected: Int, available: Int)
    /// Bytes follow the announced data.
    case trailingBytes(count: Int)
    /// An array was built from a value array whose length is not the product of its dimensions.
    case valueCountMismatch(expected: Int, actual: Int)
    /// The gzip stream is invalid (zlib's message, when it gives one).
    case corruptGzip(String)
    /// The gzip stream ends before its end marker and checksum.
    case truncatedGzip
}

extension IDXError: CustomStringConvertible {
    public var description: String {
        switch self {
        case .truncatedHeader: return "IDX header is truncated"
        case .badMagic: return "bad IDX magic number: the first two bytes must be zero"
        case let .unsupportedType(code): return "IDX element type 0x\(String(code, radix: 16)) is not supported (only 0x08, unsigned byte)"
        case let .unsupportedRank(rank): return "IDX rank \(rank) is not supported (1…\(IDXArray.maxRank))"
        case let .zeroDimension(axis): return "IDX dimension \(axis) is zero"
        case .dimensionsOverflow: return "IDX dimensions overflow: their product is too large"
        case let .tooLarge(elements, limit): return "IDX file announces \(elements) elements, more than the limit of \(limit)"
        case let .truncatedBody(expected, available): return "IDX data is truncated: \(available) of \(expected) bytes"
        case let .trailingBytes(count): return "IDX file has \(count) unexpected bytes after its data"
        case let .valueCountMismatch(expected, actual): return "IDX array has \(actual) values, dimensions need \(expected)"
        case let .corruptGzip(message): return "corrupt gzip stream: \(message)"
        case .truncatedGzip: return "gzip stream is truncated"
        }
    }
}
