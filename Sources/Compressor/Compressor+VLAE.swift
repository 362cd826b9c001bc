import Container
import Foundation
import VLAE
import VLAECoding

/// What the vlae codec reports about one compression: the coding model's and the float model's
/// −ELBO of the input, and the seeded initial bits the chains consumed (DESIGN.md: report net
/// and total bits separately).
public struct VLAEFigures: Sendable {
    /// The shipped model that coded the input (its file name without extension).
    public let model: String
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
    /// The images a source describes, for the vlae codec: Netpbm images (each with its maxval,
    /// up to 255),
    /// or IDX arrays of rank 2 (one image) or 3 (images × rows × columns), whose maxval is 1 for
    /// the bi-level model and 255 for the grayscale one; nil for other IDX arrays.
    static func vlaeSizes(_ source: InputSource, model: ShippedModel) -> [ImageSize]? {
        let idxMaxValue = model == .binarizedMNIST ? 1 : 255
        switch source {
        case let .netpbm(list) where list.allSatisfy({ $0.maxval <= 255 }):
            return list.map { ImageSize(width: $0.width, height: $0.height, maxValue: $0.maxval) }
        case .netpbm:
            return nil
        case let .idx(shape) where shape.dims.count == 2:
            return [ImageSize(width: shape.dims[1], height: shape.dims[0], maxValue: idxMaxValue)]
        case let .idx(shape) where shape.dims.count == 3:
            return Array(repeating: ImageSize(width: shape.dims[2], height: shape.dims[1], maxValue: idxMaxValue), count: shape.dims[0])
        case .idx:
            return nil
        case let .png(shape):
            // One image; as for IDX, the bi-level model codes it over 0 … 1.
            return [ImageSize(width: shape.width, height: shape.height, maxValue: model == .binarizedMNIST ? 1 : shape.maxValue)]
        }
    }

    /// The shipped model for a parsed input: the bi-level one when every sample is 0 or 1 and
    /// every Netpbm image has maxval 1, else the grayscale one.
    static func vlaeModel(for parsed: ParsedInput) -> ShippedModel {
        if case let .netpbm(list) = parsed.source { return list.allSatisfy { $0.maxval == 1 } ? .binarizedMNIST : .fashionMNIST }
        return parsed.samples.allSatisfy { $0 <= 1 } ? .binarizedMNIST : .fashionMNIST
    }

    /// The images of an input with their sizes and the model to code them, or nil if the vlae
    /// codec cannot code it (see `vlaeSizes`).
    static func vlaeImages(_ parsed: ParsedInput) -> (images: [[UInt8]], sizes: [ImageSize], model: ShippedModel)? {
        let model = vlaeModel(for: parsed)
        guard let sizes = vlaeSizes(parsed.source, model: model) else { return nil }
        var images: [[UInt8]] = [], offset = 0
        for s in sizes {
            images.append(Array(parsed.samples[offset..<(offset + s.width * s.height)]))
            offset += s.width * s.height
        }
        return (images, sizes, model)
    }

    /// Codes images with a shipped model; `measureFloat` also evaluates the float model.
    static func encodeVLAE(_ images: [[UInt8]], sizes: [ImageSize], model which: ShippedModel, measureFloat: Bool)
        throws -> (payload: [UInt8], codec: Codec, parameters: CodecParameters, figures: VLAEFigures) {
        let backend = try VLAEBackend.shipped(which).get()
        let clock = ContinuousClock(), start = clock.now
        let (payload, summary) = backend.coder.encode(images: images, sizes: sizes)
        let elapsed = (clock.now - start).components
        var floatBits: Double? = nil
        if measureFloat {
            // The float model evaluates sets of one maxval: one set per maxval.
            var tilesByMaxValue: [Int: [UInt8]] = [:]
            for (image, size) in zip(images, sizes) {
                tilesByMaxValue[size.maxValue, default: []] += Tile.tiles(of: image, width: size.width, height: size.height).flatMap(\.pixels)
            }
            floatBits = tilesByMaxValue.keys.sorted().reduce(0.0) { sum, maxValue in
                let set = ImageSet(pixels: tilesByMaxValue[maxValue]!, maxValue: maxValue)
                return sum + backend.model.evaluate(set, samples: 1, seed: 1).negELBONats * Double(set.count) / M_LN2
            }
        }
        let parameters = try CodecParameters(version: BitsBackParameters.version, bytes: backend.coder.codec.parameters.bytes)
        let figures = VLAEFigures(model: which.rawValue, negELBOBits: summary.cost.netBits, floatNegELBOBits: floatBits,
                                  initialBits: summary.initialBits, tiles: summary.tiles, payloadBytes: summary.payloadBytes,
                                  encodeSeconds: Double(elapsed.seconds) + Double(elapsed.attoseconds) * 1e-18)
        return (payload, .vlae(model: backend.identity), parameters, figures)
    }

    /// Decodes a vlae payload to the sample stream, after checking that the file was made with
    /// a shipped model and with parameters this build understands.
    static func decodeVLAE(_ payload: [UInt8], header: VZHeader) throws -> [UInt8] {
        guard case let .vlae(fileModel) = header.codec else { preconditionFailure("not a vlae file") }
        guard let which = ShippedModel.allCases.first(where: { VLAEBackend.identity($0) == fileModel }) else {
            // Name the model this build would use for such a source beside the file's.
            var expected = ShippedModel.binarizedMNIST
            if case let .netpbm(list) = header.source, !list.allSatisfy({ $0.maxval == 1 }) { expected = .fashionMNIST }
            throw CompressorError.corruptContainer(.modelMismatch(file: fileModel, loaded: try VLAEBackend.shipped(expected).get().identity))
        }
        let backend = try VLAEBackend.shipped(which).get()
        guard header.codecParameters.version == BitsBackParameters.version else {
            throw CompressorError.inconsistentFile("vlae codec parameters version \(header.codecParameters.version), this build reads \(BitsBackParameters.version)")
        }
        let parameters: BitsBackParameters
        do {
            parameters = try BitsBackParameters(bytes: header.codecParameters.bytes)
        } catch {
            throw CompressorError.inconsistentFile("\(error)")
        }
        guard let sizes = vlaeSizes(header.source, model: which) else {
            throw CompressorError.inconsistentFile("vlae file describes something other than images")
        }
        do {
            return try backend.coder(parameters: parameters).decode(payload, sizes: sizes).flatMap { $0 }
        } catch let error as VLAECodingError {
            throw CompressorError.corruptVLAEPayload(error.description)
        }
    }
}
