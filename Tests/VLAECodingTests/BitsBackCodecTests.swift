import DeterministicMath
import EntropyCoder
@testable import VLAE
import ModelFile
@testable import VLAECoding
import XCTest

final class BitsBackCodecTests: XCTestCase {
    let coding = CodingModel(CodingModelTests.smallModel(seed: 11, channels: 8))
    let grayCoding = CodingModel(CodingModelTests.smallModel(seed: 16, channels: 8, pixelModel: CodingModelTests.mixture))

    func test_pushThenPop_chainOfTiles_restoresPixelsAndLeftoverMessage() throws {
        let bi = CodingModelTests.randomTiles(6, seed: 12).map { Tile(image: $0, width: 28, height: 28, tileRow: 0, tileColumn: 0, side: 28) }
        Self.checkChain(coding, parameters: BitsBackParameters(), tiles: bi, maxValue: 1)
        let gray = CodingModelTests.grayTiles(4, maxValue: 255, seed: 17).map { Tile(image: $0, width: 28, height: 28, tileRow: 0, tileColumn: 0, side: 28) }
        Self.checkChain(grayCoding, parameters: BitsBackParameters(for: CodingModelTests.mixture), tiles: gray, maxValue: 255)
        let lowMaxval = CodingModelTests.grayTiles(3, maxValue: 6, seed: 18).map { Tile(image: $0, width: 28, height: 28, tileRow: 0, tileColumn: 0, side: 28) }
        Self.checkChain(grayCoding, parameters: BitsBackParameters(for: CodingModelTests.mixture), tiles: lowMaxval, maxValue: 6)
    }

    /// Pushes `tiles` on a message holding `sentinels` values, pops them back, and checks the
    /// tiles and the message beneath (word for word). `drawsNoInitialWords`: also check that the
    /// sentinels were enough for every pop (particles' slots take more than one tile's z).
    static func checkChain(_ coding: CodingModel, parameters: BitsBackParameters, tiles: [Tile], maxValue: Int, sentinels: Int = 50,
                           drawsNoInitialWords: Bool = false, file: StaticString = #filePath, line: UInt = #line) {
        let codec = BitsBackCodec(model: coding, parameters: parameters), workspace = CodingWorkspace(model: coding)
        var stack = RansStack(seed: 42)
        // Something already on the message, which must come back untouched.
        let sentinel = (0..<sentinels).map { $0 % 7 }
        let table = UniformBucketCodec(bucketBits: 3)
        for s in sentinel { table.push(s, to: &stack) }
        let before = stack
        for t in tiles { codec.push(t, maxValue: maxValue, to: &stack, using: workspace) }
        if drawsNoInitialWords { XCTAssertEqual(stack.initialWordsConsumed, 0, file: file, line: line) }
        for t in tiles.reversed() {
            XCTAssertEqual(codec.pop(validWidth: 28, validHeight: 28, maxValue: maxValue, from: &stack, using: workspace), t,
                           "maxValue \(maxValue), \(parameters.particles) particles", file: file, line: line)
        }
        XCTAssertEqual(stack.state, before.state, file: file, line: line)
        XCTAssertEqual(stack.words, before.words, file: file, line: line)
        XCTAssertEqual((0..<sentinels).map { _ in table.pop(from: &stack) }, sentinel.reversed(), file: file, line: line)
    }

