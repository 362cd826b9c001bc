import Foundation

/// Reads unsigned-byte IDX files (`00 00 08 0N`, rank N = 1…4), plain or gzip-compressed.
///
/// Format: two zero bytes, the type code 0x08, the rank N, then N big-endian UInt32
/// dimensions, then the product of the dimensions in bytes, row-major, and nothing after.
/// Refused: other type codes (0x09 signed byte, 0x0B short, 0x0C int, 0x0D float,
/// 0x0E double), rank 0 or above 4, zero dimensions (empty arrays, which a `.vz` file cannot
/// describe either), and trailing bytes. Gzip input is recognised by its magic `1f 8b` and inflated in a
/// streaming way: the element count from the IDX header is checked against `maxElements`
/// before the data buffer is allocated.
public enum IDXReader {
    /// Parses an IDX file held in memory.
    ///
    /// - Throws: `IDXError`; never traps.
    /// - Complexity: O(bytes.count + elements).
    public static func read(_ bytes: [UInt8], maxElements: Int = ImageIOLimits.defaultMaxPixels) throws -> IDXArray {
        if isGzip(bytes) { return try readGzip(bytes, maxElements: maxElements) }
        let header = try parseHeader(bytes, maxElements: maxElements)
        let available = bytes.count - header.size
        guard available >= header.elements else { throw IDXError.truncatedBody(expected: header.elements, available: available) }
        guard available == header.elements else { throw IDXError.trailingBytes(count: available - header.elements) }
        return IDXArray(validatedDimensions: header.dimensions, values: Array(bytes[header.size...]))
    }

    /// Reads an `.idx` or `.idx.gz` file from disk.
    ///
    /// - Throws: Foundation's error when the file cannot be read; `IDXError` for its content.
    public static func read(contentsOfFile path: String, maxElements: Int = ImageIOLimits.defaultMaxPixels) throws -> IDXArray {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        return try read([UInt8](data), maxElements: maxElements)
    }

    /// Whether `bytes` start with the gzip magic number `1f 8b`.
    public static func isGzip(_ bytes: [UInt8]) -> Bool {
        bytes.count >= 2 && bytes[0] == 0x1F && bytes[1] == 0x8B
    }

    /// The validated header: dimensions, element count and header size in bytes.
    struct Header {
        var dimensions: [Int]
        var elements: Int
        var size: Int
    }

    /// Validates the magic and dimensions at the start of `bytes` (which may hold only a prefix).
    ///
    /// - Throws: `.truncatedHeader` if `bytes` end before the header does.
    static func parseHeader(_ bytes: [UInt8], maxElements: Int) throws -> Header {
        guard bytes.count >= 2 else { throw IDXError.truncatedHeader }
        guard bytes[0] == 0 && bytes[1] == 0 else { throw IDXError.badMagic }
        guard bytes.count >= 4 else { throw IDXError.truncatedHeader }
        guard bytes[2] == 0x08 else { throw IDXError.unsupportedType(bytes[2]) }
        let rank = Int(bytes[3])
        guard (1...IDXArray.maxRank).contains(rank) else { throw IDXError.unsupportedRank(rank) }
        let size = 4 + 4 * rank
        guard bytes.count >= size else { throw IDXError.truncatedHeader }
        let dimensions = (0..<rank).map { axis in
            bytes[4 + 4 * axis..<8 + 4 * axis].reduce(0) { $0 << 8 | Int($1) }
        }
        let elements = try IDXArray.elementCount(dimensions)
        guard elements <= maxElements else { throw IDXError.tooLarge(elements: elements, limit: maxElements) }
        return Header(dimensions: dimensions, elements: elements, size: size)
    }

    /// Inflates the header first, then exactly the announced data, then checks that the
    /// stream ends there.
    private static func readGzip(_ bytes: [UInt8], maxElements: Int) throws -> IDXArray {
        let inflater = try GzipInflater(bytes)
        var prefix = try inflate(4, from: inflater)
        guard prefix.count >= 2 else { throw IDXError.truncatedHeader }
        guard prefix[0] == 0 && prefix[1] == 0 else { throw IDXError.badMagic }
        if prefix.count == 4 && (1...IDXArray.maxRank).contains(Int(prefix[3])) {
            prefix += try inflate(4 * Int(prefix[3]), from: inflater)
        }
        let header = try parseHeader(prefix, maxElements: maxElements)
        let values = try inflate(header.elements, from: inflater)
        guard values.count == header.elements else {
            throw IDXError.truncatedBody(expected: header.elements, available: values.count)
        }
        let extra = try inflate(65_536, from: inflater).count
        guard extra == 0 else { throw IDXError.trailingBytes(count: extra) }
        return IDXArray(validatedDimensions: header.dimensions, values: values)
    }

    /// Inflates up to `count` bytes; fewer only when the gzip stream ends.
    ///
    /// The buffer is reserved, not zero-filled: its pages are committed only as zlib writes them,
    /// so a few bytes of gzip that announce 2^28 elements cost memory for what the stream really
    /// inflates to, not for what its header claims.
    /// - Precondition: `count` has been checked against the element limit (or is small).
    private static func inflate(_ count: Int, from inflater: GzipInflater) throws -> [UInt8] {
        try [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            initialized = try inflater.read(into: buffer)
        }
    }
}
