import Container
import ContextCoding

/// The context codec (FORMAT.md, "The context codec"): no model file, images only.
extension Compressor {
    /// The images of `sources` (one file's, or an archive group's files'), as the context codec
    /// sees them, and whether it codes them as bi-level (every sample 0 or 1); nil when a source
    /// is not images of maxval at most 255 (see `vlaeSizes`) or an image is wider than
    /// `ContextCodec.maxWidth`.
    static func contextImages(_ sources: [InputSource], samples: [UInt8]) -> (images: [ContextCodec.Image], biLevel: Bool)? {
        let biLevel = samples.allSatisfy { $0 <= 1 }
        guard let images = contextImages(sources, biLevel: biLevel) else { return nil }
        return (images, biLevel)
    }

    private static func contextImages(_ sources: [InputSource], biLevel: Bool) -> [ContextCodec.Image]? {
        var images: [ContextCodec.Image] = []
        for source in sources {
            guard let sizes = vlaeSizes(source, biLevel: biLevel), sizes.allSatisfy({ $0.width <= ContextCodec.maxWidth }) else { return nil }
            images += sizes.map { ContextCodec.Image(width: $0.width, height: $0.height, maxValue: $0.maxValue) }
        }
        return images
    }

    /// Version 1 of the codec's parameters: one byte, bit 0 set when the images are coded as bi-level.
    static let contextParametersVersion: UInt8 = 1

    /// The context payload of `samples` and its parameters.
    static func encodeContext(_ samples: [UInt8], images: [ContextCodec.Image], biLevel: Bool) throws
        -> (payload: [UInt8], parameters: CodecParameters) {
        let parameters = try ParsedInput.describing { try CodecParameters(version: contextParametersVersion, bytes: [biLevel ? 1 : 0]) }
        return (ContextCodec.encode(samples, images: images, biLevel: biLevel), parameters)
    }

    /// Decodes a context payload to the sample stream of `sources`, after checking its parameters.
    static func decodeContext(_ payload: [UInt8], parameters: CodecParameters, sources: [InputSource]) throws -> [UInt8] {
        guard parameters.version == contextParametersVersion, parameters.bytes.count == 1, parameters.bytes[0] <= 1 else {
            throw CompressorError.inconsistentFile("context codec parameters of version \(parameters.version) and \(parameters.bytes.count) bytes"
                                                   + (parameters.bytes.count == 1 ? " (value \(parameters.bytes[0]))" : "") + " are not version 1's one flag byte")
        }
        let biLevel = parameters.bytes[0] == 1
        guard let images = contextImages(sources, biLevel: biLevel) else {
            throw CompressorError.inconsistentFile("context-codec file describes something other than images of maxval at most 255 and width at most \(ContextCodec.maxWidth)")
        }
        do {
            return try ContextCodec.decode(payload, images: images, biLevel: biLevel)
        } catch {
            throw CompressorError.corruptContextPayload(error)
        }
    }
}