    /// The study's variants code exactly too, with one particle and with four: an IAF posterior
    /// (its conditionals recomputed from the decoded z), the standard normal prior, a factorized decoder.
    func test_pushThenPop_withIAFPosteriorDiagonalPriorAndFactorizedDecoder_restoresEverything() {
        let tiles = CodingModelTests.randomTiles(4, seed: 22).map { Tile(image: $0, width: 28, height: 28, tileRow: 0, tileColumn: 0, side: 28) }
        let variants = [
            CodingModelTests.smallModel(seed: 23, channels: 8) { $0.prior = .diagonal; $0.posterior = .inverseAutoregressive },
            CodingModelTests.smallModel(seed: 24, channels: 8) { $0.prior = .diagonal },
            CodingModelTests.smallModel(seed: 25, channels: 8, kernels: (1, 3)) { $0.layers = 0 },
        ]
        for model in variants {
            let coding = CodingModel(model)
            Self.checkChain(coding, parameters: BitsBackParameters(), tiles: tiles, maxValue: 1)
            var weighted = BitsBackParameters()
            weighted.particles = 4
            Self.checkChain(coding, parameters: weighted, tiles: tiles, maxValue: 1, sentinels: 1000)
        }
    }

    func test_imageCoder_roundTripsOddSizesAndChains_andIsDeterministic() throws {
        let coder = VLAEImageCoder(codec: BitsBackCodec(model: coding), chains: 2)
        var rng = SplitMix64(seed: 13)
        let sizes = [ImageSize(width: 28, height: 28), ImageSize(width: 45, height: 30), ImageSize(width: 5, height: 61), ImageSize(width: 28, height: 28)]
        let images = sizes.map { s in (0..<(s.width * s.height)).map { _ in UInt8(rng.next() % 4 == 0 ? 1 : 0) } }
        let (payload, summary) = coder.encode(images: images, sizes: sizes)
        XCTAssertEqual(summary.tiles, 1 + 4 + 3 + 1)
        XCTAssertEqual(try coder.decode(payload, sizes: sizes), images)
        XCTAssertEqual(coder.encode(images: images, sizes: sizes).payload, payload, "compressing twice must give the same bytes")
    }

    func test_imageCoder_grayscale_roundTripsOddSizesAndMaxvals_andIsDeterministic() throws {
        let coder = VLAEImageCoder(codec: BitsBackCodec(model: grayCoding, parameters: BitsBackParameters(for: CodingModelTests.mixture)), chains: 2)
        var rng = SplitMix64(seed: 19)
        let sizes = [ImageSize(width: 28, height: 28, maxValue: 255), ImageSize(width: 33, height: 30, maxValue: 15),
                     ImageSize(width: 3, height: 2, maxValue: 1), ImageSize(width: 28, height: 29, maxValue: 100)]
        let images = sizes.map { s in (0..<(s.width * s.height)).map { i in UInt8(min(s.maxValue, i % 7 == 0 ? Int(rng.next() % UInt64(s.maxValue + 1)) : s.maxValue / 2)) } }
        let (payload, summary) = coder.encode(images: images, sizes: sizes)
        XCTAssertEqual(summary.tiles, 1 + 4 + 1 + 2)
        XCTAssertEqual(try coder.decode(payload, sizes: sizes), images)
        XCTAssertEqual(coder.encode(images: images, sizes: sizes).payload, payload, "compressing twice must give the same bytes")
        // Decoding with the wrong maxval is caught by the clean-start check, not decoded silently.
        let wrong = sizes.map { ImageSize(width: $0.width, height: $0.height, maxValue: $0.maxValue == 255 ? 254 : $0.maxValue) }
        XCTAssertThrowsError(try coder.decode(payload, sizes: wrong))
    }

    func test_decode_grayscale_refusesAPixelPrecisionTooSmallForTheMaxval() {
        var parameters = BitsBackParameters(for: CodingModelTests.mixture)
        parameters.pixelPrecision = 8
        let coder = VLAEImageCoder(codec: BitsBackCodec(model: grayCoding, parameters: parameters), chains: 1)
        XCTAssertThrowsError(try coder.decode([1, 0, 0, 0, 0], sizes: [ImageSize(width: 28, height: 28, maxValue: 255)])) { error in
            guard case VLAECodingError.badParameters = error else { return XCTFail("unexpected \(error)") }
        }
    }

