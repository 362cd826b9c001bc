import Container
import EntropyCoder
import ModelFile
import VLAECoding

/// What the vlae codec reports about one compression: the coding model's −ELBO of the input
/// and the seeded initial bits the chains consumed (DESIGN.md: report net and total bits
/// separately). The float model's −ELBO is `vlae-train eval`'s: the compressor carries no
/// training engine.
public struct VLAEFigures: Sendable {
    /// The model that coded the input: its name, identity and tile side.
    public let model: String
    public let modelIdentity: ModelIdentity
    public let tileSide: Int
    /// The coding model's −ELBO, in bits, from the quantised tables used (with several
    /// particles, the mean of their −ELBOs).
    public let negELBOBits: Double
    /// Particles of importance-weighted bits-back coding (1: the coder follows the −ELBO).
    public let particles: Int
    /// The bound the coder follows, in bits: the −ELBO with one particle, else the N-sample
    /// importance-weighted bound from the same tables.
    public let boundBits: Double
    /// Seeded bits the chains popped before anything was on them: paid once per chain.
    public let initialBits: Int
    public let tiles: Int
    /// Bytes of the bits-back payload (the chains' messages), without the `.vz` header.
    public let payloadBytes: Int
    /// Time spent in the bits-back encoder alone.
    public let encodeSeconds: Double
}

/// The particles of importance-weighted coding (`BitsBackParameters.particles`) the vlae codec uses.
public enum ParticleChoice: Sendable, Equatable {
    /// Always this many (1: the −ELBO's coding).
    case exactly(Int)
    /// One and this many, keeping the smaller file (`--best`).
    case tried(Int)
}

