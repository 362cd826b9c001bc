import DeterministicMath
import EntropyCoder
import ModelFile
@testable import VLAE
@testable import VLAECoding
import XCTest

/// Models whose first PixelCNN layer reads neighbouring tiles: the training and coding models
/// agree on the canvas, the coder round-trips through bands and blank-tile flags.
final class NeighbourContextTests: XCTestCase {
    static func contextModel(seed: UInt64, pixelModel: PixelModel = .bernoulli, tile: Int = 16) -> VLAEModel {
        var config = VLAEConfig()
        config.tile = tile
        config.latents = 6; config.encoderChannels = [8, 8]; config.encoderHidden = 16
        config.madeHidden = 16; config.channels = 32; config.layers = 1; config.pixelModel = pixelModel
        config.neighbourContext = true
        return VLAEModel(config: config, seed: seed)
    }

    /// A page-like bi-level image: white with strokes of ink in some regions only.
    static func page(width: Int, height: Int, seed: UInt64) -> [UInt8] {
        var rng = SplitMix64(seed: seed)
        var pixels = [UInt8](repeating: 0, count: width * height)
        for _ in 0..<(width * height / 150) {
            let y = Int(rng.next() % UInt64(height)), x = Int(rng.next() % UInt64(width / 2 + 1))
            for dx in 0..<Int(rng.next() % 9) where x + dx < width { pixels[y * width + x + dx] = 1 }
        }
        return pixels
    }

    func test_canvas_bandIsTheRowsAboveThenTheLeftColumns() {
        let canvas = TileCanvas(side: 16, border: 2)
        XCTAssertEqual(canvas.width, 20); XCTAssertEqual(canvas.height, 18)
        let band = canvas.band
        XCTAssertEqual(band.count, 2 * 20 + 16 * 2)
        XCTAssertTrue(band.prefix(40).allSatisfy { $0.dy < 0 })
        XCTAssertTrue(band.suffix(32).allSatisfy { $0.dy >= 0 && $0.dx < 0 })
        XCTAssertEqual(Set(band.map { canvas.index(dy: $0.dy, dx: $0.dx) }).count, band.count)
        XCTAssertEqual(canvas.index(ofTilePixel: 0), 2 * 20 + 2)
        XCTAssertEqual(VLAEConfig().canvas, TileCanvas(side: 28, border: 0), "models without context read the tile alone")
    }

    func test_codingModel_matchesFloatModel_throughTheBand() {
        for (pixelModel, maxValue) in [(PixelModel.bernoulli, 1), (.logisticMixture(components: 2), 255)] {
            let model = Self.contextModel(seed: 21, pixelModel: pixelModel)
            var rng = SplitMix64(seed: 22)
            let image = TrainingImages.Image(width: 50, height: 41, pixels: (0..<(50 * 41)).map { i in
                maxValue == 1 ? Self.page(width: 50, height: 41, seed: 23)[i] : UInt8(truncatingIfNeeded: (i % 50) * 5 + Int(rng.next() % 9))
            })
            let set = TrainingImages(images: [image], maxValue: maxValue).tiles(canvas: model.config.canvas, seed: 3)
            XCTAssertGreaterThan(set.count, 2)
            XCTAssertTrue(set.bands.contains { $0 >= 0 } && set.bands.contains(-1), "crops have pixels around them and edges without")
            let n = set.count
            let ws = VLAEWorkspace(model: model, batch: n)
            ws.load(set, 0..<n, pixelModel: pixelModel)
            ws.noise.zero()
            model.forward(ws)
            let coding = CodingModel(model), d = model.config.latents, s = model.config.pixels
            let count = pixelModel.outputChannels, bandSize = set.canvas.band.count
            var bandMattered = false
            for i in 0..<n {
                let z = (0..<d).map { ws.z[i * d + $0] }
                let state = PixelCNNState(model: coding)
                state.condition(on: z, maxValue: maxValue)
                state.setBand(Array(set.bands[(i * bandSize)..<((i + 1) * bandSize)]))
                let outputs = state.outputs(for: set.tile(i))
                state.condition(on: z, maxValue: maxValue)
                let alone = state.outputs(for: set.tile(i))
                bandMattered = bandMattered || alone != outputs
                for p in 0..<s {
                    for c in 0..<count {
                        XCTAssertEqual(outputs[p * count + c], ws.logits[c * n * s + i * s + p], accuracy: 1e-4, "tile \(i) pixel \(p) output \(c)")
                    }
                }
            }
            XCTAssertTrue(bandMattered, "the band must reach the outputs")
        }
    }

