/// Parses Netpbm files (P1, P2, P4, P5; maxval 1…255; one or more images per file).
///
/// Parsing is strict and never traps: every problem throws a `NetpbmError`. Sizes announced
/// by a header are checked against `maxPixels` and against the bytes actually present before
/// any pixel storage is allocated.
///
/// Several images may follow each other, as Netpbm allows; whitespace between them is
/// tolerated (libnetpbm skips it too). After an image, if the next non-whitespace bytes are
/// `P1`…`P7`, another image must follow and is parsed strictly; otherwise everything after
/// the raster is kept as trailing bytes in the layout, so that P4/P5 files are rebuilt
/// byte-identical by `NetpbmWriter`.
public enum NetpbmReader {
    /// Reads every image of a Netpbm file.
    ///
    /// - Parameters:
    ///   - bytes: the whole file.
    ///   - maxPixels: limit on the total number of pixels in the file.
    ///   - maxImages: limit on the number of images in the file.
    /// - Returns: the images (each in its source variant) and the layout that rebuilds the file.
    /// - Throws: `NetpbmError`.
    /// - Complexity: O(bytes.count + total pixels).
    public static func read(_ bytes: [UInt8], maxPixels: Int = ImageIOLimits.defaultMaxPixels,
                            maxImages: Int = ImageIOLimits.maxImagesPerFile) throws -> NetpbmDocument {
        try bytes.withUnsafeBufferPointer { buffer in
            var scanner = NetpbmScanner(buffer)
            var images: [NetpbmImage] = []
            var layouts: [NetpbmLayout.ImageLayout] = []
            var totalPixels = 0
            while true {
                let index = images.count
                guard index < maxImages else { throw NetpbmError.tooManyImages(limit: maxImages) }
                let headerStart = scanner.position
                let header = try scanner.parseHeader(image: index, allowLeadingWhitespace: index > 0)
                // Both terms are ≤ 2^62, so the sum cannot overflow.
                totalPixels += header.pixelCount
                guard totalPixels <= maxPixels else { throw NetpbmError.tooLarge(pixels: totalPixels, limit: maxPixels) }
                let headerBytes = Array(buffer[headerStart..<scanner.position])
                let raster = try decodeRaster(header, from: &scanner, image: index)
                images.append(NetpbmImage(validated: header, pixels: raster.pixels))
                layouts.append(NetpbmLayout.ImageLayout(
                    header: header.binaryHeader,
                    // nil (canonical) when the text is exactly the canonical one, so a canonical
                    // file's layout is the same whichever way it was made.
                    headerBytes: header.variant.isPlain || headerBytes == header.canonicalBytes ? nil : headerBytes,
                    rowPadding: raster.rowPadding))
                var lookahead = scanner
                lookahead.skipWhitespace()
                if !lookahead.isAtMagic { break }
            }
            let trailing = Array(buffer[scanner.position...])
            return NetpbmDocument(validatedImages: images, layout: NetpbmLayout(images: layouts, trailingBytes: trailing))
        }
    }
}
