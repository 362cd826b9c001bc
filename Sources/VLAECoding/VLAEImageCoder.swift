import Dispatch
import Foundation
import EntropyCoder

/// The size of one image to code and the range of its values, 0 … `maxValue` (1: bi-level).
public struct ImageSize: Equatable, Sendable {
    public let width: Int
    public let height: Int
    public let maxValue: Int
    public init(width: Int, height: Int, maxValue: Int = 1) {
        precondition((1...255).contains(maxValue))
        self.width = width; self.height = height; self.maxValue = maxValue
    }

    /// Rows and columns of the `side`×`side` tiles that cover the image (the last ones may be partial).
    public func tileRows(side: Int) -> Int { (height + side - 1) / side }
    public func tileColumns(side: Int) -> Int { (width + side - 1) / side }
    public func tiles(side: Int) -> Int { tileRows(side: side) * tileColumns(side: side) }
}

/// What encoding a set of images cost, for reports: ideal costs from the tables, seeded initial
/// bits the chains consumed, and the real payload size.
public struct EncodingSummary: Sendable {
    public var cost = TileCost()
    public var initialBits = 0
    public var tiles = 0
    public var payloadBytes = 0
    public init() {}
}

/// Codes whole images with `BitsBackCodec`: each image is cut into S×S tiles of the model (raster
/// order, edge-padded), all tiles of all images form one sequence, and the sequence is split into
/// contiguous chains, each on its own rANS message so that cores can code them at once. A chain
/// pays for its initial bits once, in its first tiles (coded with coarse buckets when the
/// parameters have a `ChainStart`); all other tiles get their bits back from the tile before them.
///
/// A model with neighbour context is decoded in raster order within each chain (the encoder
/// pushes its tiles last to first), and each tile's band holds the pixels of the earlier tiles
/// of its image in the same chain. With `skipsBlankTiles`, every bi-level tile is preceded by a
/// `BlankTileFlags` flag and blank tiles are not coded with the model at all.
///
/// Payload: `u8 chainCount`, then per chain `u32 LE byteLength` and that many bytes of
/// `RansStack.serialized()`. Chain j's initial bits are seeded with `parameters.seed + j`.
public struct VLAEImageCoder: Sendable {
    public let codec: BitsBackCodec
    /// The chain count to encode with (at most one per tile); nil: `chainCount(tiles:)`.
    public let chains: Int?
    /// The codecs of the tiles at the start of each chain (`BitsBackParameters.ChainStart`), by
    /// push position; later tiles have `codec`.
    let startCodecs: [BitsBackCodec]

    /// The model's canvas band (`TileCanvas.band`), empty without neighbour context.
    let bandOffsets: [(dy: Int, dx: Int)]

    /// - Precondition: `chains` is 1 … 255, and 2 unless the parameters free the chain count.
    public init(codec: BitsBackCodec, chains: Int? = nil) {
        precondition(chains.map { (1...255).contains($0) && ($0 == 2 || codec.parameters.chainCountIsFree) } ?? true)
        self.codec = codec
        self.chains = chains
        let p = codec.parameters
        var startCodecs: [BitsBackCodec] = []
        var position = 0
        while p.bucketBits(atPushPosition: position) < p.bucketBits || p.particles(atPushPosition: position) < p.particles {
            var start = p
            (start.bucketBits, start.particles) = (p.bucketBits(atPushPosition: position), p.particles(atPushPosition: position))
            startCodecs.append(startCodecs.last.flatMap { $0.parameters == start ? $0 : nil } ?? BitsBackCodec(model: codec.model, parameters: start))
            position += 1
        }
        self.startCodecs = startCodecs
        bandOffsets = codec.model.config.canvas.band
    }

    /// Tiles from which a file has 2, 4 and 8 chains. A chain costs about 140 bits (its start's
    /// coarse latents and initial bits, its final state and length): 0.2% of 256 binarized digits,
    /// 0.1% a chain of 1,024 tiles of them. Chains let cores and lanes (`ChainDecoder`) decode at
    /// once: two cores with two lanes each use four.
    public static let chainSteps = [256, 1024, 4096]

