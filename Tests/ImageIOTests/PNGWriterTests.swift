import DeterministicMath
import ImageIO
import XCTest

final class PNGWriterTests: XCTestCase {
    private func randomImage(width: Int, height: Int, bitDepth: Int, seed: UInt64) throws -> PNGImage {
        var rng = SplitMix64(seed: seed)
        let samples = (0..<(width * height)).map { _ in UInt8.random(in: 0...UInt8((1 << bitDepth) - 1), using: &rng) }
        return try PNGImage(width: width, height: height, bitDepth: bitDepth, samples: samples)
    }

    /// Row lengths that fill whole bytes and that leave 1 to 7 bits unused at each bit depth.
    func test_writeThenRead_everyBitDepthAndOddWidths_givesTheSameImage() throws {
        var seed: UInt64 = 1
        for bitDepth in PNGImage.bitDepths {
            for (width, height) in [(105, 3), (1, 7), (13, 11), (8, 2), (9, 1), (28, 28)] {
                seed += 1
                let image = try randomImage(width: width, height: height, bitDepth: bitDepth, seed: seed)
                XCTAssertEqual(try PNGReader.read(PNGWriter.bytes(for: image)), image, "\(bitDepth)-bit \(width)×\(height), seed \(seed)")
            }
        }
    }

    func test_header_isGrayscaleOfTheImageBitDepth_notInterlaced() throws {
        for bitDepth in PNGImage.bitDepths {
            let bytes = PNGWriter.bytes(for: try randomImage(width: 3, height: 2, bitDepth: bitDepth, seed: 7))
            XCTAssertEqual(Array(bytes.prefix(8)), PNGReader.signature)
            // Length 13, "IHDR", width 3, height 2, depth, colour type 0, compression, filter, interlace 0.
            XCTAssertEqual(Array(bytes[8..<29]), [0, 0, 0, 13] + Array("IHDR".utf8) + [0, 0, 0, 3, 0, 0, 0, 2, UInt8(bitDepth), 0, 0, 0, 0])
        }
    }

    func test_interlacedFixture_isWrittenBackNotInterlaced_withTheSamePixels() throws {
        let image = try PNGReader.read(Fixtures.bytes("png", "valid-gray1-13x11-adam7.png"))
        let written = PNGWriter.bytes(for: image)
        XCTAssertEqual(written[28], 0)
        XCTAssertEqual(try PNGReader.read(written), image)
    }

    func test_grayscale_isTheEightBitImage() throws {
        let image = try randomImage(width: 5, height: 4, bitDepth: 8, seed: 3)
        XCTAssertEqual(PNGWriter.grayscale(width: 5, height: 4, pixels: image.samples), PNGWriter.bytes(for: image))
    }

    func test_imageInit_refusesWhatAPNGCannotHold() {
        let cases: [(PNGError, () throws(PNGError) -> PNGImage)] = [
            (.unsupportedBitDepth(16), { () throws(PNGError) in try PNGImage(width: 1, height: 1, bitDepth: 16, samples: [0]) }),
            (.unsupportedBitDepth(3), { () throws(PNGError) in try PNGImage(width: 1, height: 1, bitDepth: 3, samples: [0]) }),
            (.badDimensions(width: 0, height: 1), { () throws(PNGError) in try PNGImage(width: 0, height: 1, bitDepth: 8, samples: []) }),
            (.badDimensions(width: 1, height: 1 << 31), { () throws(PNGError) in try PNGImage(width: 1, height: 1 << 31, bitDepth: 8, samples: []) }),
            (.sampleCountMismatch(expected: 4, actual: 3), { () throws(PNGError) in try PNGImage(width: 2, height: 2, bitDepth: 8, samples: [0, 0, 0]) }),
            (.sampleAboveMaxValue(index: 2, value: 2, maxValue: 1), { () throws(PNGError) in try PNGImage(width: 3, height: 1, bitDepth: 1, samples: [0, 1, 2]) }),
            (.sampleAboveMaxValue(index: 0, value: 16, maxValue: 15), { () throws(PNGError) in try PNGImage(width: 1, height: 1, bitDepth: 4, samples: [16]) }),
        ]
        for (expected, build) in cases {
            XCTAssertThrowsError(try build()) { XCTAssertEqual($0 as? PNGError, expected) }
        }
    }
}
