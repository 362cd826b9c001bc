import DeterministicMath
import ImageIO

/// A Netpbm file built by `NetpbmFileGenerator` and what a reader must find in it.
struct GeneratedNetpbmFile {
    var bytes: [UInt8] = []
    var images: [NetpbmImage] = []
    var trailing: [UInt8] = []

    var hasPlainImage: Bool { images.contains { $0.variant.isPlain } }
}

/// Writes Netpbm files with random but valid formatting — comments and whitespace in every
/// place the format allows, random P4 padding bits, several images, trailing bytes —
/// independently of `NetpbmWriter`, so the reader and writer are checked against it.
struct NetpbmFileGenerator {
    var rng: SplitMix64

    init(seed: UInt64) { rng = SplitMix64(seed: seed) }

    mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &rng) }
    mutating func pick<T>(_ choices: [T]) -> T { choices[int(0...choices.count - 1)] }

    /// A comment: `#`, text (with a non-ASCII byte sometimes), and a CR or LF.
    mutating func comment() -> [UInt8] {
        var text = Array("# note \(int(0...999))".utf8)
        if int(0...3) == 0 { text += [0xC3, 0xA9] }
        return text + [pick([0x0A, 0x0D])]
    }

    /// A non-empty run of whitespace and comments.
    mutating func separator() -> [UInt8] {
        var bytes: [UInt8] = []
        for _ in 0..<int(1...3) {
            bytes += int(0...3) == 0 ? comment() : [pick([0x20, 0x09, 0x0A, 0x0D])]
        }
        return bytes
    }

    /// The single whitespace byte or comment that ends a binary header.
    mutating func rasterDelimiter() -> [UInt8] {
        int(0...4) == 0 ? comment() : [pick([0x20, 0x09, 0x0A, 0x0D])]
    }

    /// A decimal number, sometimes with leading zeros.
    mutating func number(_ value: Int) -> [UInt8] {
        (int(0...5) == 0 ? Array("00".utf8) : []) + Array(String(value).utf8)
    }

    /// A file of 1…4 images of the given variants, with whitespace between images and random trailing bytes.
    mutating func file(variants: [NetpbmVariant]) -> GeneratedNetpbmFile {
        var file = GeneratedNetpbmFile()
        for index in 0..<int(1...4) {
            let variant = pick(variants)
            if index > 0 {
                // After a plain raster a separator is required before the next magic.
                let previousPlain = file.images[index - 1].variant.isPlain
                file.bytes += previousPlain ? pick([[0x0A], [0x20, 0x0A, 0x09]]) : pick([[], [0x0A], [0x20, 0x0A, 0x09]])
            }
            let (bytes, image) = self.image(variant)
            file.bytes += bytes
            file.images.append(image)
        }
        let lastPlain = file.images[file.images.count - 1].variant.isPlain
        let trailing: [[UInt8]] = lastPlain
            ? [[], [0x0A], Array("\n# end\n".utf8), Array(" junk".utf8)]
            : [[], [0x0A], [0x0A, 0x00, 0xFF], Array("P".utf8), Array("P8 not an image".utf8), Array("\r\nx".utf8)]
        file.trailing = pick(trailing)
        file.bytes += file.trailing
        return file
    }

    /// One image: random size (odd widths included), maxval 1, 7 or 255, random samples.
    mutating func image(_ variant: NetpbmVariant) -> (bytes: [UInt8], image: NetpbmImage) {
        let width = int(1...19), height = int(1...6)
        let maxval = variant.isBitmap ? 1 : pick([1, 7, 255])
        let pixels = (0..<width * height).map { _ in UInt8(int(0...maxval)) }
        var bytes = Array(variant.description.utf8)
        bytes += separator() + number(width) + separator() + number(height)
        if !variant.isBitmap { bytes += separator() + number(maxval) }
        switch variant {
        case .p1:
            for (index, pixel) in pixels.enumerated() {
                // The first sample needs a separator after the height; later ones may touch.
                if index == 0 || int(0...1) == 0 { bytes += separator() }
                bytes.append(0x30 + pixel)
            }
        case .p2:
            for pixel in pixels { bytes += separator() + number(Int(pixel)) }
        case .p4:
            bytes += rasterDelimiter() + packBitmap(pixels, width: width, height: height)
        case .p5:
            bytes += rasterDelimiter() + pixels
        }
        let image = try! NetpbmImage(variant: variant, width: width, height: height, maxval: maxval, pixels: pixels)
        return (bytes, image)
    }

    /// P4 rows, MSB first, with random bits in the padding of about half the rows.
    mutating func packBitmap(_ pixels: [UInt8], width: Int, height: Int) -> [UInt8] {
        let rowBytes = (width + 7) / 8, paddingBits = rowBytes * 8 - width
        var raster = [UInt8](repeating: 0, count: rowBytes * height)
        for row in 0..<height {
            for x in 0..<width where pixels[row * width + x] == 1 {
                raster[row * rowBytes + x / 8] |= 0x80 >> UInt8(x % 8)
            }
            if paddingBits > 0 && int(0...1) == 0 {
                raster[row * rowBytes + rowBytes - 1] |= UInt8(int(0...(1 << paddingBits) - 1))
            }
        }
        return raster
    }
}
