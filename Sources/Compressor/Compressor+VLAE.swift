import Container
import Foundation
import VLAE
import VLAECoding

/// What the vlae codec reports about one compression: the coding model's and the float model's
/// −ELBO of the input, and the seeded initial bits the chains consumed (DESIGN.md: report net
/// and total bits separately).
public struct VLAEFigures: Sendable {
    /// The coding model's −ELBO, in bits: the ideal net cost from the quantised tables used.
    public let negELBOBits: Double
    /// The float model's −ELBO on the same tiles (one posterior sample), in bits; nil unless asked.
    public let floatNegELBOBits: Double?
    /// Seeded bits the chains popped before anything was on them: paid once per chain.
    public let initialBits: Int
    public let tiles: Int
    /// Bytes of the bits-back payload (the chains' messages), without the `.vz` header.
    public let payloadBytes: Int
    /// Time spent in the bits-back encoder alone.
    public let encodeSeconds: Double
}

extension Compressor {
    /// The image sizes a source describes when the vlae codec can code it: Netpbm images with
    /// maxval 1, or IDX arrays of rank 2 (one image) or 3 (images × rows × columns); else nil.
    static func biLevelSizes(_ source: InputSource) -> [ImageSize]? {
        switch source {
        case let .netpbm(list):
            return list.allSatisfy({ $0.maxval == 1 }) ? list.map { ImageSize(width: $0.width, height: $0.height) } : nil
        case let .idx(shape) where shape.dims.count == 2:
            return [ImageSize(width: shape.dims[1], height: shape.dims[0])]
        case let .idx(shape) where shape.dims.count == 3:
            return Array(repeating: ImageSize(width: shape.dims[2], height: shape.dims[1]), count: shape.dims[0])
        case .idx:
            return nil
        }
    }

    /// The images of a bi-level input with their sizes, or nil if the vlae codec cannot code it
    /// (see `biLevelSizes`; the values must also all be 0 or 1).
    static func biLevelImages(_ parsed: ParsedInput) -> (images: [[UInt8]], sizes: [ImageSize])? {
        guard let sizes = biLevelSizes(parsed.source), parsed.samples.allSatisfy({ $0 <= 1 }) else { return nil }
        var images: [[UInt8]] = [], offset = 0
        for s in sizes {
            images.append(Array(parsed.samples[offset..<(offset + s.width * s.height)]))
            offset += s.width * s.height
        }
        return (images, sizes)
    }

    /// Codes a bi-level input with the shipped model; `measureFloat` also evaluates the float model.
    static func encodeVLAE(_ images: [[UInt8]], sizes: [ImageSize], measureFloat: Bool) throws -> (payload: [UInt8], codec: Codec, parameters: CodecParameters, figures: VLAEFigures) {
        let backend = try VLAEBackend.shipped.get()
        let clock = ContinuousClock(), start = clock.now
        let (payload, summary) = backend.coder.encode(images: images, sizes: sizes)
        let elapsed = (clock.now - start).components
        var floatBits: Double? = nil
        if measureFloat {
            let tiles = zip(images, sizes).flatMap { Tile.tiles(of: $0, width: $1.width, height: $1.height) }
            let set = BinaryImageSet(pixels: tiles.flatMap(\.pixels))
            floatBits = backend.model.evaluate(set, samples: 1, seed: 1).negELBONats * Double(set.count) / M_LN2
        }
        let parameters = try CodecParameters(version: BitsBackParameters.version, bytes: backend.coder.codec.parameters.bytes)
        let figures = VLAEFigures(negELBOBits: summary.cost.netBits, floatNegELBOBits: floatBits,
                                  initialBits: summary.initialBits, tiles: summary.tiles, payloadBytes: summary.payloadBytes,
                                  encodeSeconds: Double(elapsed.seconds) + Double(elapsed.attoseconds) * 1e-18)
        return (payload, .vlae(model: backend.identity), parameters, figures)
    }

    /// Decodes a vlae payload to the sample stream, after checking that the file was made with
    /// the shipped model and with parameters this build understands.
    static func decodeVLAE(_ payload: [UInt8], header: VZHeader) throws -> [UInt8] {
        let backend = try VLAEBackend.shipped.get()
        do {
            try header.verifyModel(backend.identity)
        } catch let error as ContainerError {
            throw CompressorError.corruptContainer(error)
        }
        guard header.codecParameters.version == BitsBackParameters.version else {
            throw CompressorError.inconsistentFile("vlae codec parameters version \(header.codecParameters.version), this build reads \(BitsBackParameters.version)")
        }
        let parameters: BitsBackParameters
        do {
            parameters = try BitsBackParameters(bytes: header.codecParameters.bytes)
        } catch {
            throw CompressorError.inconsistentFile("\(error)")
        }
        guard let sizes = biLevelSizes(header.source) else {
            throw CompressorError.inconsistentFile("vlae file describes something other than bi-level images")
        }
        do {
            return try backend.coder(parameters: parameters).decode(payload, sizes: sizes).flatMap { $0 }
        } catch let error as VLAECodingError {
            throw CompressorError.corruptVLAEPayload(error.description)
        }
    }
}
