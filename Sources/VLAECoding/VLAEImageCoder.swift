import Dispatch
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
/// `chains` contiguous parts, each chained on its own rANS message so the two cores can code
/// them at once. A chain pays for its initial bits once; all other tiles get their bits back
/// from the tile before them.
///
/// Payload: `u8 chainCount`, then per chain `u32 LE byteLength` and that many bytes of
/// `RansStack.serialized()`. Chain j's initial bits are seeded with `parameters.seed + j`.
public struct VLAEImageCoder: Sendable {
    public let codec: BitsBackCodec
    public let chains: Int

    public init(codec: BitsBackCodec, chains: Int = 2) {
        precondition(chains >= 1 && chains <= 255)
        self.codec = codec
        self.chains = chains
    }

    /// Tiles' real sizes and value ranges, in coding order.
    static func tileSizes(_ sizes: [ImageSize], side: Int) -> [ImageSize] {
        sizes.flatMap { s -> [ImageSize] in
            let columns = s.tileColumns(side: side)
            return (0..<s.tiles(side: side)).map {
                ImageSize(width: min(side, s.width - ($0 % columns) * side), height: min(side, s.height - ($0 / columns) * side), maxValue: s.maxValue)
            }
        }
    }

    /// The model's tile side.
    var side: Int { codec.model.config.tile }

    /// Contiguous split of `count` tiles into at most `chains` non-empty parts.
    func split(_ count: Int) -> [Range<Int>] {
        let parts = max(1, min(chains, count))
        return (0..<parts).map { (count * $0 / parts)..<(count * ($0 + 1) / parts) }
    }

    /// - Precondition: every image's pixels are 0 … its maxValue and match its size; the model
    ///   codes them (a Bernoulli model only maxValue 1).
    public func encode(images: [[UInt8]], sizes: [ImageSize], progress: TileProgress? = nil) -> (payload: [UInt8], summary: EncodingSummary) {
        var tiles: [(tile: Tile, maxValue: Int)] = []
        for (image, size) in zip(images, sizes) {
            precondition(codec.model.config.pixelModel.codes(maxValue: size.maxValue))
            tiles += Tile.tiles(of: image, width: size.width, height: size.height, side: side).map { ($0, size.maxValue) }
        }
        let ranges = split(tiles.count)
        progress?.start(tiles: tiles.count)
        var results = [(bytes: [UInt8], cost: TileCost, initial: Int)](repeating: ([], TileCost(), 0), count: ranges.count)
        results.withUnsafeMutableBufferPointer { out in
            DispatchQueue.concurrentPerform(iterations: ranges.count) { j in
                var stack = RansStack(seed: codec.parameters.seed &+ UInt64(j))
                var cost = TileCost()
                let workspace = CodingWorkspace(model: codec.model)
                for t in ranges[j] {
                    cost = cost + codec.push(tiles[t].tile, maxValue: tiles[t].maxValue, to: &stack, using: workspace)
                    progress?.advance()
                }
                out[j] = (stack.serialized(), cost, stack.initialWordsConsumed * 32)
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

    /// Decodes images of the given sizes; throws if the payload is malformed or any chain does not
    /// end exactly at its clean start (a corrupted payload or a model mismatch).
    public func decode(_ payload: [UInt8], sizes: [ImageSize], progress: TileProgress? = nil) throws(VLAECodingError) -> [[UInt8]] {
        let tileSizes = Self.tileSizes(sizes, side: side)
        if codec.model.config.pixelModel == .bernoulli, let s = sizes.first(where: { $0.maxValue != 1 }) {
            throw VLAECodingError.malformedPayload("a bi-level model cannot code maxval \(s.maxValue)")
        }
        if case .logisticMixture = codec.model.config.pixelModel,
           let s = sizes.first(where: { $0.maxValue + 1 >= 1 << codec.parameters.pixelPrecision }) {
            throw VLAECodingError.badParameters("pixel precision \(codec.parameters.pixelPrecision) leaves no room for maxval \(s.maxValue)")
        }
        guard let count = payload.first, count >= 1 else { throw VLAECodingError.malformedPayload("no chains") }
        let ranges = split(tileSizes.count)
        guard Int(count) == ranges.count else {
            throw VLAECodingError.malformedPayload("\(count) chains for \(tileSizes.count) tiles, expected \(ranges.count)")
        }
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
        var tiles = [Tile?](repeating: nil, count: tileSizes.count)
        progress?.start(tiles: tileSizes.count)
        var failures = [VLAECodingError?](repeating: nil, count: ranges.count)
        tiles.withUnsafeMutableBufferPointer { out in
            failures.withUnsafeMutableBufferPointer { fail in
                DispatchQueue.concurrentPerform(iterations: ranges.count) { j in
                    var stack = stacks[j]
                    let workspace = CodingWorkspace(model: codec.model)
                    for t in ranges[j].reversed() {
                        out[t] = codec.pop(validWidth: tileSizes[t].width, validHeight: tileSizes[t].height, maxValue: tileSizes[t].maxValue,
                                           from: &stack, using: workspace)
                        progress?.advance()
                    }
                    do { try stack.finishDecoding() } catch { fail[j] = .notClean(chain: j, reason: "\(error)") }
                }
            }
        }
        if let failure = failures.compactMap({ $0 }).first { throw failure }
        var images: [[UInt8]] = []
        var t = 0
        for s in sizes {
            var image = [UInt8](repeating: 0, count: s.width * s.height)
            let columns = s.tileColumns(side: side)
            for b in 0..<s.tiles(side: side) {
                tiles[t]!.paste(into: &image, width: s.width, tileRow: b / columns, tileColumn: b % columns)
                t += 1
            }
            images.append(image)
        }
        return images
    }
}