    /// The chains of a file of `tiles` tiles: one for small files, then 2, 4 and 8. The count is
    /// written in the file and never depends on the machine. Files before version 6 have `min(2, tiles)`.
    public func chainCount(tiles: Int) -> Int {
        if let chains { return min(chains, max(1, tiles)) }
        guard codec.parameters.chainCountIsFree else { return min(2, max(1, tiles)) }
        return 1 << Self.chainSteps.filter { tiles >= $0 }.count
    }

    /// Tiles whose posteriors an encoding chain computes at once: the encoder's dense layer then
    /// reads its weights once for every two of them.
    static let posteriorBatch = 16

    /// The encoder's Gaussians of the tiles `batch`, by tile index.
    private func posteriors(of batch: [Int], tiles: [Tile], places: [TilePlace]) -> [Int: (mean: [Double], std: [Double])] {
        let gaussians = codec.model.posteriors(batch.map { (tiles[$0].pixels, places[$0].image.maxValue) })
        return Dictionary(uniqueKeysWithValues: zip(batch, gaussians))
    }

    /// The codec of the tile at `position` in its chain's push order.
    func codec(atPushPosition position: Int) -> BitsBackCodec { position < startCodecs.count ? startCodecs[position] : codec }

    /// Where one tile of the sequence lies: its image (offset of its pixels in all images'
    /// pixels, size), its block in the image's tile grid, and the sequence index of the image's
    /// first tile.
    struct TilePlace {
        let offset: Int
        let image: ImageSize
        let row: Int, column: Int
        let firstTile: Int
        var size: ImageSize {
            ImageSize(width: min(side, image.width - column * side), height: min(side, image.height - row * side), maxValue: image.maxValue)
        }
        let side: Int
    }

    /// Every tile's place, in coding order.
    static func places(_ sizes: [ImageSize], side: Int) -> [TilePlace] {
        var places: [TilePlace] = [], offset = 0
        for s in sizes {
            let columns = s.tileColumns(side: side), first = places.count
            for b in 0..<s.tiles(side: side) {
                places.append(TilePlace(offset: offset, image: s, row: b / columns, column: b % columns, firstTile: first, side: side))
            }
            offset += s.width * s.height
        }
        return places
    }

    /// The model's tile side.
    var side: Int { codec.model.config.tile }
    var hasContext: Bool { codec.model.config.neighbourContext }

    /// Contiguous split of `count` tiles into `parts` non-empty parts.
    func split(_ count: Int, into parts: Int) -> [Range<Int>] {
        (0..<parts).map { (count * $0 / parts)..<(count * ($0 + 1) / parts) }
    }

    /// The band of tile `t` (`TileCanvas.band` order): the pixels of `pixels` (all images) that
    /// lie in tiles of the same image and chain decoded before it, −1 elsewhere.
    func band(of t: Int, places: [TilePlace], chainStart: Int, pixels: UnsafeBufferPointer<UInt8>) -> [Int16] {
        let place = places[t], image = place.image, columns = image.tileColumns(side: side)
        let y0 = place.row * side, x0 = place.column * side
        return bandOffsets.map { o in
            let y = y0 + o.dy, x = x0 + o.dx
            guard y >= 0 && y < image.height && x >= 0 && x < image.width,
                  place.firstTile + (y / side) * columns + x / side >= chainStart else { return -1 }
            return Int16(pixels[place.offset + y * image.width + x])
        }
    }

    /// Whether tile `t`'s neighbour at (`dr`, `dc`) blocks away counts as blank for the flags'
    /// context: it is, or the decoder does not have it.
    func neighbourIsBlank(_ t: Int, _ dr: Int, _ dc: Int, places: [TilePlace], chainStart: Int, blank: UnsafeMutableBufferPointer<Bool>) -> Bool {
        let place = places[t], r = place.row + dr, c = place.column + dc
        guard r >= 0 && c >= 0 && c < place.image.tileColumns(side: side) else { return true }
        let n = place.firstTile + r * place.image.tileColumns(side: side) + c
        return n < chainStart || blank[n]
    }

