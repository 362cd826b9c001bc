/// Writes Netpbm files.
///
/// Two entry points: `bytes(for:)` rebuilds a document exactly as its layout describes
/// (byte-identical to the file a P4/P5 document was read from; plain images come out as
/// canonical P4/P5), and `canonicalBytes(for:plain:)` writes one image in a canonical form of
/// any of the four variants.
public enum NetpbmWriter {
    /// Rebuilds the file described by a document: for each image its layout header bytes and
    /// its binary raster (with the recorded P4 padding bits), then the trailing bytes.
    ///
    /// - Complexity: O(output size).
    public static func bytes(for document: NetpbmDocument) -> [UInt8] {
        var output: [UInt8] = []
        let rasterBytes = document.layout.images.reduce(0) { $0 + $1.header.binaryRasterByteCount }
        output.reserveCapacity(rasterBytes + document.layout.trailingBytes.count + 32 * document.images.count)
        for (image, layout) in zip(document.images, document.layout.images) {
            output += layout.writtenHeaderBytes
            if layout.header.variant == .p4 {
                appendBitmapRaster(image.pixels, header: layout.header, rowPadding: layout.rowPadding, to: &output)
            } else {
                output += image.pixels
            }
        }
        output += document.layout.trailingBytes
        return output
    }

    /// Writes one image canonically, in the binary variant of its kind (P4 or P5) or, with
    /// `plain`, in the plain one (P1 or P2).
    ///
    /// Plain rasters put each image row on its own lines, at most 70 characters per line,
    /// as Netpbm recommends: P1 digits without separators, P2 samples separated by spaces.
    /// - Complexity: O(pixels).
    public static func canonicalBytes(for image: NetpbmImage, plain: Bool = false) -> [UInt8] {
        let variant = plain ? image.variant.plain : image.variant.binary
        let header = NetpbmHeader(validated: variant, width: image.width, height: image.height, maxval: image.maxval)
        var output = header.canonicalBytes
        switch variant {
        case .p1: appendPlainRaster(image, separator: nil, to: &output)
        case .p2: appendPlainRaster(image, separator: UInt8(ascii: " "), to: &output)
        case .p4: appendBitmapRaster(image.pixels, header: header, rowPadding: [], to: &output)
        case .p5: output += image.pixels
        }
        return output
    }

    /// Packs 0/1 samples into P4 rows, most significant bit first, then ORs in the padding bits.
    ///
    /// - Precondition: `pixels.count == header.pixelCount`, samples are 0 or 1, and
    ///   `rowPadding` is empty or has `header.height` values (layout invariant).
    static func appendBitmapRaster(_ pixels: [UInt8], header: NetpbmHeader, rowPadding: [UInt8], to output: inout [UInt8]) {
        let width = header.width, height = header.height, rowBytes = header.p4RowBytes
        precondition(pixels.count == width * height && (rowPadding.isEmpty || rowPadding.count == height))
        let start = output.count
        output += repeatElement(0, count: rowBytes * height)
        output.withUnsafeMutableBufferPointer { whole in
            let raster = UnsafeMutableBufferPointer(rebasing: whole[start..<start + rowBytes * height])
            pixels.withUnsafeBufferPointer { samples in
                for row in 0..<height {
                    let rowStart = row * rowBytes, inStart = row * width
                    for x in 0..<width {
                        raster[rowStart + x >> 3] |= (samples[inStart + x] & 1) << (7 - UInt8(x & 7))
                    }
                }
            }
            for row in 0..<rowPadding.count {
                raster[row * rowBytes + rowBytes - 1] |= rowPadding[row]
            }
        }
    }

    /// Decimal text of every sample value.
    private static let decimal: [[UInt8]] = (0...255).map { Array(String($0).utf8) }

    /// Appends a plain raster, one image row per line group, lines of at most 70 characters.
    private static func appendPlainRaster(_ image: NetpbmImage, separator: UInt8?, to output: inout [UInt8]) {
        let lineLimit = 70
        for row in 0..<image.height {
            var lineLength = 0
            for x in 0..<image.width {
                let text = decimal[Int(image.pixels[row * image.width + x])]
                let needsSeparator = lineLength > 0 && separator != nil
                if lineLength + (needsSeparator ? 1 : 0) + text.count > lineLimit {
                    output.append(UInt8(ascii: "\n"))
                    lineLength = 0
                } else if needsSeparator, let separator {
                    output.append(separator)
                    lineLength += 1
                }
                output += text
                lineLength += text.count
            }
            output.append(UInt8(ascii: "\n"))
        }
    }
}
