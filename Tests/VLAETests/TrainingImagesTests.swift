import Foundation
import ImageIO
@testable import VLAE
import XCTest

/// Training data of any size: seeded crops that cover each image about once per epoch, padding
/// like the coder's, tile-sized sets used as they are, and loading from files and directories.
final class TrainingImagesTests: XCTestCase {
    private func ramp(width: Int, height: Int) -> TrainingImages.Image {
        TrainingImages.Image(width: width, height: height, pixels: (0..<(width * height)).map { UInt8(($0 % width + $0 / width) % 256) })
    }

    func test_tiles_ofLargerImages_areSeededCropsCoveringEachImage() {
        let set = TrainingImages(images: [ramp(width: 105, height: 105), ramp(width: 40, height: 20)], maxValue: 255)
        XCTAssertEqual(set.cropsPerEpoch(side: 32), 16 + 2)
        let a = set.tiles(side: 32, seed: 7), b = set.tiles(side: 32, seed: 7), c = set.tiles(side: 32, seed: 8)
        XCTAssertEqual(a.count, 18)
        XCTAssertEqual(a.side, 32)
        XCTAssertEqual(a.pixels, b.pixels, "the same seed gives the same crops")
        XCTAssertNotEqual(a.pixels, c.pixels, "another epoch gives other crops")
        // Each crop is a window of the ramp: value(x, y) = x + y + offset.
        for t in 0..<16 {
            let tile = a.tile(t), origin = Int(tile[0])
            XCTAssertEqual(Int(tile[31]), origin + 31)
            XCTAssertEqual(Int(tile[31 * 32 + 31]), origin + 62)
        }
    }

    func test_tiles_ofSmallerImages_repeatTheEdgePixels() {
        let set = TrainingImages(images: [ramp(width: 10, height: 6)], maxValue: 255)
        let tile = set.tiles(side: 16, seed: 1).tile(0)
        XCTAssertEqual(tile[15], 9, "columns past the edge repeat the last column")
        XCTAssertEqual(tile[15 * 16], 5, "rows past the edge repeat the last row")
    }

    func test_tiles_ofTileSizedImages_areTheImagesInOrder() {
        let images = [ramp(width: 28, height: 28), ramp(width: 28, height: 28)]
        let set = TrainingImages(images: images, maxValue: 255).tiles(side: 28, seed: 99)
        XCTAssertEqual(set.pixels, images.flatMap(\.pixels))
    }

    /// `--binarize`: each epoch a fresh seeded draw, ink with probability v/256 (never for 0).
    func test_binarizedEachEpoch_drawsInkWithProbabilityValueOver256_afreshEachEpoch() {
        let levels: [UInt8] = [0, 64, 128, 255]
        let images = levels.map { v in TrainingImages.Image(width: 28, height: 28, pixels: [UInt8](repeating: v, count: 784)) }
        let set = TrainingImages(images: Array(repeating: images, count: 25).flatMap { $0 }, maxValue: 255).binarizedEachEpoch()
        XCTAssertEqual(set.maxValue, 1)
        XCTAssertTrue(set[0..<8].binarizesEachEpoch, "a split keeps the rule")
        let a = set.tiles(side: 28, seed: 3), b = set.tiles(side: 28, seed: 3), c = set.tiles(side: 28, seed: 4)
        XCTAssertEqual(a.maxValue, 1)
        XCTAssertEqual(a.pixels, b.pixels, "the same epoch seed gives the same binarization")
        XCTAssertNotEqual(a.pixels, c.pixels, "another epoch draws again")
        XCTAssertTrue(a.pixels.allSatisfy { $0 <= 1 })
        for (i, v) in levels.enumerated() {
            let ink = stride(from: i, to: 100, by: 4).map { a.tile($0).reduce(0) { $0 + Int($1) } }.reduce(0, +)
            let expected = 25.0 * 784 * Double(v) / 256, sd = (25.0 * 784 * Double(v) / 256 * (1 - Double(v) / 256)).squareRoot()
            XCTAssertEqual(Double(ink), expected, accuracy: 5 * sd + 0.5, "value \(v)")
        }
    }

    func test_load_readsNetpbmAndIDXFromADirectoryRecursively() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vlae-training-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("sub"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let page = try NetpbmImage(variant: .p4, width: 40, height: 30, maxval: 1, pixels: (0..<1200).map { UInt8($0 % 7 == 0 ? 1 : 0) })
        try Data(NetpbmWriter.bytes(for: NetpbmDocument(images: [page, page]))).write(to: dir.appendingPathComponent("sub/pages.pbm"))
        try Data("not an image".utf8).write(to: dir.appendingPathComponent("notes.txt"))
        let loaded = try TrainingImages.load(paths: [dir.path])
        XCTAssertEqual(loaded.count, 2)
        XCTAssertEqual(loaded.maxValue, 1)
        XCTAssertEqual(loaded.images[0].pixels, page.pixels)
        XCTAssertThrowsError(try TrainingImages.load(paths: [dir.appendingPathComponent("missing").path]))
    }
}
