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

/// Among the shipped grayscale models, auto compression keeps the one made for the input.
final class ShippedGrayscaleChoiceTests: XCTestCase {
    func test_digitsGetTheDigitModel_andGarmentsTheGarmentModel() throws {
        let mnist = try IDXReader.read(TestFiles.bytes(TestFiles.sharedData("mnist/t10k-images-idx3-ubyte.gz")))
        let digits = (0..<12).map { Array(mnist.values[($0 * 784)..<(($0 + 1) * 784)]) }
        let garments = try NetpbmReader.read(TestFiles.bytes(TestFiles.repositoryRoot.appendingPathComponent("Corpora/fashion-t10k-008-039.pgm"))).images.map(\.pixels)
        let sizes = Array(repeating: ImageSize(width: 28, height: 28, maxValue: 255), count: 12)
        XCTAssertEqual(try Compressor.vlaeModel(for: digits, sizes: sizes, models: .shippedOnly).name, ShippedModel.mnist.rawValue)
        XCTAssertEqual(try Compressor.vlaeModel(for: Array(garments.prefix(12)), sizes: sizes, models: .shippedOnly).name,
                       ShippedModel.fashionMNIST.rawValue)
    }
}