    func flagContext(_ t: Int, places: [TilePlace], chainStart: Int, blank: UnsafeMutableBufferPointer<Bool>) -> Int {
        BlankTileFlags.context(aboveBlank: neighbourIsBlank(t, -1, 0, places: places, chainStart: chainStart, blank: blank),
                               leftBlank: neighbourIsBlank(t, 0, -1, places: places, chainStart: chainStart, blank: blank))
    }

    /// Whether tile `t` is coded with a flag: bi-level tiles, when the parameters say so.
    func flagged(_ place: TilePlace) -> Bool { codec.parameters.skipsBlankTiles && place.image.maxValue == 1 }

    /// Which tiles are coded as blank: flagged tiles without ink.
    func blankTiles(_ places: [TilePlace], _ tiles: [Tile]) -> [Bool] {
        places.indices.map { t in flagged(places[t]) && !tiles[t].pixels.contains { $0 != 0 } }
    }

    /// The flags' tables of the tiles `range` (one chain) as a decoder sees them, in its order;
    /// nil for tiles without a flag.
    func flagTables(_ range: Range<Int>, places: [TilePlace], blank: UnsafeMutableBufferPointer<Bool>) -> [BernoulliCodec?] {
        var flags = BlankTileFlags()
        return range.map { t in
            guard flagged(places[t]) else { return nil }
            let context = flagContext(t, places: places, chainStart: range.lowerBound, blank: blank)
            defer { flags.update(context: context, isBlank: blank[t]) }
            return flags.codec(context: context)
        }
    }

    /// - Precondition: every image's pixels are 0 … its maxValue and match its size; the model
    ///   codes them (a Bernoulli model only maxValue 1).
    public func encode(images: [[UInt8]], sizes: [ImageSize], progress: TileProgress? = nil) -> (payload: [UInt8], summary: EncodingSummary) {
        for (image, size) in zip(images, sizes) {
            precondition(codec.model.config.pixelModel.codes(maxValue: size.maxValue) && image.count == size.width * size.height)
        }
        let places = Self.places(sizes, side: side)
        let all = images.flatMap { $0 }
        let tiles = zip(images, sizes).flatMap { Tile.tiles(of: $0, width: $1.width, height: $1.height, side: side) }
        let ranges = split(tiles.count, into: chainCount(tiles: tiles.count))
        progress?.start(tiles: tiles.count)
        var results = [(bytes: [UInt8], cost: TileCost, initial: Int)](repeating: ([], TileCost(), 0), count: ranges.count)
        var blank = blankTiles(places, tiles)
        results.withUnsafeMutableBufferPointer { out in
            all.withUnsafeBufferPointer { pixels in
                blank.withUnsafeMutableBufferPointer { blank in
                    DispatchQueue.concurrentPerform(iterations: ranges.count) { j in
                        var stack = RansStack(seed: codec.parameters.seed &+ UInt64(j))
                        var cost = TileCost()
                        let workspace = CodingWorkspace(model: codec.model)
                        let range = ranges[j]
                        let flagCodecs = flagTables(range, places: places, blank: blank)
                        let order = hasContext ? Array(range.reversed()) : Array(range)
                        var posteriors: [Int: (mean: [Double], std: [Double])] = [:]
                        for (position, t) in order.enumerated() {
                            if !blank[t] {
                                let band = hasContext ? self.band(of: t, places: places, chainStart: range.lowerBound, pixels: pixels) : nil
                                let tileCodec = codec(atPushPosition: position)
                                if posteriors.isEmpty && tileCodec.parameters.particles == 1 {
                                    var ahead: [Int] = []
                                    for u in order[position...] where !blank[u] {
                                        ahead.append(u)
                                        if ahead.count == Self.posteriorBatch { break }
                                    }
                                    posteriors = self.posteriors(of: ahead, tiles: tiles, places: places)
                                }
                                cost = cost + tileCodec.push(tiles[t], maxValue: places[t].image.maxValue, band: band, to: &stack,
                                                             using: workspace, posterior: posteriors.removeValue(forKey: t))
                            }
                            if let flag = flagCodecs[t - range.lowerBound] {
                                flag.push(blank[t], to: &stack)
                                cost.flags += flag.informationContent(of: blank[t])
                            }
                            progress?.advance()
                        }
                        out[j] = (stack.serialized(), cost, stack.initialWordsConsumed * 32)
                    }
                }
            }
        }
        var payload: [UInt8] = [UInt8(ranges.count)]
        var summary = EncodingSummary()
        for r in results {
            payload += (0..<4).map { UInt8(truncatingIfNeeded: r.bytes.count >> (8 * $0)) } + r.bytes
            summary.cost = summary.cost + r.cost
            summary.initialBits += r.initial
        }
        summary.tiles = tiles.count
        summary.payloadBytes = payload.count
        return (payload, summary)
    }

