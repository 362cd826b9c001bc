import Foundation
import ImageIO
import XCTest

/// The PNG fixtures (Fixtures/png, made by make-png-fixtures.py with its own encoder): every
/// `valid-*` file must read as png/manifest.json says, every other file must be refused with the
/// error listed here.
final class PNGReaderTests: XCTestCase {
    private struct Entry: Decodable {
        var width: Int
        var height: Int
        var bitDepth: Int
        var samples: [UInt8]
    }

    private enum Expected {
        case error(PNGError)
        /// libpng's refusal; its message is libpng's, so only the case is pinned.
        case corrupt
    }

    private let refusals: [String: Expected] = [
        "colour-rgb.png": .error(.unsupportedColourType(2)),
        "colour-palette.png": .error(.unsupportedColourType(3)),
        "gray-alpha.png": .error(.unsupportedColourType(4)),
        "colour-rgba.png": .error(.unsupportedColourType(6)),
        "gray8-trns.png": .error(.transparency),
        "gray16.png": .error(.unsupportedBitDepth(16)),
        "truncated-in-idat.png": .error(.truncated),
        "truncated-no-iend.png": .error(.truncated),
        "truncated-signature-only.png": .error(.truncated),
        "bad-signature-lf.png": .error(.badSignature),
        "bad-crc-idat.png": .corrupt,
        "bad-crc-text.png": .corrupt,
        "bad-zlib.png": .corrupt,
        "bad-filter-type.png": .corrupt,
        "bad-bit-depth-3.png": .corrupt,
        "bad-colour-type-5.png": .corrupt,
        "bad-width-zero.png": .corrupt,
        "bad-idat-before-ihdr.png": .corrupt,
        "dims-absurd.png": .error(.tooLarge(width: 0x7FFF_FFFF, height: 0x7FFF_FFFF, limit: ImageIOLimits.defaultMaxPixels)),
        "dims-just-over-limit.png": .error(.tooLarge(width: 16385, height: 16384, limit: ImageIOLimits.defaultMaxPixels)),
        // Exactly at the limit: accepted by the header check, then found truncated.
        "dims-at-limit-truncated.png": .error(.truncated),
    ]

    private func manifest() throws -> [String: Entry] {
        try JSONDecoder().decode([String: Entry].self, from: Data(Fixtures.bytes("png", "manifest.json")))
    }

    private func read(_ name: String, maxPixels: Int = ImageIOLimits.defaultMaxPixels) throws -> PNGImage {
        try PNGReader.read(Fixtures.bytes("png", name), maxPixels: maxPixels)
    }

    func test_everyPNGFixture_isInTheManifestOrHasAnExpectedError() throws {
        let names = Set(try Fixtures.names(in: "png")).subtracting(["manifest.json"])
        let valid = Set(try manifest().keys)
        XCTAssertEqual(names, valid.union(refusals.keys))
        XCTAssertTrue(valid.allSatisfy { $0.hasPrefix("valid-") })
        XCTAssertGreaterThanOrEqual(valid.count, 7)
    }

    /// 1-, 2-, 4- and 8-bit, Adam7 and not, all five filters, image data split over many IDAT
    /// chunks, ancillary chunks, widths 1 and 105, bytes after IEND.
    func test_validFixtures_readAsManifestSays() throws {
        for (name, entry) in try manifest() {
            let image = try read(name)
            XCTAssertEqual(image, try PNGImage(width: entry.width, height: entry.height, bitDepth: entry.bitDepth, samples: entry.samples), name)
        }
    }

    func test_refusedFixtures_throwTheirTypedError() throws {
        for (name, expected) in refusals {
            XCTAssertThrowsError(try read(name), name) { error in
                switch (expected, error as? PNGError) {
                case let (.error(expected), actual):
                    XCTAssertEqual(actual, expected, name)
                case let (.corrupt, .corrupt(reason)?):
                    XCTAssertFalse(reason.isEmpty, name)
                default:
                    XCTFail("\(name): expected libpng's refusal, got \(error)")
                }
            }
        }
    }

    func test_oneBitFixture_blackIsOne() throws {
        // PNG gray 0 (black) becomes sample 1, as in PBM; the Python script writes PNG's values.
        let image = try read("valid-gray1-1x9.png")
        XCTAssertEqual(image.maxValue, 1)
        XCTAssertEqual(image.samples, try XCTUnwrap(manifest()["valid-gray1-1x9.png"]).samples)
        XCTAssertTrue(image.samples.contains(0) && image.samples.contains(1))
    }

    func test_pixelLimit_isCheckedFromTheHeader() throws {
        XCTAssertThrowsError(try read("valid-gray8-105x5-filters-chunks.png", maxPixels: 524)) {
            XCTAssertEqual($0 as? PNGError, .tooLarge(width: 105, height: 5, limit: 524))
        }
        XCTAssertEqual(try read("valid-gray8-105x5-filters-chunks.png", maxPixels: 525).width, 105)
        XCTAssertThrowsError(try read("dims-at-limit-truncated.png", maxPixels: 1000)) {
            XCTAssertEqual($0 as? PNGError, .tooLarge(width: 16384, height: 16384, limit: 1000))
        }
    }

    func test_emptyOrShortInput_hasBadSignature() {
        for bytes in [[], Array(PNGReader.signature.prefix(4)), Array(PNGReader.signature.prefix(7))] {
            XCTAssertThrowsError(try PNGReader.read(bytes)) { XCTAssertEqual($0 as? PNGError, .badSignature) }
        }
    }

    func test_everyPrefixOfAValidFile_isRefusedWithATypedError() throws {
        let bytes = try Fixtures.bytes("png", "valid-gray2-7x5-adam7.png")
        for length in 0..<bytes.count {
            XCTAssertThrowsError(try PNGReader.read(Array(bytes.prefix(length))), "prefix \(length)")
        }
    }

    func test_everyErrorDescription_isOneNonEmptyLine() {
        let errors: [PNGError] = [
            .badSignature, .truncated, .corrupt(reason: "IDAT: CRC error"), .unsupportedColourType(2),
            .unsupportedColourType(3), .unsupportedColourType(4), .unsupportedColourType(6), .unsupportedBitDepth(16),
            .unsupportedBitDepth(3), .transparency, .tooLarge(width: 1, height: 2, limit: 1), .badDimensions(width: 0, height: 1),
            .sampleCountMismatch(expected: 2, actual: 1), .sampleAboveMaxValue(index: 0, value: 2, maxValue: 1),
        ]
        for error in errors {
            XCTAssertFalse(error.description.isEmpty)
            XCTAssertFalse(error.description.contains("\n"))
        }
        XCTAssertEqual(PNGError.unsupportedColourType(2).description,
                       "PNG is colour (colour type 2); only grayscale PNGs are supported")
    }
}
