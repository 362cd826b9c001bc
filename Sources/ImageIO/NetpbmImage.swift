/// One decoded Netpbm image: its header fields and its samples in row-major order.
///
/// Pixel convention: samples are kept exactly as the file states them.
/// - PBM (P1/P4): `1` = black (a set bit / the digit `1`), `0` = white — the Netpbm
///   convention. Binarized MNIST uses 1 for ink, so its images map to PBM with black ink
///   on white without any inversion.
/// - PGM (P2/P5): `0` = black, `maxval` = white.
///
/// Invariants: `pixels.count == width × height` and every sample is `≤ maxval`
/// (so bitmap samples are 0 or 1).
public struct NetpbmImage: Equatable, Sendable {
    /// Variant, dimensions and maxval.
    public let header: NetpbmHeader
    /// Samples, row-major, `width × height` of them.
    public let pixels: [UInt8]

    /// Creates an image after checking the invariants.
    ///
    /// - Throws: `NetpbmError.pixelCountMismatch` or `.pixelAboveMaxval` (image 0).
    /// - Complexity: O(width × height).
    public init(header: NetpbmHeader, pixels: [UInt8]) throws {
        guard pixels.count == header.pixelCount else {
            throw NetpbmError.pixelCountMismatch(expected: header.pixelCount, actual: pixels.count)
        }
        if let index = NetpbmImage.firstSampleAbove(header.maxval, in: pixels) {
            throw NetpbmError.pixelAboveMaxval(image: 0, index: index, value: Int(pixels[index]), maxval: header.maxval)
        }
        self.header = header
        self.pixels = pixels
    }

    /// Creates an image from fields; see `NetpbmHeader.init(variant:width:height:maxval:)`.
    public init(variant: NetpbmVariant, width: Int, height: Int, maxval: Int, pixels: [UInt8]) throws {
        try self.init(header: NetpbmHeader(variant: variant, width: width, height: height, maxval: maxval), pixels: pixels)
    }

    /// Trusted initializer for readers that have already validated `pixels`.
    init(validated header: NetpbmHeader, pixels: [UInt8]) {
        self.header = header
        self.pixels = pixels
    }

    public var variant: NetpbmVariant { header.variant }
    public var width: Int { header.width }
    public var height: Int { header.height }
    public var maxval: Int { header.maxval }

    /// Index of the first sample above `maxval`, or nil.
    /// - Complexity: O(count); a no-op for maxval 255.
    static func firstSampleAbove(_ maxval: Int, in pixels: [UInt8]) -> Int? {
        guard maxval < 255 else { return nil }
        let limit = UInt8(maxval)
        return pixels.withUnsafeBufferPointer { samples in
            for index in 0..<samples.count where samples[index] > limit {
                return index
            }
            return nil
        }
    }
}
