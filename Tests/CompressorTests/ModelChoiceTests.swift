import DeterministicMath
import ImageIO
import Foundation
import ModelFile
@testable import Compressor
import VLAECoding
import XCTest

/// When several models may code an input, the compressor measures them on a sample of its tiles.
final class ModelChoiceTests: XCTestCase {
    /// Digit-like bi-level images: a thick ring per image.
    private func rings(_ count: Int) -> (images: [[UInt8]], sizes: [ImageSize]) {
        let images = (0..<count).map { i -> [UInt8] in
            (0..<784).map { p in
                let (y, x) = (p / 28 - 14, p % 28 - 13 + i % 3)
                let r2 = x * x + y * y
                return r2 > 30 && r2 < 70 ? 1 : 0
            }
        }
        return (images, Array(repeating: ImageSize(width: 28, height: 28), count: count))
    }

    func test_sampledCost_ofTheTrainedModel_isBelowAModelWithRandomWeights() throws {
        let shipped = try ShippedModel.binarizedMNIST.load()
        var rng = SplitMix64(seed: 3)
        let random = try ModelFile(bytes: ModelFile.encode(config: shipped.config, values: shipped.config.tensorShapes.mapValues { shape in
            (0..<shape.reduce(1, *)).map { _ in Float(rng.nextGaussian() * 0.05) }
        }, name: "random"), origin: .file(path: "random.safetensors"))
        let (images, sizes) = rings(20)
        let trained = Compressor.sampledBitsPerPixel(images, sizes: sizes, model: shipped)
        let untrained = Compressor.sampledBitsPerPixel(images, sizes: sizes, model: random)
        XCTAssertLessThan(trained, 0.5)
        XCTAssertLessThan(trained, untrained)
        XCTAssertEqual(Compressor.sampledBitsPerPixel(images, sizes: sizes, model: shipped), trained, "the measurement is deterministic")
    }
}

/// Binarized digits get the fast digit model; the larger one it superseded is no longer a candidate.
final class ShippedBiLevelChoiceTests: XCTestCase {
    func test_digitsGetTheFastDigitModel() throws {
        let test = try IDXReader.read(TestFiles.bytes(TestFiles.sharedData("binarized-mnist/test-images-idx3-ubyte.gz")))
        let digits = (0..<12).map { Array(test.values[($0 * 784)..<(($0 + 1) * 784)]) }
        let sizes = Array(repeating: ImageSize(width: 28, height: 28), count: 12)
        XCTAssertEqual(try Compressor.vlaeModel(for: digits, sizes: sizes, models: .shippedOnly).name, ShippedModel.binarizedMNISTFastInt16.rawValue)
        XCTAssertEqual(try ModelCatalog.shippedOnly.candidates(forMaxValue: 1).map(\.name),
                       [ShippedModel.pagesInt16, .binarizedMNISTFastInt16].map(\.rawValue))
    }
}

