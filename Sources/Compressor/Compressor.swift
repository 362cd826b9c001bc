import Container
import ContextCoding
import ImageIO
import ModelFile
import VLAECoding

/// Compresses Netpbm, IDX and grayscale PNG files to `.vz` files (FORMAT.md) and back.
///
/// Compression parses the input (kind detected from its content), stores the image
/// description and ImageIO's layout in the header, and the sample stream in the payload with
/// the chosen codec. Decompression checks the container, decodes the payload, verifies the
/// length and CRC-32 of the decoded samples, and rebuilds the file: byte-identical for
/// P4/P5 and IDX, the binary variant for P1/P2, the uncompressed IDX for `.idx.gz`, a new PNG
/// with the same pixels and bit depth for PNG.
/// Both directions are deterministic: the same input gives the same bytes.
public enum Compressor {
    /// zstd level used by the `zstd` codec: 22, libzstd's strongest ("ultra") level.
    public static let zstdLevel = 22

    /// Compresses one input file.
    ///
    /// - Parameters:
    ///   - codec: the codec to use; nil picks the smallest file among vlae, context, zstd and
    ///     stored, so the result is never larger than stored plus the header (on a large input
    ///     without `measure`, vlae and zstd −22 are left out where their estimates are far above
    ///     the best other file: `estimateFirstTiles`, `zstdEstimateFrom`).
    ///   - models: where the vlae model comes from: the catalog's given model, else the shipped
    ///     model for bi-level or grayscale images.
    ///   - measure: also compute the figures a report sets beside the result (zstd's size for
    ///     the same input), at the cost of the extra work.
    ///   - particles: the particles of importance-weighted bits-back coding the vlae codec uses.
    ///   - progress: told of every tile the vlae codec codes.
    /// - Throws: the input's problems, `.notImages` for `vlae` or `context` on an input that is
    ///   not images of maxval at most 255, `.modelDoesNotFit` when the given model cannot code the input.
    public static func compress(_ input: [UInt8], codec: CompressionCodec? = nil, models: ModelCatalog = .shippedOnly,
                                measure: Bool = false, particles: ParticleChoice = .exactly(1), progress: TileProgress? = nil) throws(CompressorError) -> CompressionResult {
        try typed { try compressFile(input, codec: codec, models: models, measure: measure, particles: particles, progress: progress) }
    }

    /// Particles of `--best`. With the fast digit model (2 December) the 10,000 binarized test
    /// digits make 145,400, 145,264 and 145,168 bytes with 8, 16 and 32 particles and decode at 957,
    /// 605 and 317 digits/s on two cores; Fashion-MNIST with 16 at 148 images/s. Past 16 a doubling
    /// gains under 0.1% for half the speed (README, "Importance-weighted coding").
    public static let bestParticles = 16

    /// Restores the original file from a `.vz` file; a vlae file's model is looked up in `models`.
    ///
    /// - Throws: `.corruptContainer` (including a pixel checksum mismatch), `.corruptPayload`,
    ///   `.corruptVLAEPayload`, `.corruptLayout`, `.inconsistentFile`, or `.modelNotFound`.
    /// - Complexity: O(file size + sample stream).
    public static func decompress(_ bytes: [UInt8], models: ModelCatalog = .shippedOnly,
                                  progress: TileProgress? = nil) throws(CompressorError) -> CompressionResult {
        try typed { try decompressFile(bytes, models: models, progress: progress) }
    }

    /// Runs `body`, whose errors are all `CompressorError`s by construction (the library maps
    /// every lower-level error where it meets it), and states that in the type.
    static func typed<T>(_ body: () throws -> T) throws(CompressorError) -> T {
        do {
            return try body()
        } catch let error as CompressorError {
            throw error
        } catch {
            throw .internalError("unexpected \(type(of: error)): \(error)")
        }
    }

