/// What can go wrong in `Zstd.compress` and `Zstd.decompress`.
public enum ZstdError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A compression level outside `Zstd.levels`.
    case levelOutOfRange(Int, ClosedRange<Int>)
    /// libzstd refused to compress (its message).
    case compressionFailed(String)
    /// The bytes do not start with a zstd frame header.
    case notAFrame
    /// The frame does not declare its content size.
    case unknownContentSize
    /// The frame declares (or holds) `declared` bytes, the caller expects `expected`.
    case contentSizeMismatch(declared: UInt64, expected: Int)
    /// The expected size exceeds `Zstd.maxContentSize`.
    case sizeOverLimit(Int, limit: Int)
    /// Bytes follow the frame.
    case trailingBytes(Int)
    /// libzstd refused to decompress, e.g. a corrupted block or checksum (its message).
    case decompressionFailed(String)

    public var description: String {
        switch self {
        case let .levelOutOfRange(level, levels):
            return "zstd level \(level) is outside \(levels.lowerBound)...\(levels.upperBound)"
        case let .compressionFailed(message):
            return "zstd compression failed: \(message)"
        case .notAFrame:
            return "not a zstd frame"
        case .unknownContentSize:
            return "zstd frame does not declare its content size"
        case let .contentSizeMismatch(declared, expected):
            return "zstd frame holds \(declared) bytes, \(expected) expected"
        case let .sizeOverLimit(size, limit):
            return "zstd content of \(size) bytes exceeds the limit of \(limit)"
        case let .trailingBytes(count):
            return "\(count) bytes follow the zstd frame"
        case let .decompressionFailed(message):
            return "zstd decompression failed: \(message)"
        }
    }
}
