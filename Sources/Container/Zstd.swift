import CZstd

/// A small wrapper over libzstd for the `zstd` codec and for baselines: one-shot compression
/// of a byte array into a single frame, and strict decompression of such a frame.
///
/// Frames carry their content size and a content checksum (XXH64), so a corrupted frame is
/// refused rather than decoded into wrong bytes. Output is deterministic for a given input,
/// level and libzstd version (single-threaded, no dictionary).
public enum Zstd {
    /// The levels `compress` accepts: libzstd's `ZSTD_minCLevel()...ZSTD_maxCLevel()`. Level 0
    /// means libzstd's default (3); negative levels are the fast modes; levels 20...22 are the
    /// "ultra" levels, 22 the strongest (and slowest, with the largest window).
    public static var levels: ClosedRange<Int> { Int(ZSTD_minCLevel())...Int(ZSTD_maxCLevel()) }

    /// The strongest level, 22 ("ultra").
    public static var strongestLevel: Int { Int(ZSTD_maxCLevel()) }

    /// Largest content `decompress` will produce: the largest sample stream of a `.vz` file.
    public static let maxContentSize = VZFormat.maxSampleStreamLength

    /// One zstd frame holding `bytes`, with content size and checksum in the frame.
    /// `longDistance` adds libzstd's long-distance matcher with a 128 MiB window (`zstd --long`),
    /// which finds the far repeats that the ultra levels' window finds, at little cost.
    /// - Throws: `ZstdError.levelOutOfRange`, or `.compressionFailed` with libzstd's message.
    /// - Complexity: O(n); time and memory grow steeply with the level.
    public static func compress(_ bytes: [UInt8], level: Int, longDistance: Bool = false) throws -> [UInt8] {
        guard levels.contains(level) else { throw ZstdError.levelOutOfRange(level, levels) }
        guard let context = ZSTD_createCCtx() else { throw ZstdError.compressionFailed("out of memory") }
        defer { ZSTD_freeCCtx(context) }
        try check(ZSTD_CCtx_setParameter(context, ZSTD_c_compressionLevel, Int32(level)), ZstdError.compressionFailed)
        try check(ZSTD_CCtx_setParameter(context, ZSTD_c_checksumFlag, 1), ZstdError.compressionFailed)
        try check(ZSTD_CCtx_setParameter(context, ZSTD_c_contentSizeFlag, 1), ZstdError.compressionFailed)
        if longDistance {
            try check(ZSTD_CCtx_setParameter(context, ZSTD_c_enableLongDistanceMatching, 1), ZstdError.compressionFailed)
            try check(ZSTD_CCtx_setParameter(context, ZSTD_c_windowLog, 27), ZstdError.compressionFailed)
        }
        var output = [UInt8](repeating: 0, count: ZSTD_compressBound(bytes.count))
        let written = try output.withUnsafeMutableBytes { destination in
            try bytes.withUnsafeBytes { source in
                try check(ZSTD_compress2(context, destination.baseAddress, destination.count,
                                         source.baseAddress, source.count), ZstdError.compressionFailed)
            }
        }
        output.removeSubrange(written...)
        return output
    }

    /// The content of `frame`, which must be exactly one zstd frame declaring a content size of
    /// `expectedSize` bytes.
    /// - Throws: `ZstdError.sizeOverLimit` when `expectedSize > maxContentSize` (checked before
    ///   anything is allocated), `.notAFrame` (skippable frames included),
    ///   `.unknownContentSize`, `.contentSizeMismatch`, `.trailingBytes`, or
    ///   `.decompressionFailed` for a corrupted frame.
    /// - Complexity: O(expectedSize + frame.count).
    public static func decompress(_ frame: [UInt8], expectedSize: Int) throws -> [UInt8] {
        guard expectedSize >= 0, expectedSize <= maxContentSize else {
            throw ZstdError.sizeOverLimit(expectedSize, limit: maxContentSize)
        }
        // A skippable frame would otherwise pass as an empty one.
        guard frame.starts(with: frameMagic) else { throw ZstdError.notAFrame }
        try frame.withUnsafeBytes { source in
            let declared = ZSTD_getFrameContentSize(source.baseAddress, source.count)
            switch declared {
            case contentSizeError: throw ZstdError.notAFrame
            case contentSizeUnknown: throw ZstdError.unknownContentSize
            case UInt64(expectedSize): break
            default: throw ZstdError.contentSizeMismatch(declared: declared, expected: expectedSize)
            }
            let frameSize = try check(ZSTD_findFrameCompressedSize(source.baseAddress, source.count),
                                      ZstdError.decompressionFailed)
            guard frameSize == source.count else { throw ZstdError.trailingBytes(source.count - frameSize) }
        }
        guard let context = ZSTD_createDCtx() else { throw ZstdError.decompressionFailed("out of memory") }
        defer { ZSTD_freeDCtx(context) }
        // One spare byte so that an empty result still has a buffer to point at.
        var output = [UInt8](repeating: 0, count: expectedSize + 1)
        let written = try output.withUnsafeMutableBytes { destination in
            try frame.withUnsafeBytes { source in
                try check(ZSTD_decompressDCtx(context, destination.baseAddress, expectedSize,
                                              source.baseAddress, source.count), ZstdError.decompressionFailed)
            }
        }
        guard written == expectedSize else {
            throw ZstdError.contentSizeMismatch(declared: UInt64(written), expected: expectedSize)
        }
        output.removeLast()
        return output
    }

    /// `ZSTD_MAGICNUMBER` (0xFD2FB528) as it appears in a file.
    private static let frameMagic: [UInt8] = [0x28, 0xB5, 0x2F, 0xFD]

    /// `ZSTD_CONTENTSIZE_ERROR` and `ZSTD_CONTENTSIZE_UNKNOWN`, which Swift does not import.
    private static let contentSizeError = UInt64.max - 1
    private static let contentSizeUnknown = UInt64.max

    /// Returns `code` unless libzstd says it is an error, which is thrown via `makeError`.
    @discardableResult
    private static func check(_ code: Int, _ makeError: (String) -> ZstdError) throws -> Int {
        if ZSTD_isError(code) != 0 {
            throw makeError(String(cString: ZSTD_getErrorName(code)))
        }
        return code
    }
}