extension Compressor {
    /// The images a source describes, for the vlae codec: Netpbm images (each with its maxval,
    /// up to 255), IDX arrays of rank 2 (one image) or 3 (images × rows × columns), or a PNG
    /// image. IDX and PNG images have maxval 1 when `biLevel`, else 255 (IDX) or 2^depth − 1
    /// (PNG); nil for other IDX arrays.
    static func vlaeSizes(_ source: InputSource, biLevel: Bool) -> [ImageSize]? {
        let idxMaxValue = biLevel ? 1 : 255
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
            return [ImageSize(width: shape.width, height: shape.height, maxValue: biLevel ? 1 : shape.maxValue)]
        case .archive:
            return nil
        }
    }

    /// The images of an input with their sizes, or nil if the vlae codec cannot code it (see
    /// `vlaeSizes`).
    static func vlaeImages(_ parsed: ParsedInput, biLevel: Bool) -> (images: [[UInt8]], sizes: [ImageSize])? {
        guard let sizes = vlaeSizes(parsed.source, biLevel: biLevel) else { return nil }
        var images: [[UInt8]] = [], offset = 0
        for s in sizes {
            images.append(Array(parsed.samples[offset..<(offset + s.width * s.height)]))
            offset += s.width * s.height
        }
        return (images, sizes)
    }

    /// The model that codes the images: the catalog's only candidate for their largest maxval,
    /// or of several the one whose coding model spends the fewest bits per pixel on a sample of
    /// the input's tiles (`sampledBitsPerPixel`), except that a faster shipped model codes in
    /// place of its `strongerModel` unless that one saves more than `fasterModelMargin` there.
    /// It must be able to code every image.
    static func vlaeModel(for images: [[UInt8]], sizes: [ImageSize], models: ModelCatalog) throws -> ModelFile {
        let maxValue = sizes.map(\.maxValue).max() ?? 1
        let candidates: [ModelFile]
        do {
            candidates = try models.candidates(forMaxValue: maxValue)
        } catch {
            throw CompressorError.modelUnavailable("\(error)")
        }
        guard var model = candidates.first else { throw CompressorError.modelUnavailable("no model codes images of maxval \(maxValue)") }
        if candidates.count > 1 {
            let costs = candidates.map { sampledBitsPerPixel(images, sizes: sizes, model: $0) }
            var best = costs.indices.min { costs[$0] < costs[$1] }!
            if case .shipped(let strong) = candidates[best].origin,
               let faster = candidates.indices.first(where: { candidates[$0].origin.shipped?.strongerModel == strong }),
               costs[faster] <= costs[best] * (1 + fasterModelMargin) {
                best = faster
            }
            model = candidates[best]
        }
        if let s = sizes.first(where: { !model.config.pixelModel.codes(maxValue: $0.maxValue) }) {
            throw CompressorError.modelDoesNotFit(model: model.name, reason: "it codes bi-level images only, and the input has an image of maxval \(s.maxValue)")
        }
        return model
    }

    /// Tiles measured when models compete for an input.
    static let sampleTiles = 8
    /// How much more a faster shipped model may spend on the sampled tiles than its stronger one
    /// and still code: the fast garment model spends about 1% more on garments for about twice
    /// the speed, and far more on images unlike garments, where the stronger model takes over.
    static let fasterModelMargin = 0.02

    /// The coding model's net cost, in bits per real pixel, estimated from up to `samples` of
    /// the input's tiles spread evenly over it: a measurement, not a guess from the size.
    static func sampledBitsPerPixel(_ images: [[UInt8]], sizes: [ImageSize], model: ModelFile, samples: Int = sampleTiles) -> Double {
        let fitting = zip(images, sizes).filter { model.config.pixelModel.codes(maxValue: $0.1.maxValue) }
        return VLAEBackend.of(model).coder.estimatedBitsPerPixel(images: fitting.map(\.0), sizes: fitting.map(\.1), samples: samples)
    }

    /// Files of at most this many tiles also try coarser latent buckets (`coarseBucketBits`).
    static let smallFileTiles = 4
    /// A chain's first tile pops its z from the seeded start, and a file of few tiles cannot get
    /// those bits back. Chains start with coarse buckets (`ChainStart`: 2 per latent, about D bits);
    /// a small file also tries K' buckets for every tile, its first included (the form of files
    /// before chain starts: 2^3 suits an 8-bit digit better than 2), and K' for the tiles after
    /// the chain start; the smallest payload wins. K' = 2^3 and 2^1: on single binarized
    /// test digits and the 4-tile golden file, trying 2^8, 2^6, 2^4 and 2^2 as well never gave a
    /// smaller file.
    static let coarseBucketBits = [3, 1]

    /// Codes images with `model`: with the default parameters (and `.exactly(n)` particles), for
    /// `.tried(n)` also with n particles, and for a small file also with coarser buckets,
    /// keeping the smallest payload (the earlier on ties).
    static func encodeVLAE(_ images: [[UInt8]], sizes: [ImageSize], model: ModelFile, particles: ParticleChoice = .exactly(1),
                           progress: TileProgress?) throws -> (payload: [UInt8], codec: Codec, parameters: CodecParameters, figures: VLAEFigures) {
        let backend = VLAEBackend.of(model)
        let clock = ContinuousClock(), start = clock.now
        var first = backend.coder.codec.parameters
        if case .exactly(let n) = particles { first.particles = n }
        var (payload, summary) = backend.coder(parameters: first).encode(images: images, sizes: sizes, progress: progress)
        var stored = first
        if case .tried(let n) = particles, n > 1 {
            var weighted = stored
            weighted.particles = n
            let tried = backend.coder(parameters: weighted).encode(images: images, sizes: sizes)
            if tried.payload.count < payload.count { (payload, summary, stored) = (tried.payload, tried.summary, weighted) }
        }
        if summary.tiles <= smallFileTiles {
            let starts = stored.chainStart == nil ? [nil] : [stored.chainStart, nil]
            for bits in coarseBucketBits {
                for start in starts {
                    var coarse = stored
                    coarse.bucketBits = bits
                    coarse.chainStart = start.map { var start = $0; start.bits = min(start.bits, bits); return start }
                    let tried = backend.coder(parameters: coarse).encode(images: images, sizes: sizes)
                    if tried.payload.count < payload.count { (payload, summary, stored) = (tried.payload, tried.summary, coarse) }
                }
            }
        }
        let elapsed = (clock.now - start).components
        let parameters = try ParsedInput.describing { try CodecParameters(version: stored.version, bytes: stored.bytes) }
        let figures = VLAEFigures(model: model.name, modelIdentity: model.identity, tileSide: model.config.tile,
                                  negELBOBits: summary.cost.negELBOBits, particles: stored.particles, boundBits: summary.cost.boundBits,
                                  initialBits: summary.initialBits, tiles: summary.tiles,
                                  payloadBytes: summary.payloadBytes,
                                  encodeSeconds: Double(elapsed.seconds) + Double(elapsed.attoseconds) * 1e-18)
        return (payload, .vlae(model: model.identity), parameters, figures)
    }

    /// Decodes a vlae payload to the sample stream of `sources` (one file's, or an archive group's
    /// files' one after another) with the model `codec` names, found in `models`, after checking
    /// parameters this build understands.
    static func decodeVLAE(_ payload: [UInt8], codec: Codec, parameters stored: CodecParameters, sources: [InputSource],
                           models: ModelCatalog, progress: TileProgress?) throws -> [UInt8] {
        guard case let .vlae(identity) = codec else { preconditionFailure("not a vlae payload") }
        let parameters: BitsBackParameters
        do {
            parameters = try BitsBackParameters(version: stored.version, bytes: stored.bytes)
        } catch {
            throw CompressorError.inconsistentFile("\(error)")
        }
        guard let model = models.model(identity: identity) else {
            throw CompressorError.modelNotFound(name: parameters.modelName, identity: identity)
        }
        let backend = VLAEBackend.of(model)
        var sizes: [ImageSize] = []
        for source in sources {
            guard let some = vlaeSizes(source, biLevel: model.config.pixelModel == .bernoulli) else {
                throw CompressorError.inconsistentFile("vlae file describes something other than images")
            }
            sizes += some
        }
        do {
            return try backend.coder(parameters: parameters).decode(payload, sizes: sizes, progress: progress).flatMap { $0 }
        } catch {
            throw CompressorError.corruptVLAEPayload("\(error)")
        }
    }
}