    private static func compressFile(_ input: [UInt8], codec: CompressionCodec?, models: ModelCatalog, measure: Bool,
                                     particles: ParticleChoice, progress: TileProgress?) throws -> CompressionResult {
        let parsed = try ParsedInput.parse(input)
        // The model is chosen by the images' maxvals; IDX and PNG images are then bi-level exactly when
        // the model is, which is what a decoder knowing only the model assumes.
        var vlaeInput: (images: [[UInt8]], sizes: [ImageSize], model: ModelFile)? = nil
        if let guess = vlaeImages(parsed, biLevel: parsed.samples.allSatisfy { $0 <= 1 }), codec == nil || codec == .vlae {
            let model = try vlaeModel(for: guess.images, sizes: guess.sizes, models: models)
            if let input = vlaeImages(parsed, biLevel: model.config.pixelModel == .bernoulli) {
                vlaeInput = (input.images, input.sizes, model)
            }
        }
        let contextInput = contextImages([parsed.source], samples: parsed.samples)
        var tried: [CompressionCodec]
        if let codec {
            if (codec == .vlae && vlaeInput == nil) || (codec == .context && contextInput == nil) { throw CompressorError.notImages }
            tried = [codec]
            if measure && codec != .zstd { tried.append(.zstd) }
        } else {
            tried = (vlaeInput == nil ? [] : [.vlae]) + (contextInput == nil ? [] : [.context]) + [.zstd, .stored]
        }
        var best: (codec: CompressionCodec, bytes: [UInt8])? = nil
        var candidates: [(codec: CompressionCodec, bytes: Int)] = []
        var figures: VLAEFigures? = nil
        // Auto on a large input: the fast codecs first, and the vlae codec only if a sample of
        // tiles says it can beat the best of them.
        var madeFiles: [CompressionCodec: [UInt8]] = [:], skipped: VLAESkip? = nil
        // Auto on a large stream without a report: zstd's size estimated first, and zstd −22 run
        // only if that estimate could beat the best of the others (below).
        let zstdEstimate = codec == nil && !measure && parsed.samples.count > zstdEstimateFrom ? try estimatedZstdPayloadBytes(parsed) : nil
        if codec == nil, let vlaeInput, vlaeInput.sizes.reduce(0, { $0 + $1.tiles(side: vlaeInput.model.config.tile) }) > estimateFirstTiles {
            if zstdEstimate == nil { madeFiles[.zstd] = try plainFile(parsed, codec: .zstd) }
            if let contextInput { madeFiles[.context] = try contextFile(parsed, contextInput) }
            let fallback = (madeFiles.values.map(\.count) + [zstdEstimate].compactMap { $0 }).min()!
            let estimate = estimatedPayloadBytes(vlaeInput.images, sizes: vlaeInput.sizes, model: vlaeInput.model)
            if Double(estimate) > skipMargin * Double(fallback) {
                skipped = VLAESkip(model: vlaeInput.model.name, estimatedPayloadBytes: estimate, sampledTiles: skipSampleTiles)
                tried.removeAll { $0 == .vlae }
            }
        }
        for candidate in tried {
            if candidate == .zstd, let zstdEstimate, let best, Double(zstdEstimate) * zstdEstimateMargin > Double(best.bytes.count) {
                continue
            }
            let bytes: [UInt8]
            if let made = madeFiles[candidate] {
                bytes = made
            } else if candidate == .context, let contextInput {
                bytes = try contextFile(parsed, contextInput)
            } else if candidate == .vlae, let vlaeInput {
                let coded = try encodeVLAE(vlaeInput.images, sizes: vlaeInput.sizes, model: vlaeInput.model, particles: particles,
                                           progress: progress)
                figures = coded.figures
                bytes = try container(parsed, codec: coded.codec, parameters: coded.parameters, payload: coded.payload)
            } else {
                bytes = try plainFile(parsed, codec: candidate)
            }
            candidates.append((candidate, bytes.count))
            // A forced codec wins; otherwise the smallest, the earlier on ties.
            if best == nil || (codec == nil && bytes.count < best!.bytes.count) { best = (candidate, bytes) }
        }
        var result = CompressionResult(output: best!.bytes, kind: parsed.kind, pixels: parsed.source.totalPixels,
                                       images: parsed.images, codec: best!.codec, compressedSize: best!.bytes.count)
        result.candidates = candidates
        result.vlae = figures
        result.vlaeSkipped = skipped
        return result
    }

    /// Sample streams longer than this (in bytes; an archive's group likewise), compressed with
    /// `auto` and no report, have
    /// zstd's size estimated before zstd −22 runs on them: −22 codes about 2 MB a second here, and
    /// on the inputs the other codecs are for it rarely comes near them (the 10,000 binarized
    /// test digits: 4.6 s for twice the context codec's size).
    static let zstdEstimateFrom = 1 << 20
    /// zstd −22 still runs when `zstdEstimateMargin` times its estimate is below the best other
    /// file: the estimate came within 4% of −22's size on the streams of `ZstdEstimateTests`
    /// (bi-level and 8-bit digits, far repeats), so the margin leaves room for data it misjudges.
    static let zstdEstimateMargin = 0.75
    /// The prefix on which zstd −22 is run for the estimate's ratio.
    static let zstdSampleBytes = 1 << 18