    /// An estimate of the coded size in bits per real pixel from up to `samples` tiles spread
    /// evenly over the images (their bands as in one chain), scaled to all tiles the model codes;
    /// blank-tile flags, which cost no network evaluation, are counted exactly for all tiles.
    public func estimatedBitsPerPixel(images: [[UInt8]], sizes: [ImageSize], samples: Int) -> Double {
        let places = Self.places(sizes, side: side)
        let tiles = zip(images, sizes).flatMap { Tile.tiles(of: $0, width: $1.width, height: $1.height, side: side) }
        guard !tiles.isEmpty else { return .infinity }
        var blank = blankTiles(places, tiles)
        let all = images.flatMap { $0 }
        let bits = blank.withUnsafeMutableBufferPointer { blank in
            zip(places.indices, flagTables(places.indices, places: places, blank: blank)).reduce(0.0) { sum, flag in
                sum + (flag.1?.informationContent(of: blank[flag.0]) ?? 0)
            }
        }
        let coded = places.indices.filter { !blank[$0] }
        let pixels = sizes.reduce(0) { $0 + $1.width * $1.height }
        guard !coded.isEmpty else { return bits / Double(pixels) }
        let workspace = CodingWorkspace(model: codec.model)
        var stack = RansStack(seed: codec.parameters.seed)
        var sampledBits = 0.0, sampledPixels = 0, codedPixels = 0
        let step = max(1, coded.count / samples)
        all.withUnsafeBufferPointer { all in
            for t in stride(from: 0, to: coded.count, by: step).prefix(samples).map({ coded[$0] }) {
                let band = hasContext ? self.band(of: t, places: places, chainStart: 0, pixels: all) : nil
                sampledBits += codec.push(tiles[t], maxValue: places[t].image.maxValue, band: band, to: &stack, using: workspace).netBits
                sampledPixels += tiles[t].validWidth * tiles[t].validHeight
            }
        }
        for t in coded { codedPixels += tiles[t].validWidth * tiles[t].validHeight }
        return (bits + sampledBits / Double(sampledPixels) * Double(codedPixels)) / Double(pixels)
    }

    /// Lanes a decoding task takes when there are chains enough: four for a PixelCNN of at most 16
    /// channels, whose kernel calls cost as much as their arithmetic, else two. Measured with
    /// `bench-codec --lanes` 2 and 4 at once, each pinned to one core: 5–15% faster with four for
    /// the 16-channel digit model, 4–12% slower for the 32-channel one.
    var defaultLanes: Int { codec.model.config.channels <= 16 ? 4 : 2 }