    func test_decode_corruptedPayload_throwsNotClean() {
        let coder = VLAEImageCoder(codec: BitsBackCodec(model: coding), chains: 1)
        let images = CodingModelTests.randomTiles(3, seed: 14)
        let sizes = Array(repeating: ImageSize(width: 28, height: 28), count: 3)
        var (payload, _) = coder.encode(images: images, sizes: sizes)
        payload[payload.count / 2] ^= 0x10
        XCTAssertThrowsError(try coder.decode(payload, sizes: sizes)) { error in
            guard case VLAECodingError.notClean = error else { return XCTFail("unexpected \(error)") }
        }
    }

    func test_netCost_matchesRealMessageGrowth() {
        let codec = BitsBackCodec(model: coding), workspace = CodingWorkspace(model: coding)
        var stack = RansStack(seed: 1)
        let tiles = CodingModelTests.randomTiles(16, seed: 15).map { Tile(image: $0, width: 28, height: 28, tileRow: 0, tileColumn: 0, side: 28) }
        var cost = TileCost()
        for t in tiles { cost = cost + codec.push(t, maxValue: 1, to: &stack, using: workspace) }
        // Real bits = information on the message; it equals the ideal net cost plus the seeded
        // initial words drawn plus the clean start's 31 bits (up to rounding).
        let real = stack.informationBits
        XCTAssertEqual(real, cost.netBits + Double(32 * stack.initialWordsConsumed) + 31, accuracy: 0.001 * real)
    }

    /// A model of another tile side cuts images into its own tiles: 105×70 at S = 32 is 4×3 tiles.
    func test_imageCoder_tileSide32_roundTripsImagesOfAnySize() throws {
        let coding = CodingModel(CodingModelTests.smallModel(seed: 21, channels: 8, tile: 32))
        let coder = VLAEImageCoder(codec: BitsBackCodec(model: coding), chains: 2)
        var rng = SplitMix64(seed: 22)
        let sizes = [ImageSize(width: 105, height: 70), ImageSize(width: 32, height: 32), ImageSize(width: 7, height: 40)]
        let images = sizes.map { s in (0..<(s.width * s.height)).map { _ in UInt8(rng.next() % 5 == 0 ? 1 : 0) } }
        let (payload, summary) = coder.encode(images: images, sizes: sizes)
        XCTAssertEqual(summary.tiles, 12 + 1 + 2)
        XCTAssertEqual(try coder.decode(payload, sizes: sizes), images)
    }

    /// The forms of files before cheap chain starts (versions 1 to 5) still read.
    func test_parameters_withModelName_roundTripAsVersion2() throws {
        var named = BitsBackParameters(for: CodingModelTests.mixture, modelName: "scans été")
        named.chainStart = nil
        XCTAssertEqual(named.version, 2)
        XCTAssertEqual(try BitsBackParameters(version: 2, bytes: named.bytes), named)
        var legacy = BitsBackParameters()
        legacy.chainStart = nil
        XCTAssertEqual(legacy.version, 4, "the shipped models' files took one byte")
        XCTAssertEqual(legacy.bytes, [12])
        XCTAssertEqual(try BitsBackParameters(version: 4, bytes: [12]), legacy)
        XCTAssertEqual(try BitsBackParameters(version: 1, bytes: legacy.bytes(inVersion: 1)), legacy, "version 1 files still read")
        XCTAssertThrowsError(try BitsBackParameters(version: 4, bytes: [21]))
        XCTAssertThrowsError(try BitsBackParameters(version: 4, bytes: [12, 0]))
        XCTAssertThrowsError(try BitsBackParameters(version: 2, bytes: named.bytes.dropLast()))
        XCTAssertThrowsError(try BitsBackParameters(version: 3, bytes: named.bytes))
        XCTAssertThrowsError(try BitsBackParameters(version: 2, bytes: legacy.bytes(inVersion: 1) + [1, 7]), "a control character is not a name")
        XCTAssertEqual(BitsBackParameters(for: .bernoulli, modelName: String(repeating: "é", count: 200)).modelName?.utf8.count, 254)
    }