    /// zstd −22's payload for `parsed` (its stored form), estimated by `estimatedZstdPayloadBytes(stream:)`.
    static func estimatedZstdPayloadBytes(_ parsed: ParsedInput) throws -> Int {
        let header: VZHeader = try ParsedInput.describing { try makeHeader(parsed, codec: .zstd, parameters: .none) }
        return try estimatedZstdPayloadBytes(stream: header.storedForm(of: parsed.samples))
    }

    /// zstd −22's size for `stream`, estimated at a few percent of its cost: a level-1 pass with
    /// long-distance matching over the whole stream (finding the far repeats that −22's window
    /// finds), scaled by how much smaller −22 makes the first `zstdSampleBytes` than that pass.
    static func estimatedZstdPayloadBytes(stream stored: [UInt8]) throws -> Int {
        let prefix = Array(stored.prefix(zstdSampleBytes))
        do {
            let fast = try Zstd.compress(stored, level: 1, longDistance: true).count
            let ratio = Double(try Zstd.compress(prefix, level: zstdLevel).count) / Double(try Zstd.compress(prefix, level: 1, longDistance: true).count)
            return Int((Double(fast) * ratio).rounded())
        } catch let error as ZstdError {
            throw CompressorError.inconsistentFile("zstd failed: \(error)")
        }
    }

    /// Inputs of more tiles than this, compressed with `auto`, try zstd and the context codec
    /// first and run the vlae codec only when its estimate from sampled tiles
    /// (`sampledBitsPerPixel`) is at most `skipMargin` times the smaller of their sizes: a scanned page takes tens of seconds to code, and the
    /// sample costs a fraction of a second. The margin covers the sample's error.
    static let estimateFirstTiles = 64
    static let skipMargin = 1.25
    /// Tiles that estimate: more than a model choice takes, since one page's inked tiles vary
    /// (8 put one test page at 1.6× its real cost); a few milliseconds each.
    static let skipSampleTiles = 32

    /// The vlae payload `model` would write for the images, estimated from `skipSampleTiles` sampled tiles.
    static func estimatedPayloadBytes(_ images: [[UInt8]], sizes: [ImageSize], model: ModelFile) -> Int {
        Int(sampledBitsPerPixel(images, sizes: sizes, model: model, samples: skipSampleTiles)
            * Double(sizes.reduce(0) { $0 + $1.width * $1.height }) / 8)
    }

    private static func decompressFile(_ bytes: [UInt8], models: ModelCatalog, progress: TileProgress?) throws -> CompressionResult {
        let file: VZFile
        do {
            file = try VZFile(parsing: bytes)
        } catch let error as ContainerError {
            throw CompressorError.corruptContainer(error)
        }
        let header = file.header
        let codec = compressionCodec(header.codec)
        if case let .archive(index) = header.source { throw CompressorError.isArchive(files: index.entries.count) }
        let decoded: [UInt8]
        switch codec {
        case .vlae:
            decoded = try decodeVLAE(file.payload, codec: header.codec, parameters: header.codecParameters,
                                     sources: [header.source], models: models, progress: progress)
        case .context:
            decoded = try decodeContext(file.payload, parameters: header.codecParameters, sources: [header.source])
        case .stored, .zstd:
            decoded = try decode(file.payload, codec: codec, length: header.storedFormLength)
        }
        let samples: [UInt8]
        do {
            samples = codec == .vlae || codec == .context ? decoded : try header.sampleStream(fromStoredForm: decoded)
            try header.verifyPixels(samples)
        } catch let error as ContainerError {
            throw CompressorError.corruptContainer(error)
        }
        let output = try ParsedInput.rebuild(source: header.source, layout: header.layout, samples: samples)
        let (kind, images) = describe(header.source)
        return CompressionResult(output: output, kind: kind, pixels: header.source.totalPixels,
                                 images: images, codec: codec, compressedSize: bytes.count)
    }

