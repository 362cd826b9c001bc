import Container
import ImageIO

extension ParsedInput {
    /// A Netpbm document: one image-list entry per image (in its source variant), the
    /// serialized `NetpbmLayout`, and the pixels of all images one after the other.
    static func parseNetpbm(_ bytes: [UInt8]) throws -> ParsedInput {
        let document: NetpbmDocument
        do {
            document = try NetpbmReader.read(bytes, maxPixels: VZFormat.maxPixelsPerFile)
        } catch let error as NetpbmError {
            throw CompressorError.invalidNetpbm(error)
        }
        let list = try describing {
            try ImageList(document.images.map { image in
                try ImageShape(variant: image.variant, maxval: image.maxval,
                               width: image.width, height: image.height)
            })
        }
        var samples: [UInt8] = []
        samples.reserveCapacity(list.sampleStreamLength)
        for image in document.images { samples += image.pixels }
        return ParsedInput(kind: .netpbm, source: .netpbm(list), layout: document.layout.serialized(),
                           samples: samples, images: document.images.count)
    }

    /// Checks the layout against the image list, cuts the samples into images and writes the file.
    static func rebuildNetpbm(_ list: ImageList, layout bytes: [UInt8], samples: [UInt8]) throws -> [UInt8] {
        let layout: NetpbmLayout
        do {
            // The header's own counts bound what the layout may expand to.
            layout = try NetpbmLayout(serialized: bytes, maxPixels: list.totalPixels,
                                      maxImages: min(list.count, ImageIOLimits.maxImagesPerFile))
        } catch let NetpbmLayoutError.tooLarge(pixels, _) {
            throw CompressorError.inconsistentFile("layout announces \(pixels) pixels, the image list \(list.totalPixels)")
        } catch NetpbmLayoutError.tooManyImages {
            throw CompressorError.inconsistentFile("layout describes more images than the image list's \(list.count)")
        } catch let error as NetpbmLayoutError {
            throw CompressorError.corruptLayout(error)
        }
        guard layout.images.count == list.count else {
            throw CompressorError.inconsistentFile("layout has \(layout.images.count) images, the image list \(list.count)")
        }
        var images: [NetpbmImage] = []
        images.reserveCapacity(list.count)
        var offset = 0
        for (index, (shape, entry)) in zip(list, layout.images).enumerated() {
            guard shape.maxval <= 255 else {
                throw CompressorError.inconsistentFile("image \(index) has 16-bit samples (maxval \(shape.maxval)), which this build cannot write")
            }
            let header = entry.header
            guard header.variant == shape.variant.binary, header.width == shape.width,
                  header.height == shape.height, header.maxval == shape.maxval else {
                throw CompressorError.inconsistentFile("image \(index): layout header does not match the image list")
            }
            let end = offset + shape.pixelCount
            guard end <= samples.count else { throw CompressorError.inconsistentFile("sample stream too short") }
            do {
                images.append(try NetpbmImage(header: header, pixels: Array(samples[offset..<end])))
            } catch let error as NetpbmError {
                throw CompressorError.inconsistentFile("image \(index): \(error)")
            }
            offset = end
        }
        guard offset == samples.count else { throw CompressorError.inconsistentFile("sample stream too long") }
        do {
            return NetpbmWriter.bytes(for: try NetpbmDocument(images: images, layout: layout))
        } catch let error as NetpbmLayoutError {
            throw CompressorError.corruptLayout(error)
        }
    }
}
