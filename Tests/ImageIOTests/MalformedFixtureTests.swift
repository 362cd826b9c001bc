import XCTest
import ImageIO

/// Every file in Fixtures/malformed (made by make-fixtures.py, named after its problem) must
/// throw exactly the error listed here; files whose name starts with `idx-` go to the IDX
/// reader, the others to the Netpbm reader.
final class MalformedFixtureTests: XCTestCase {
    private enum Expected {
        case netpbm(NetpbmError)
        case idx(IDXError)
        case corruptGzip
    }

    private let expectations: [String: Expected] = [
        "empty.pgm": .netpbm(.emptyInput),
        "bad-magic.pgm": .netpbm(.badMagic(offset: 0)),
        "p6-unsupported-variant.ppm": .netpbm(.unsupportedVariant(image: 0, magic: "P6")),
        "p5-truncated-header.pgm": .netpbm(.truncatedHeader(image: 0, field: .height)),
        "p5-missing-maxval.pgm": .netpbm(.truncatedHeader(image: 0, field: .maxval)),
        "p5-malformed-width.pgm": .netpbm(.malformedField(image: 0, field: .width)),
        "p5-missing-separator.pgm": .netpbm(.malformedField(image: 0, field: .width)),
        "p5-width-zero.pgm": .netpbm(.nonPositiveDimension(image: 0, field: .width, value: 0)),
        "p5-height-negative.pgm": .netpbm(.nonPositiveDimension(image: 0, field: .height, value: -3)),
        "p5-width-overflow.pgm": .netpbm(.numberOverflow(image: 0, field: .width)),
        "p5-maxval-zero.pgm": .netpbm(.invalidMaxval(image: 0, value: 0)),
        "p5-maxval-16bit.pgm": .netpbm(.unsupportedMaxval(image: 0, value: 65535)),
        "p5-maxval-too-large.pgm": .netpbm(.invalidMaxval(image: 0, value: 70000)),
        "p5-pixel-above-maxval.pgm": .netpbm(.pixelAboveMaxval(image: 0, index: 2, value: 9, maxval: 7)),
        "p5-no-raster-delimiter.pgm": .netpbm(.truncatedHeader(image: 0, field: .rasterDelimiter)),
        "p5-truncated-body.pgm": .netpbm(.truncatedBody(image: 0)),
        "p5-too-large.pgm": .netpbm(.tooLarge(pixels: 1 << 32, limit: ImageIOLimits.defaultMaxPixels)),
        "p5-second-image-truncated.pgm": .netpbm(.truncatedBody(image: 1)),
        "p4-truncated-body.pbm": .netpbm(.truncatedBody(image: 0)),
        "p4-height-zero.pbm": .netpbm(.nonPositiveDimension(image: 0, field: .height, value: 0)),
        "p1-bad-digit.pbm": .netpbm(.malformedPixel(image: 0, index: 2)),
        "p1-truncated-body.pbm": .netpbm(.truncatedBody(image: 0)),
        "p2-pixel-above-maxval.pgm": .netpbm(.pixelAboveMaxval(image: 0, index: 2, value: 16, maxval: 15)),
        "p2-pixel-overflow.pgm": .netpbm(.numberOverflow(image: 0, field: .pixel)),
        "p2-malformed-pixel.pgm": .netpbm(.malformedPixel(image: 0, index: 2)),
        "p2-truncated-body.pgm": .netpbm(.truncatedBody(image: 0)),
        "idx-bad-magic.idx": .idx(.badMagic),
        "idx-unsupported-type.idx": .idx(.unsupportedType(0x0D)),
        "idx-rank-zero.idx": .idx(.unsupportedRank(0)),
        "idx-rank-five.idx": .idx(.unsupportedRank(5)),
        "idx-truncated-header.idx": .idx(.truncatedHeader),
        "idx-dims-overflow.idx": .idx(.dimensionsOverflow),
        "idx-zero-dimension.idx": .idx(.zeroDimension(axis: 1)),
        "idx-too-large.idx": .idx(.tooLarge(elements: 1 << 32, limit: ImageIOLimits.defaultMaxPixels)),
        "idx-truncated-body.idx": .idx(.truncatedBody(expected: 12, available: 11)),
        "idx-trailing-bytes.idx": .idx(.trailingBytes(count: 1)),
        "idx-gzip-truncated.idx.gz": .idx(.truncatedGzip),
        "idx-gzip-bad-crc.idx.gz": .corruptGzip,
        "idx-gzip-trailing-garbage.idx.gz": .corruptGzip,
        "idx-gzip-truncated-body.idx.gz": .idx(.truncatedBody(expected: 16, available: 10)),
    ]

    func test_everyMalformedFixture_hasAnExpectation() throws {
        let names = try Fixtures.names(in: "malformed")
        XCTAssertEqual(Set(names), Set(expectations.keys))
        XCTAssertGreaterThanOrEqual(names.count, 15)
    }

    func test_everyMalformedFixture_throwsItsTypedError() throws {
        for name in try Fixtures.names(in: "malformed") {
            guard let expected = expectations[name] else { continue }
            let bytes = try Fixtures.bytes("malformed", name)
            switch expected {
            case let .netpbm(error):
                XCTAssertThrowsError(try NetpbmReader.read(bytes), name) { XCTAssertEqual($0 as? NetpbmError, error, name) }
            case let .idx(error):
                XCTAssertThrowsError(try IDXReader.read(bytes), name) { XCTAssertEqual($0 as? IDXError, error, name) }
            case .corruptGzip:
                XCTAssertThrowsError(try IDXReader.read(bytes), name) { error in
                    guard case .corruptGzip = error as? IDXError else { return XCTFail("\(name): \(error)") }
                }
            }
        }
    }
}