    /// What a `.vz` file holds, read from its header alone (`vlae-compress -l`): nothing is decoded.
    /// - Throws: `.corruptContainer` for a file whose container does not parse.
    public static func describe(_ bytes: [UInt8], models: ModelCatalog = .shippedOnly) throws(CompressorError) -> FileDescription {
        let file: VZFile
        do {
            file = try VZFile(parsing: bytes)
        } catch let error as ContainerError {
            throw .corruptContainer(error)
        } catch {
            throw .internalError("unexpected \(type(of: error)): \(error)")
        }
        let header = file.header
        let (kind, images) = describe(header.source)
        var description = FileDescription(kind: kind, images: images, pixels: header.source.totalPixels, codec: compressionCodec(header.codec),
                                          bytes: bytes.count, headerBytes: file.headerLength,
                                          model: modelDescription(header.codec, header.codecParameters, models: models))
        if case let .archive(index) = header.source {
            let members = index.entries.map { entry in
                let (kind, images) = describe(entry.source)
                return ArchiveMember(path: entry.path, kind: kind, images: images, pixels: entry.source.totalPixels, group: entry.group)
            }
            description.archive = (members, groupSummaries(index, models: models))
        }
        return description
    }

    /// A vlae payload's model: found among `models`, else as the parameters name it; nil for other codecs.
    static func modelDescription(_ codec: Codec, _ parameters: CodecParameters, models: ModelCatalog) -> FileDescription.Model? {
        guard case let .vlae(identity) = codec else { return nil }
        let found = models.model(identity: identity)
        let stored = try? BitsBackParameters(version: parameters.version, bytes: parameters.bytes)
        return .init(identity: identity, name: found?.name ?? stored?.modelName, inView: found != nil)
    }

    /// The kind of the original file and its number of images (an archive's: all its files').
    static func describe(_ source: InputSource) -> (InputKind, Int) {
        switch source {
        case let .netpbm(list): (.netpbm, list.count)
        case let .idx(shape): (.idx, shape.dims.count >= 3 ? shape.dims[0] : 1)
        case .png: (.png, 1)
        case let .archive(index): (.archive, index.entries.reduce(0) { $0 + describe($1.source).1 })
        }
    }

    /// The `.vz` file for `parsed` with the given payload.
    private static func container(_ parsed: ParsedInput, codec: Codec, parameters: CodecParameters, payload: [UInt8]) throws -> [UInt8] {
        try ParsedInput.describing {
            try VZFile(header: try makeHeader(parsed, codec: codec, parameters: parameters), payload: payload).serialized()
        }
    }

    /// The context-codec `.vz` file for `parsed`, whose images `input` describes.
    private static func contextFile(_ parsed: ParsedInput, _ input: (images: [ContextCodec.Image], biLevel: Bool)) throws -> [UInt8] {
        let coded = try encodeContext(parsed.samples, images: input.images, biLevel: input.biLevel)
        return try container(parsed, codec: .context, parameters: coded.parameters, payload: coded.payload)
    }

    /// The `stored` or `zstd` `.vz` file for `parsed`: its payload holds the header's stored
    /// form of the samples (packed when bi-level).
    private static func plainFile(_ parsed: ParsedInput, codec: CompressionCodec) throws -> [UInt8] {
        let header: VZHeader = try ParsedInput.describing { try makeHeader(parsed, codec: codec == .zstd ? Codec.zstd : Codec.stored, parameters: .none) }
        let payload = try encode(header.storedForm(of: parsed.samples), codec: codec)
        return try ParsedInput.describing { try VZFile(header: header, payload: payload).serialized() }
    }

    private static func makeHeader(_ parsed: ParsedInput, codec: Codec, parameters: CodecParameters) throws -> VZHeader {
        try VZHeader(codec: codec, codecParameters: parameters, source: parsed.source, layout: parsed.layout,
                     pixelChecksum: CRC32.checksum(parsed.samples))
    }

    static func compressionCodec(_ codec: Codec) -> CompressionCodec {
        switch codec {
        case .stored: return .stored
        case .zstd: return .zstd
        case .vlae: return .vlae
        case .context: return .context
        }
    }

    /// The stored or zstd payload of a sample stream.
    static func encode(_ samples: [UInt8], codec: CompressionCodec) throws -> [UInt8] {
        guard codec == .zstd else { return samples }
        // A level in Zstd.levels cannot fail for an in-memory input but libzstd's own limits.
        do {
            return try Zstd.compress(samples, level: zstdLevel)
        } catch let error as ZstdError {
            throw CompressorError.inconsistentFile("zstd failed: \(error)")
        }
    }

    static func decode(_ payload: [UInt8], codec: CompressionCodec, length: Int) throws -> [UInt8] {
        guard codec == .zstd else { return payload }
        do {
            return try Zstd.decompress(payload, expectedSize: length)
        } catch let error as ZstdError {
            throw CompressorError.corruptPayload(error)
        }
    }
}