/// Among the shipped grayscale models, auto compression keeps the one made for the input; a
/// superseded model is no longer a candidate; garments get the fast garment model, and with
/// `--best` (the strongest catalog) the larger one, which an image unlike garments gets anyway.
final class ShippedGrayscaleChoiceTests: XCTestCase {
    func test_digitsGetTheDigitModel_andGarmentsTheFastGarmentModel_orWithBestTheLargerOne() throws {
        let mnist = try IDXReader.read(TestFiles.bytes(TestFiles.sharedData("mnist/t10k-images-idx3-ubyte.gz")))
        let digits = (0..<12).map { Array(mnist.values[($0 * 784)..<(($0 + 1) * 784)]) }
        let garments = try NetpbmReader.read(TestFiles.bytes(TestFiles.repositoryRoot.appendingPathComponent("Corpora/fashion-t10k-008-039.pgm"))).images.map(\.pixels)
        let sizes = Array(repeating: ImageSize(width: 28, height: 28, maxValue: 255), count: 12)
        XCTAssertEqual(try Compressor.vlaeModel(for: digits, sizes: sizes, models: .shippedOnly).name, ShippedModel.mnist64bInt16.rawValue)
        XCTAssertEqual(try ModelCatalog.shippedOnly.candidates(forMaxValue: 255).map(\.name),
                       [ShippedModel.fashionMNISTInt16, .mnist64bInt16, .fashionMNISTFastInt16].map(\.rawValue))
        XCTAssertEqual(try ModelCatalog.strongestShipped.candidates(forMaxValue: 255).map(\.name),
                       [ShippedModel.fashionMNISTInt16, .mnist64bInt16].map(\.rawValue))
        XCTAssertEqual(try ModelCatalog.strongestShipped.candidates(forMaxValue: 1).map(\.name),
                       try ModelCatalog.shippedOnly.candidates(forMaxValue: 1).map(\.name), "no stronger bi-level model")
        let twelve = Array(garments.prefix(12))
        XCTAssertEqual(try Compressor.vlaeModel(for: twelve, sizes: sizes, models: .shippedOnly).name, ShippedModel.fashionMNISTFastInt16.rawValue)
        XCTAssertEqual(try Compressor.vlaeModel(for: twelve, sizes: sizes, models: .strongestShipped).name, ShippedModel.fashionMNISTInt16.rawValue)
        let source = IDXWriter.bytes(for: try IDXArray(dimensions: [12, 28, 28], values: twelve.flatMap { $0 }))
        let fast = try Compressor.compress(source, codec: .vlae), best = try Compressor.compress(source, codec: .vlae, models: .strongestShipped)
        XCTAssertEqual(try Compressor.decompress(fast.output).output, source)
        XCTAssertEqual(try Compressor.decompress(best.output).output, source)
        // A texture of maxval 15 is unlike garments: the fast model spends far more on it, so the larger one codes it.
        let texture = try NetpbmReader.read(TestFiles.bytes(TestFiles.repositoryRoot.appendingPathComponent("Corpora/texture-97x61-maxval15.pgm"))).images[0]
        let textureSize = [ImageSize(width: texture.width, height: texture.height, maxValue: texture.maxval)]
        let fastCost = Compressor.sampledBitsPerPixel([texture.pixels], sizes: textureSize, model: try ShippedModel.fashionMNISTFastInt16.load())
        let largerCost = Compressor.sampledBitsPerPixel([texture.pixels], sizes: textureSize, model: try ShippedModel.fashionMNISTInt16.load())
        XCTAssertGreaterThan(fastCost, largerCost * (1 + Compressor.fasterModelMargin))
        XCTAssertEqual(try Compressor.vlaeModel(for: [texture.pixels], sizes: textureSize, models: .shippedOnly).name, ShippedModel.fashionMNISTInt16.rawValue)
    }
}

/// Auto compression of a large input codes it with vlae only when sampled tiles say vlae can win.
final class LargeInputEstimateTests: XCTestCase {
    /// Netpbm P4 bytes of bi-level images, one after another.
    private func p4(_ images: [[UInt8]], width: Int, height: Int) -> [UInt8] {
        images.flatMap { image -> [UInt8] in
            var bytes = Array("P4\n\(width) \(height)\n".utf8)
            for y in 0..<height {
                for x0 in stride(from: 0, to: width, by: 8) {
                    bytes.append((0..<8).reduce(UInt8(0)) { acc, i in x0 + i < width && image[y * width + x0 + i] == 1 ? acc | (0x80 >> i) : acc })
                }
            }
            return bytes
        }
    }

    func test_auto_skipsVLAE_whereTheSampleSaysItLoses() throws {
        // 320×256 (80 tiles of 32, 120 of 28): each row a random 40-pixel pattern repeated, zstd's
        // case (5-byte repeats) and no model's (random within 40 pixels, beyond what a PixelCNN sees).
        var random = SplitMix64(seed: 5)
        let rows = (0..<256).map { _ in (0..<40).map { _ in UInt8(random.next() & 1) } }
        let input = p4([(0..<(320 * 256)).map { rows[$0 / 320][$0 % 320 % 40] }], width: 320, height: 256)
        let lost = try Compressor.compress(input)
        XCTAssertNotNil(lost.vlaeSkipped?.model)
        XCTAssertNil(lost.vlae)
        XCTAssertEqual(lost.codec, .zstd)
        XCTAssertEqual(try Compressor.decompress(lost.output).output, input)
    }

    func test_estimate_keepsVLAE_forDigits() throws {
        let test = try IDXReader.read(TestFiles.bytes(TestFiles.sharedData("binarized-mnist/test-images-idx3-ubyte.gz")))
        let digits = (0..<100).map { Array(test.values[($0 * 784)..<(($0 + 1) * 784)]) }
        let sizes = Array(repeating: ImageSize(width: 28, height: 28), count: 100)
        let estimate = Compressor.estimatedPayloadBytes(digits, sizes: sizes, model: try ShippedModel.binarizedMNIST.load())
        let zstd = try Compressor.compress(p4(digits, width: 28, height: 28), codec: .zstd).compressedSize
        XCTAssertLessThan(Double(estimate), Compressor.skipMargin * Double(zstd))
        XCTAssertLessThan(Double(estimate), Double(zstd), "on digits vlae is expected to beat zstd outright")
    }
}
