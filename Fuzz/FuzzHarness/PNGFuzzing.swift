import ImageIO

/// PNG reader (input: a control byte, see `ResealedPNGInput`, then the file). Its typed throws
/// allow only `PNGError`s, so what is checked is that it never traps and, when it accepts the
/// bytes: the image keeps `PNGImage`'s invariants within the pixel limit, and writing it with
/// `PNGWriter` and reading that back gives the same size, bit depth and samples.
///
/// Bound: the reader runs with a limit of `maxPixels` instead of 2^28. A few kilobytes of zlib
/// can inflate to hundreds of megabytes of samples, which would cost the fuzzer seconds per
/// input; the limit check runs the same with a smaller limit.
enum PNGFuzzing {
    static let maxPixels = 1 << 20

    static func run(_ input: [UInt8]) throws(FuzzViolation) {
        let bytes = ResealedPNGInput(input).file
        guard let image = try? PNGReader.read(bytes, maxPixels: maxPixels) else { return }
        try require(image.width * image.height <= maxPixels, "\(image.width) × \(image.height) pixels accepted over the limit")
        let checked = try mustParse("an accepted image breaks PNGImage's invariants") {
            try PNGImage(width: image.width, height: image.height, bitDepth: image.bitDepth, samples: image.samples)
        }
        try require(checked == image, "the checked image differs")
        let reread = try mustParse("the written file does not parse") {
            try PNGReader.read(PNGWriter.bytes(for: image), maxPixels: maxPixels)
        }
        try require(reread == image, "writing and rereading changes the image")
    }
}
