import CZlib

/// Writes grayscale PNG files of bit depth 1, 2, 4 or 8: the compressor's output for PNG input,
/// and pictures in reports. One IHDR, one zlib-compressed IDAT with filter type 0 on every row,
/// no interlacing, and IEND (PNG spec §11). So a file read by `PNGReader` is written back with
/// the same size, bit depth and pixels, though usually not with the same bytes.
public enum PNGWriter {
    /// The PNG encoding of `image`; a 1-bit image's samples are inverted back to PNG's
    /// convention (gray 0 = black), see `PNGImage`.
    /// - Complexity: O(width × height).
    public static func bytes(for image: PNGImage) -> [UInt8] {
        let compressed = deflate(rows(of: image))
        var png = PNGReader.signature
        png += chunk("IHDR", bigEndian(UInt32(image.width)) + bigEndian(UInt32(image.height))
                     + [UInt8(image.bitDepth), 0, 0, 0, 0])  // grayscale, deflate, filter set 0, no interlace
        png += chunk("IDAT", compressed)
        png += chunk("IEND", [])
        return png
    }

    /// An 8-bit grayscale PNG (for pictures in reports).
    /// - Precondition: `pixels.count == width · height`, both positive.
    public static func grayscale(width: Int, height: Int, pixels: [UInt8]) -> [UInt8] {
        precondition(width > 0 && height > 0 && pixels.count == width * height)
        return bytes(for: PNGImage(validatedWidth: width, height: height, bitDepth: 8, samples: pixels))
    }

    /// The filtered image data before compression: per row, filter type 0 and the samples
    /// packed most significant bits first, the last byte's unused low bits zero.
    private static func rows(of image: PNGImage) -> [UInt8] {
        let width = image.width, depth = image.bitDepth
        // PNG's gray 0 is black; a 1-bit sample's 1 is black.
        let flip: UInt8 = depth == 1 ? 1 : 0
        var raw: [UInt8] = []
        raw.reserveCapacity(((width * depth + 7) / 8 + 1) * image.height)
        image.samples.withUnsafeBufferPointer { samples in
            for r in 0..<image.height {
                raw.append(0)
                let row = samples[(r * width)..<((r + 1) * width)]
                guard depth < 8 else {
                    raw += row
                    continue
                }
                var byte: UInt8 = 0, bits = 0
                for sample in row {
                    byte = byte << depth | (sample ^ flip)
                    bits += depth
                    if bits == 8 {
                        raw.append(byte)
                        byte = 0
                        bits = 0
                    }
                }
                if bits > 0 { raw.append(byte << (8 - bits)) }
            }
        }
        return raw
    }

    private static func deflate(_ raw: [UInt8]) -> [UInt8] {
        var compressedLength = compressBound(uLong(raw.count))
        var compressed = [UInt8](repeating: 0, count: Int(compressedLength))
        let status = compress2(&compressed, &compressedLength, raw, uLong(raw.count), Z_BEST_COMPRESSION)
        precondition(status == Z_OK, "zlib compress2 failed: \(status)")
        compressed.removeSubrange(Int(compressedLength)...)
        return compressed
    }

    private static func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
        let body = Array(type.utf8) + data
        let crc = body.withUnsafeBufferPointer { UInt32(crc32(0, $0.baseAddress, uInt($0.count))) }
        return bigEndian(UInt32(data.count)) + body + bigEndian(crc)
    }

    private static func bigEndian(_ v: UInt32) -> [UInt8] { (0..<4).map { UInt8(truncatingIfNeeded: v >> (24 - 8 * $0)) } }
}
