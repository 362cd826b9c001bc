import Container
import ImageIO

extension ParsedInput {
    /// A grayscale PNG: its size and bit depth, no layout (the PNG's bytes are not kept), and its
    /// samples in ImageIO's convention (a 1-bit image's 1 is black, see `PNGImage`).
    static func parsePNG(_ bytes: [UInt8]) throws -> ParsedInput {
        let image: PNGImage
        do {
            image = try PNGReader.read(bytes, maxPixels: VZFormat.maxPixelsPerFile)
        } catch {
            throw CompressorError.invalidPNG(error)
        }
        let shape = try describing { try PNGShape(width: image.width, height: image.height, bitDepth: image.bitDepth) }
        return ParsedInput(kind: .png, source: .png(shape), layout: [], samples: image.samples, images: 1)
    }

    /// Writes a new PNG of the header's size and bit depth with the samples as its pixels.
    static func rebuildPNG(_ shape: PNGShape, layout: [UInt8], samples: [UInt8]) throws -> [UInt8] {
        guard layout.isEmpty else { throw CompressorError.inconsistentFile("a PNG file has no layout, found \(layout.count) bytes") }
        do {
            return PNGWriter.bytes(for: try PNGImage(width: shape.width, height: shape.height, bitDepth: shape.bitDepth, samples: samples))
        } catch {
            throw CompressorError.inconsistentFile("PNG samples do not fit the header: \(error)")
        }
    }
}
