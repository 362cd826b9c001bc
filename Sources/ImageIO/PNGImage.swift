/// One grayscale PNG image as the compressor keeps it: size, bit depth and samples.
///
/// Sample convention: one byte per pixel, row-major, each in 0 … `maxValue` = 2^bitDepth − 1.
/// - Bit depth 1 is bi-level and follows PBM: `1` = black (ink), `0` = white. PNG stores the
///   opposite (gray 0 is black), so readers map a 1-bit PNG's value v to 1 − v and writers map
///   it back.
/// - Bit depths 2, 4 and 8 keep PNG's own values: `0` = black, `maxValue` = white (as PGM).
///
/// Invariants (checked by the initializer): bit depth 1, 2, 4 or 8; width and height in
/// 1 … 2^31 − 1; `samples.count == width × height`; every sample ≤ `maxValue`.
public struct PNGImage: Equatable, Sendable {
    /// The bit depths of the grayscale PNGs this module reads and writes; 16 is refused.
    public static let bitDepths = [1, 2, 4, 8]

    /// Largest width or height PNG allows: 2^31 − 1.
    public static let maxDimension = Int(Int32.max)

    public let width: Int
    public let height: Int
    public let bitDepth: Int
    /// Row-major, `width × height` of them, in the convention above.
    public let samples: [UInt8]

    /// Creates an image after checking the invariants.
    ///
    /// - Throws: `PNGError.unsupportedBitDepth`, `.badDimensions`, `.sampleCountMismatch` or
    ///   `.sampleAboveMaxValue`.
    /// - Complexity: O(width × height).
    public init(width: Int, height: Int, bitDepth: Int, samples: [UInt8]) throws(PNGError) {
        guard PNGImage.bitDepths.contains(bitDepth) else { throw .unsupportedBitDepth(bitDepth) }
        let range = 1...PNGImage.maxDimension
        guard range.contains(width), range.contains(height) else { throw .badDimensions(width: width, height: height) }
        guard samples.count == width * height else {
            throw .sampleCountMismatch(expected: width * height, actual: samples.count)
        }
        let maxValue = (1 << bitDepth) - 1
        if maxValue < 255, let index = samples.firstIndex(where: { Int($0) > maxValue }) {
            throw .sampleAboveMaxValue(index: index, value: Int(samples[index]), maxValue: maxValue)
        }
        self.init(validatedWidth: width, height: height, bitDepth: bitDepth, samples: samples)
    }

    /// Trusted initializer for the reader, whose decoder guarantees the invariants.
    init(validatedWidth width: Int, height: Int, bitDepth: Int, samples: [UInt8]) {
        self.width = width
        self.height = height
        self.bitDepth = bitDepth
        self.samples = samples
    }

    /// The largest sample: 2^bitDepth − 1 (1 for a bi-level image).
    public var maxValue: Int { (1 << bitDepth) - 1 }
}
