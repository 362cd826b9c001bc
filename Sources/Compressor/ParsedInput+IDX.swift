import Container
import ImageIO

extension ParsedInput {
    /// An IDX array: its dimensions, no layout (the IDX header follows from them), its values.
    /// A `.idx.gz` input is stored the same way and so restores as the uncompressed `.idx`.
    static func parseIDX(_ bytes: [UInt8]) throws -> ParsedInput {
        let array: IDXArray
        do {
            array = try IDXReader.read(bytes, maxElements: VZFormat.maxPixelsPerFile)
        } catch let error as IDXError {
            throw CompressorError.invalidIDX(error)
        }
        let shape = try describing { try IDXShape(dims: array.dimensions) }
        let images = array.dimensions.count >= 3 ? array.dimensions[0] : 1
        return ParsedInput(kind: .idx, source: .idx(shape), layout: [], samples: array.values, images: images)
    }

    static func rebuildIDX(_ shape: IDXShape, layout: [UInt8], samples: [UInt8]) throws -> [UInt8] {
        guard layout.isEmpty else { throw CompressorError.inconsistentFile("an IDX file has no layout, found \(layout.count) bytes") }
        do {
            return IDXWriter.bytes(for: try IDXArray(dimensions: shape.dims, values: samples))
        } catch let error as IDXError {
            throw CompressorError.inconsistentFile("IDX samples do not fit the dimensions: \(error)")
        }
    }
}