    /// Chain starts: one byte for the default settings (version 4 with bit 7), the long form
    /// with particles, a name, another start or other precisions (version 6); out-of-range
    /// values refused. The ramp of bucket bits per push position.
    func test_parameters_withChainStart_roundTripAsVersions4And6() throws {
        let plain = BitsBackParameters()
        XCTAssertEqual(plain.chainStart, BitsBackParameters.ChainStart(bits: 1, ramp: 3, oneParticleTiles: 8))
        XCTAssertEqual((0..<7).map(plain.bucketBits(atPushPosition:)), [1, 4, 7, 10, 12, 12, 12])
        XCTAssertEqual(plain.bucketBits(atPushPosition: Int.max), 12)
        XCTAssertEqual(plain.version, 4)
        XCTAssertEqual(plain.bytes, [12 | 0x80])
        XCTAssertEqual(try BitsBackParameters(version: 4, bytes: [12 | 0x80]), plain)
        var weighted = plain
        weighted.particles = 8
        weighted.chainStart = .init(bits: 3, ramp: 0, oneParticleTiles: 5)
        XCTAssertEqual(weighted.version, 6)
        XCTAssertEqual(weighted.bucketBits(atPushPosition: 1000), 3, "ramp 0: every tile at the start's buckets")
        XCTAssertEqual(weighted.particles(atPushPosition: 1000), 1, "and so with one particle")
        var ramped = weighted
        ramped.chainStart = .init(bits: 1, ramp: 3, oneParticleTiles: 5)
        XCTAssertEqual((0..<7).map(ramped.particles(atPushPosition:)), [1, 1, 1, 1, 1, 8, 8])
        XCTAssertEqual(try BitsBackParameters(version: 6, bytes: weighted.bytes), weighted)
        var named = BitsBackParameters(for: CodingModelTests.mixture, modelName: "scans")
        named.skipsBlankTiles = true
        for n in BitsBackParameters.particleCounts {
            named.particles = n
            XCTAssertEqual(named.version, 6)
            XCTAssertEqual(try BitsBackParameters(version: 6, bytes: named.bytes), named)
        }
        var bytes = weighted.bytes
        for (index, value, why) in [(13, 13, "start buckets finer than the others"), (13, 0, "no start buckets"), (14, 21, "ramp over 20"),
                                    (12, 7, "2^7 particles"), (16, 1, "a name length beyond the bytes")] {
            var broken = bytes
            broken[index] = UInt8(value)
            XCTAssertThrowsError(try BitsBackParameters(version: 6, bytes: broken), why)
        }
        bytes.removeLast()
        XCTAssertThrowsError(try BitsBackParameters(version: 6, bytes: bytes))
        XCTAssertThrowsError(try BitsBackParameters(version: 6, bytes: Array(named.bytes.prefix(15))))
        XCTAssertThrowsError(try BitsBackParameters(version: 7, bytes: plain.bytes))
    }