    /// Decodes images of the given sizes; throws if the payload is malformed or any chain does not
    /// end exactly at its clean start (a corrupted payload or a model mismatch).
    /// `lanes`: chains decoded in lock-step per task, 1 … 4 (default: `defaultLanes` when there are
    /// that many chains per core, else as many as there are); the images are the same either way.
    public func decode(_ payload: [UInt8], sizes: [ImageSize], progress: TileProgress? = nil, lanes: Int? = nil) throws(VLAECodingError) -> [[UInt8]] {
        precondition(lanes.map { (1...4).contains($0) } ?? true, "1 … 4 lanes")
        if codec.model.config.pixelModel == .bernoulli, let s = sizes.first(where: { $0.maxValue != 1 }) {
            throw VLAECodingError.malformedPayload("a bi-level model cannot code maxval \(s.maxValue)")
        }
        if case .logisticMixture = codec.model.config.pixelModel,
           let s = sizes.first(where: { $0.maxValue + 1 >= 1 << codec.parameters.pixelPrecision }) {
            throw VLAECodingError.badParameters("pixel precision \(codec.parameters.pixelPrecision) leaves no room for maxval \(s.maxValue)")
        }
        let places = Self.places(sizes, side: side)
        guard let count = payload.first, count >= 1 else { throw VLAECodingError.malformedPayload("no chains") }
        if codec.parameters.chainCountIsFree {
            guard Int(count) <= max(1, places.count) else { throw VLAECodingError.malformedPayload("\(count) chains for \(places.count) tiles") }
        } else {
            guard Int(count) == min(2, max(1, places.count)) else {
                throw VLAECodingError.malformedPayload("\(count) chains for \(places.count) tiles, expected \(min(2, max(1, places.count)))")
            }
        }
        let ranges = split(places.count, into: Int(count))
        var messages: [[UInt8]] = []
        var offset = 1
        for j in 0..<Int(count) {
            guard payload.count - offset >= 4 else { throw VLAECodingError.malformedPayload("chain \(j) length truncated") }
            let length = (0..<4).reduce(0) { $0 | Int(payload[offset + $1]) << (8 * $1) }
            offset += 4
            guard payload.count - offset >= length else { throw VLAECodingError.malformedPayload("chain \(j) truncated") }
            messages.append(Array(payload[offset..<(offset + length)]))
            offset += length
        }
        guard offset == payload.count else { throw VLAECodingError.malformedPayload("\(payload.count - offset) trailing bytes") }
        var stacks: [RansStack] = []
        for (j, m) in messages.enumerated() {
            do { stacks.append(try RansStack(serialized: m, seed: codec.parameters.seed &+ UInt64(j))) } catch {
                throw VLAECodingError.malformedPayload("chain \(j): \(error)")
            }
        }
        var all = [UInt8](repeating: 0, count: sizes.reduce(0) { $0 + $1.width * $1.height })
        var blank = [Bool](repeating: false, count: places.count)
        progress?.start(tiles: places.count)
        var failures = [VLAECodingError?](repeating: nil, count: ranges.count)
        all.withUnsafeMutableBufferPointer { pixels in
            blank.withUnsafeMutableBufferPointer { blank in
                failures.withUnsafeMutableBufferPointer { fail in
                    // Chains in lock-step per task (lanes), as many as keep every core busy.
                    let lanes = lanes ?? max(1, min(defaultLanes, ranges.count / ProcessInfo.processInfo.activeProcessorCount))
                    let groups = stride(from: 0, to: ranges.count, by: lanes).map { $0..<min($0 + lanes, ranges.count) }
                    DispatchQueue.concurrentPerform(iterations: groups.count) { g in
                        var decoder = ChainDecoder(coder: self, chains: groups[g], ranges: ranges, stacks: stacks, places: places)
                        decoder.run(pixels: pixels, blank: blank, progress: progress)
                        for (lane, j) in groups[g].enumerated() {
                            do { try decoder.lanes[lane].stack.finishDecoding() } catch { fail[j] = .notClean(chain: j, reason: "\(error)") }
                        }
                    }
                }
            }
        }
        if let failure = failures.compactMap({ $0 }).first { throw failure }
        var images: [[UInt8]] = [], start = 0
        for s in sizes {
            images.append(Array(all[start..<(start + s.width * s.height)]))
            start += s.width * s.height
        }
        return images
    }
}
