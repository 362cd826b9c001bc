import XCTest
import ImageIO

/// Reads the real data sets in ../shared/data (see its README) when the folder exists.
final class RealDataTests: XCTestCase {
    private func load(_ relativePath: String) throws -> IDXArray {
        guard let data = Fixtures.sharedData else {
            throw XCTSkip("../shared/data is absent: real IDX files not checked")
        }
        return try IDXReader.read(contentsOfFile: data.appendingPathComponent(relativePath).path)
    }

    private func maximum(_ values: [UInt8]) -> UInt8 {
        values.withUnsafeBufferPointer { buffer in
            var largest: UInt8 = 0
            for value in buffer where value > largest { largest = value }
            return largest
        }
    }

    func test_mnistLabels_haveKnownFirstLabels() throws {
        let labels = try load("mnist/t10k-labels-idx1-ubyte.gz")
        XCTAssertEqual(labels.dimensions, [10_000])
        XCTAssertEqual(Array(labels.values.prefix(10)), [7, 2, 1, 0, 4, 1, 4, 9, 5, 9])
        XCTAssertEqual(maximum(labels.values), 9)
    }

    func test_mnistImages_areEightBitAndRoundTrip() throws {
        let images = try load("mnist/t10k-images-idx3-ubyte.gz")
        XCTAssertEqual(images.dimensions, [10_000, 28, 28])
        XCTAssertEqual(maximum(images.values), 255)
        XCTAssertEqual(try IDXReader.read(IDXWriter.bytes(for: images)), images)
    }

    func test_binarizedMnist_splitsHaveKnownSizesAndBinaryValues() throws {
        for (split, count) in [("train", 50_000), ("valid", 10_000), ("test", 10_000)] {
            let images = try load("binarized-mnist/\(split)-images-idx3-ubyte.gz")
            XCTAssertEqual(images.dimensions, [count, 28, 28], split)
            XCTAssertEqual(maximum(images.values), 1, split)
        }
    }
}
