import Container
import ModelFile
import VLAECoding

/// Archives: many files in one `.vz` file (FORMAT.md, source kind 4). The files that one model
/// codes form a group whose images are all chained on the same bits-back messages, so the
/// initial bits are paid once per chain for the whole group, not once per file.
extension Compressor {
    /// Compresses `files` into one archive, in the order of their paths' UTF-8 bytes.
    ///
    /// Each file goes to the group of the model that codes it (chosen as for a single file), or,
    /// when vlae cannot code it, to a group of its own codec; with `codec` nil each group keeps
    /// the smallest of vlae, context, zstd and stored, counting its payload and its entry in the header.
    /// A forced codec codes every group with it.
    /// - Throws: `.inputNotRepresentable` for a path an extractor must refuse (`ArchivePath`) or
    ///   files named twice; `.inArchive` wrapping a file's own problem; `.notImages` (wrapped) for
    ///   `vlae` or `context` on a file that is not images.
    public static func compressArchive(_ files: [ArchiveFile], codec: CompressionCodec? = nil, models: ModelCatalog = .shippedOnly,
                                       measure: Bool = false, particles: ParticleChoice = .exactly(1),
                                       progress: TileProgress? = nil) throws(CompressorError) -> ArchiveResult {
        try typed { try compressArchiveFiles(files, codec: codec, models: models, measure: measure, particles: particles, progress: progress) }
    }

    /// Restores every file of an archive, in memory: nothing is returned unless every group
    /// decodes and the pixels of all files match the archive's pixel CRC.
    /// - Throws: `.notAnArchive`, the errors of `decompress`, and `.inArchive` for a file that
    ///   cannot be rebuilt.
    public static func extractArchive(_ bytes: [UInt8], models: ModelCatalog = .shippedOnly,
                                      progress: TileProgress? = nil) throws(CompressorError) -> ArchiveResult {
        try typed { try extractArchiveFile(bytes, models: models, progress: progress) }
    }

    /// Whether `bytes` start like a `.vz` archive (magic, version and kind 4; nothing else
    /// checked), so that a caller can choose between `decompress` and `extractArchive`.
    public static func looksLikeArchive(_ bytes: [UInt8]) -> Bool {
        VZFile.sourceKind(atStartOf: bytes) == .archive
    }

    /// One file parsed, with the group it goes to.
    private struct Member {
        let path: String
        let parsed: ParsedInput
        /// The images vlae codes and their sizes, and the model; nil when vlae does not code it.
        let vlae: (images: [[UInt8]], sizes: [ImageSize], model: ModelFile)?
    }