    /// A file's chain count is the encoder's choice from version 6 on (the decoder takes it from
    /// the payload), and each chain's first tile pops far fewer initial bits than before.
    func test_imageCoder_anyChainCount_roundTrips_andCheapStartsPopFewerInitialBits() throws {
        let images = CodingModelTests.randomTiles(9, seed: 26)
        let sizes = [ImageSize](repeating: ImageSize(width: 28, height: 28), count: 9)
        for chains in [1, 2, 5, 9] {
            let coder = VLAEImageCoder(codec: BitsBackCodec(model: coding), chains: chains)
            let (payload, summary) = coder.encode(images: images, sizes: sizes)
            XCTAssertEqual(payload.first, UInt8(chains))
            XCTAssertEqual(try VLAEImageCoder(codec: BitsBackCodec(model: coding)).decode(payload, sizes: sizes), images, "\(chains) chains")
            XCTAssertLessThanOrEqual(summary.initialBits, chains * 96, "\(chains) chains")
        }
        var legacy = BitsBackParameters()
        legacy.chainStart = nil
        let old = VLAEImageCoder(codec: BitsBackCodec(model: coding, parameters: legacy)).encode(images: images, sizes: sizes)
        XCTAssertEqual(old.payload.first, 2, "files before version 6 have two chains")
        let cheap = VLAEImageCoder(codec: BitsBackCodec(model: coding), chains: 2).encode(images: images, sizes: sizes)
        XCTAssertLessThan(cheap.summary.initialBits * 2, old.summary.initialBits)
        XCTAssertEqual(VLAEImageCoder(codec: BitsBackCodec(model: coding)).chainCount(tiles: 9), 1)
        XCTAssertEqual([255, 256, 1023, 1024, 4096, 10_000].map(VLAEImageCoder(codec: BitsBackCodec(model: coding)).chainCount(tiles:)),
                       [1, 2, 2, 4, 8, 8])
        // A chain count the payload cannot have: more chains than tiles.
        var tooMany = VLAEImageCoder(codec: BitsBackCodec(model: coding), chains: 9).encode(images: images, sizes: sizes).payload
        XCTAssertThrowsError(try VLAEImageCoder(codec: BitsBackCodec(model: coding)).decode(tooMany, sizes: Array(sizes.prefix(8))))
        tooMany[0] = 0
        XCTAssertThrowsError(try VLAEImageCoder(codec: BitsBackCodec(model: coding)).decode(tooMany, sizes: sizes))
    }

    /// Two chains decoded in lock-step (lanes) give what one chain at a time gives, with chains
    /// of unequal lengths, partial tiles, grayscale maxvals, particles and blank tiles.
    func test_decode_withTwoLanes_equalsOneLane() throws {
        var rng = SplitMix64(seed: 27)
        let sizes = [ImageSize(width: 28, height: 28), ImageSize(width: 45, height: 30), ImageSize(width: 5, height: 61), ImageSize(width: 28, height: 28)]
        let images = sizes.map { s in (0..<(s.width * s.height)).map { _ in UInt8(rng.next() % 4 == 0 ? 1 : 0) } }
        var weighted = BitsBackParameters()
        weighted.particles = 4
        for (parameters, chains) in [(BitsBackParameters(), 3), (BitsBackParameters(), 4), (weighted, 2)] {
            let coder = VLAEImageCoder(codec: BitsBackCodec(model: coding, parameters: parameters), chains: chains)
            let payload = coder.encode(images: images, sizes: sizes).payload
            XCTAssertEqual(try coder.decode(payload, sizes: sizes, lanes: 1), images)
            XCTAssertEqual(try coder.decode(payload, sizes: sizes, lanes: 2), images, "\(chains) chains, \(parameters.particles) particles")
        }
        let graySizes = [ImageSize(width: 33, height: 30, maxValue: 15), ImageSize(width: 28, height: 29, maxValue: 255)]
        let grayImages = graySizes.map { s in (0..<(s.width * s.height)).map { i in UInt8((i * 7 + Int(rng.next() % 3)) % (s.maxValue + 1)) } }
        let grayCoder = VLAEImageCoder(codec: BitsBackCodec(model: grayCoding, parameters: BitsBackParameters(for: CodingModelTests.mixture)), chains: 4)
        let grayPayload = grayCoder.encode(images: grayImages, sizes: graySizes).payload
        XCTAssertEqual(try grayCoder.decode(grayPayload, sizes: graySizes, lanes: 2), grayImages)
        // A corrupted payload still fails in lanes, naming a chain.
        var broken = grayPayload
        broken[broken.count / 2] ^= 0x10
        XCTAssertThrowsError(try grayCoder.decode(broken, sizes: graySizes, lanes: 2))
    }
}