    func test_trainingCrops_leaveOutBlankBiLevelTiles_forContextModels() {
        let page = TrainingImages(images: [.init(width: 64, height: 64, pixels: Self.page(width: 64, height: 64, seed: 5))], maxValue: 1)
        let plain = page.tiles(side: 16, seed: 1), context = page.tiles(canvas: TileCanvas(side: 16, border: 2), seed: 1)
        XCTAssertEqual(plain.count, 16)
        XCTAssertLessThan(context.count, plain.count, "the right half of the page has no ink")
        for i in 0..<context.count { XCTAssertTrue(context.tile(i).contains(1)) }
    }

    func test_imageCoder_withContext_roundTripsPagesAndCodesBlankTilesWithFlags() throws {
        let model = Self.contextModel(seed: 31)
        let coding = CodingModel(model)
        let parameters = BitsBackParameters(for: model.config)
        XCTAssertTrue(parameters.skipsBlankTiles)
        let coder = VLAEImageCoder(codec: BitsBackCodec(model: coding, parameters: parameters), chains: 2)
        let sizes = [ImageSize(width: 70, height: 53), ImageSize(width: 9, height: 5), ImageSize(width: 40, height: 40)]
        var images = sizes.enumerated().map { Self.page(width: $1.width, height: $1.height, seed: 40 + UInt64($0)) }
        images[2] = [UInt8](repeating: 0, count: 1600)
        let (payload, summary) = coder.encode(images: images, sizes: sizes)
        XCTAssertEqual(summary.tiles, 5 * 4 + 1 + 9)
        XCTAssertEqual(try coder.decode(payload, sizes: sizes), images)
        XCTAssertEqual(try coder.decode(payload, sizes: sizes, lanes: 2), images, "two chains in lock-step, blank tiles in one only")
        XCTAssertEqual(coder.encode(images: images, sizes: sizes).payload, payload, "compressing twice must give the same bytes")
        XCTAssertGreaterThan(summary.cost.flags, 0)

        let blank = [[UInt8](repeating: 0, count: 160 * 160)], blankSize = [ImageSize(width: 160, height: 160)]
        let empty = coder.encode(images: blank, sizes: blankSize)
        XCTAssertEqual(try coder.decode(empty.payload, sizes: blankSize), blank)
        XCTAssertLessThan(empty.summary.cost.netBits, 20, "100 blank tiles cost flags only")
        XCTAssertLessThan(empty.payload.count, 32, "the chain headers and two rANS states, little more")

        // Without flags (a grayscale context model) the coder still round-trips through bands.
        let gray = CodingModel(Self.contextModel(seed: 32, pixelModel: .logisticMixture(components: 2)))
        let grayCoder = VLAEImageCoder(codec: BitsBackCodec(model: gray, parameters: BitsBackParameters(for: gray.config)), chains: 2)
        var rng = SplitMix64(seed: 33)
        let graySizes = [ImageSize(width: 37, height: 34, maxValue: 255), ImageSize(width: 16, height: 16, maxValue: 9)]
        let grayImages = graySizes.map { s in (0..<(s.width * s.height)).map { i in UInt8(min(s.maxValue, (i % s.width) * s.maxValue / s.width + Int(rng.next() % 2))) } }
        let coded = grayCoder.encode(images: grayImages, sizes: graySizes)
        XCTAssertEqual(try grayCoder.decode(coded.payload, sizes: graySizes), grayImages)
    }

    func test_parametersVersion3_roundTripFlagsAndName() throws {
        var parameters = BitsBackParameters(for: .bernoulli, modelName: "pages")
        parameters.skipsBlankTiles = true
        parameters.chainStart = nil   // the forms before cheap chain starts
        XCTAssertEqual(parameters.version, 3)
        XCTAssertEqual(try BitsBackParameters(version: 3, bytes: parameters.bytes), parameters)
        parameters.modelName = nil
        XCTAssertEqual(try BitsBackParameters(version: 3, bytes: parameters.bytes(inVersion: 3)), parameters)
        var unknownFlag = parameters.bytes(inVersion: 3)
        unknownFlag[11] = 2
        XCTAssertThrowsError(try BitsBackParameters(version: 3, bytes: unknownFlag))
        XCTAssertThrowsError(try BitsBackParameters(version: 5, bytes: parameters.bytes(inVersion: 3)))
        // Without a name, version 4's one byte holds the flag.
        XCTAssertEqual(parameters.version, 4)
        XCTAssertEqual(parameters.bytes, [12 | 1 << 6])
        XCTAssertEqual(try BitsBackParameters(version: 4, bytes: parameters.bytes), parameters)
    }
}