    private static func compressArchiveFiles(_ files: [ArchiveFile], codec: CompressionCodec?, models: ModelCatalog, measure: Bool,
                                             particles: ParticleChoice, progress: TileProgress?) throws -> ArchiveResult {
        let sorted = files.sorted { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
        try ParsedInput.describing {
            for file in sorted { try ArchivePath.validate(file.path) }
            try ArchivePath.checkDistinct(sorted.map(\.path))
        }
        var members: [Member] = []
        for file in sorted {
            do {
                members.append(try member(file, codec: codec, models: models))
            } catch let error as CompressorError {
                throw CompressorError.inArchive(path: file.path, error: error)
            }
        }
        // Groups in order of first use: one per model, and one for the files vlae does not code.
        var groupKeys: [ModelIdentity?] = [], groupOf: [Int] = []
        for m in members {
            let key = m.vlae?.model.identity
            if let index = groupKeys.firstIndex(of: key) { groupOf.append(index) } else {
                groupOf.append(groupKeys.count)
                groupKeys.append(key)
            }
        }
        var groups: [ArchiveGroup] = [], summaries: [ArchiveGroupSummary] = [], payload: [UInt8] = []
        var byGroup = [[Member]](repeating: [], count: groupKeys.count)
        for (m, group) in zip(members, groupOf) { byGroup[group].append(m) }
        for (inGroup, key) in zip(byGroup, groupKeys) {
            let coded = try codeGroup(inGroup, vlae: key != nil, codec: codec, measure: measure, particles: particles, progress: progress)
            groups.append(coded.group)
            summaries.append(coded.summary)
            payload += coded.payload
        }
        var crc = CRC32()
        var entries: [ArchiveEntry] = []
        for (m, group) in zip(members, groupOf) {
            crc.update(m.parsed.samples)
            entries.append(ArchiveEntry(path: m.path, source: m.parsed.source, layout: m.parsed.layout, group: group))
        }
        let output = try ParsedInput.describing {
            let header = try VZHeader(codec: .stored, source: .archive(try ArchiveIndex(groups: groups, entries: entries)),
                                      pixelChecksum: crc.value)
            return try VZFile(header: header, payload: payload).serialized()
        }
        let listed = zip(members, groupOf).map { m, group in
            ArchiveMember(path: m.path, kind: m.parsed.kind, images: m.parsed.images, pixels: m.parsed.source.totalPixels, group: group)
        }
        return ArchiveResult(output: output, compressedSize: output.count, members: listed, groups: summaries, files: [])
    }

    /// Parses a file and picks its vlae model as `compress` does for a single file.
    private static func member(_ file: ArchiveFile, codec: CompressionCodec?, models: ModelCatalog) throws -> Member {
        let parsed = try ParsedInput.parse(file.contents)
        if codec == .context && contextImages([parsed.source], samples: parsed.samples) == nil { throw CompressorError.notImages }
        guard codec == nil || codec == .vlae else { return Member(path: file.path, parsed: parsed, vlae: nil) }
        guard let guess = vlaeImages(parsed, biLevel: parsed.samples.allSatisfy { $0 <= 1 }) else {
            if codec == .vlae { throw CompressorError.notImages }
            return Member(path: file.path, parsed: parsed, vlae: nil)
        }
        let model = try vlaeModel(for: guess.images, sizes: guess.sizes, models: models)
        let input = vlaeImages(parsed, biLevel: model.config.pixelModel == .bernoulli)!
        return Member(path: file.path, parsed: parsed, vlae: (input.images, input.sizes, model))
    }

    /// Bytes of a group's entry in the archive's header: codec, model identity, parameters, length.
    private static func groupEntryBytes(_ group: ArchiveGroup) -> Int {
        1 + (group.codec.model == nil ? 0 : ModelIdentity.byteCount) + 3 + group.parameters.bytes.count + 8
    }

    /// Codes one group's files: with vlae (when they are its images) and, unless `codec` forces
    /// one, also the context codec (when they are images), zstd and stored, keeping the smallest
    /// payload plus header entry.
    private static func codeGroup(_ members: [Member], vlae: Bool, codec: CompressionCodec?, measure: Bool, particles: ParticleChoice,
                                  progress: TileProgress?)
        throws -> (group: ArchiveGroup, payload: [UInt8], summary: ArchiveGroupSummary) {
        var tried: [CompressionCodec]
        if let codec {
            tried = [codec]
            if measure && codec != .zstd { tried.append(.zstd) }
        } else {
            tried = (vlae ? [.vlae] : []) + [.context, .zstd, .stored]
        }
        let samples = members.flatMap(\.parsed.samples)
        let contextInput = contextImages(members.map(\.parsed.source), samples: samples)
        if contextInput == nil { tried.removeAll { $0 == .context } }
        var best: (codec: CompressionCodec, group: ArchiveGroup, payload: [UInt8])? = nil
        var candidates: [(codec: CompressionCodec, bytes: Int)] = []
        var figures: VLAEFigures? = nil
        var model: FileDescription.Model? = nil
        // As for a single file: zstd −22 only where its estimate could beat the best other payload.
        let zstdEstimate = codec == nil && !measure && samples.count > zstdEstimateFrom ? try estimatedZstdPayloadBytes(stream: samples) : nil
        for candidate in tried {
            if candidate == .zstd, let zstdEstimate, let best, Double(zstdEstimate) * zstdEstimateMargin > Double(best.payload.count) { continue }
            let group: ArchiveGroup, payload: [UInt8]
            if candidate == .vlae, let first = members.first?.vlae {
                let coded = try encodeVLAE(members.flatMap { $0.vlae!.images }, sizes: members.flatMap { $0.vlae!.sizes },
                                           model: first.model, particles: particles, progress: progress)
                figures = coded.figures
                payload = coded.payload
                group = try ParsedInput.describing { try ArchiveGroup(codec: coded.codec, parameters: coded.parameters, payloadLength: UInt64(payload.count)) }
            } else if candidate == .context, let contextInput {
                let coded = try encodeContext(samples, images: contextInput.images, biLevel: contextInput.biLevel)
                payload = coded.payload
                group = try ParsedInput.describing { try ArchiveGroup(codec: .context, parameters: coded.parameters, payloadLength: UInt64(payload.count)) }
            } else {
                payload = try encode(samples, codec: candidate)
                group = try ParsedInput.describing { try ArchiveGroup(codec: candidate == .zstd ? .zstd : .stored, payloadLength: UInt64(payload.count)) }
            }
            let bytes = groupEntryBytes(group) + payload.count
            candidates.append((candidate, bytes))
            // A forced codec wins; otherwise the smallest, the earlier on ties.
            if best == nil || (codec == nil && bytes < groupEntryBytes(best!.group) + best!.payload.count) {
                best = (candidate, group, payload)
            }
        }
        if best!.codec == .vlae, let first = members.first?.vlae {
            model = .init(identity: first.model.identity, name: first.model.name, inView: true)
        }
        var summary = ArchiveGroupSummary(codec: best!.codec, model: model, files: members.count,
                                          pixels: members.reduce(0) { $0 + $1.parsed.source.totalPixels }, payloadBytes: best!.payload.count)
        summary.candidates = candidates
        summary.vlae = figures
        return (best!.group, best!.payload, summary)
    }

    private static func extractArchiveFile(_ bytes: [UInt8], models: ModelCatalog, progress: TileProgress?) throws -> ArchiveResult {
        let file: VZFile
        do {
            file = try VZFile(parsing: bytes)
        } catch let error as ContainerError {
            throw CompressorError.corruptContainer(error)
        }
        guard case let .archive(index) = file.header.source else { throw CompressorError.notAnArchive }
        // Each group's sample stream, then each file's part of it, in the archive's order.
        var streams: [[UInt8]] = [], offset = 0
        for (group, members) in zip(index.groups, index.entriesByGroup) {
            let payload = Array(file.payload[offset..<(offset + Int(group.payloadLength))])
            offset += Int(group.payloadLength)
            let sources = members.map { index.entries[$0].source }
            let length = sources.reduce(0) { $0 + $1.sampleStreamLength }
            let codec = compressionCodec(group.codec)
            let samples: [UInt8]
            switch codec {
            case .vlae:
                samples = try decodeVLAE(payload, codec: group.codec, parameters: group.parameters, sources: sources, models: models, progress: progress)
            case .context:
                samples = try decodeContext(payload, parameters: group.parameters, sources: sources)
            case .stored, .zstd:
                samples = try decode(payload, codec: codec, length: length)
            }
            guard samples.count == length else {
                throw CompressorError.corruptContainer(.sampleStreamLengthMismatch(expected: length, actual: samples.count))
            }
            streams.append(samples)
        }
        var cursors = [Int](repeating: 0, count: streams.count)
        var crc = CRC32()
        var slices: [ArraySlice<UInt8>] = []
        for entry in index.entries {
            let start = cursors[entry.group], end = start + entry.source.sampleStreamLength
            cursors[entry.group] = end
            let slice = streams[entry.group][start..<end]
            slice.withUnsafeBytes { crc.update($0) }
            slices.append(slice)
        }
        do {
            try file.header.verifyPixelChecksum(crc.value)
        } catch let error as ContainerError {
            throw CompressorError.corruptContainer(error)
        }
        var files: [ArchiveFile] = [], members: [ArchiveMember] = []
        for (entry, slice) in zip(index.entries, slices) {
            do {
                files.append(ArchiveFile(path: entry.path, contents: try ParsedInput.rebuild(source: entry.source, layout: entry.layout, samples: Array(slice))))
            } catch let error as CompressorError {
                throw CompressorError.inArchive(path: entry.path, error: error)
            }
            let (kind, images) = describe(entry.source)
            members.append(ArchiveMember(path: entry.path, kind: kind, images: images, pixels: entry.source.totalPixels, group: entry.group))
        }
        return ArchiveResult(output: [], compressedSize: bytes.count, members: members,
                             groups: groupSummaries(index, models: models), files: files)
    }

    /// What each group of `index` holds, from the header alone.
    static func groupSummaries(_ index: ArchiveIndex, models: ModelCatalog) -> [ArchiveGroupSummary] {
        zip(index.groups, index.entriesByGroup).map { group, members in
            let inGroup = members.map { index.entries[$0] }
            return ArchiveGroupSummary(codec: compressionCodec(group.codec), model: modelDescription(group.codec, group.parameters, models: models),
                                       files: inGroup.count, pixels: inGroup.reduce(0) { $0 + $1.source.totalPixels },
                                       payloadBytes: Int(group.payloadLength))
        }
    }
}
