import XCTest
import ImageIO

final class NetpbmReaderTests: XCTestCase {
    private func read(_ text: String, maxPixels: Int = ImageIOLimits.defaultMaxPixels) throws -> NetpbmDocument {
        try NetpbmReader.read(Array(text.utf8), maxPixels: maxPixels)
    }

    private func assertThrows(_ text: String, _ expected: NetpbmError, maxPixels: Int = ImageIOLimits.defaultMaxPixels,
                              file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try read(text, maxPixels: maxPixels), file: file, line: line) { error in
            XCTAssertEqual(error as? NetpbmError, expected, file: file, line: line)
        }
    }

    func test_read_p4_keepsFileBits_oneIsBlack() throws {
        let document = try NetpbmReader.read(Array("P4 10 1\n".utf8) + [0b1000_0001, 0b0100_0000])
        XCTAssertEqual(document.images[0].pixels, [1, 0, 0, 0, 0, 0, 0, 1, 0, 1])
        XCTAssertEqual(document.images[0].maxval, 1)
        XCTAssertEqual(document.layout.images[0].rowPadding, [])
    }

    func test_read_p4_nonzeroPadding_isRecordedPerRow() throws {
        let document = try NetpbmReader.read(Array("P4 3 3\n".utf8) + [0b1110_0000, 0b0001_0001, 0b0000_0010])
        XCTAssertEqual(document.images[0].pixels, [1, 1, 1, 0, 0, 0, 0, 0, 0])
        XCTAssertEqual(document.layout.images[0].rowPadding, [0, 0b1_0001, 0b10])
    }

    func test_read_p1_digitsWithoutSeparators() throws {
        let document = try read("P1\n3 2\n011\n1#c\n0 0")
        XCTAssertEqual(document.images[0].pixels, [0, 1, 1, 1, 0, 0])
        XCTAssertEqual(document.images[0].variant, .p1)
        XCTAssertEqual(document.layout.images[0].header.variant, .p4)
        XCTAssertNil(document.layout.images[0].headerBytes)
    }

    func test_read_p2WithMaxvalOne_staysGraymap() throws {
        let document = try read("P2 2 1 1 1 0")
        XCTAssertEqual(document.layout.images[0].header.variant, .p5)
        XCTAssertEqual(document.images[0].pixels, [1, 0])
    }

    func test_read_commentEndsBinaryHeader_rasterStartsAfterItsNewline() throws {
        let document = try read("P5 2 1 255#comment\nAB")
        XCTAssertEqual(document.images[0].pixels, [65, 66])
        XCTAssertEqual(document.layout.images[0].headerBytes, Array("P5 2 1 255#comment\n".utf8))
    }

    func test_read_hashAfterDelimiter_isRasterData() throws {
        let document = try read("P5 1 1 255\n#\n")
        XCTAssertEqual(document.images[0].pixels, [UInt8(ascii: "#")])
        XCTAssertEqual(document.layout.trailingBytes, [0x0A])
    }

    func test_read_crlfAndLeadingZeros() throws {
        let document = try read("P5\r\n003 1\r\n0255\r\u{1}\u{2}\u{3}")
        XCTAssertEqual(document.images[0].width, 3)
        XCTAssertEqual(document.images[0].maxval, 255)
        XCTAssertEqual(document.images[0].pixels, [1, 2, 3])
    }

    func test_read_whitespaceBetweenImages_isKeptInNextHeader() throws {
        let document = try read("P5 1 1 255\nA \n\tP5 1 1 255\nB")
        XCTAssertEqual(document.images.map(\.pixels), [[65], [66]])
        XCTAssertEqual(document.layout.images[1].headerBytes, Array(" \n\tP5 1 1 255\n".utf8))
    }

    func test_read_trailingBytesThatDoNotStartAnImage_areKept() throws {
        let document = try read("P5 1 1 255\nA\nP9 junk")
        XCTAssertEqual(document.images.count, 1)
        XCTAssertEqual(document.layout.trailingBytes, Array("\nP9 junk".utf8))
    }

    func test_read_magicOfUnsupportedFormatAfterAnImage_throws() {
        assertThrows("P5 1 1 255\nA\nP6 1 1 255\nabc", .unsupportedVariant(image: 1, magic: "P6"))
    }

    func test_read_pixelLimit_countsAllImagesBeforeAllocating() throws {
        let twoImages = "P5 10 10 255\n" + String(repeating: "a", count: 100) + "P5 10 10 255\n"
        assertThrows(twoImages, .tooLarge(pixels: 200, limit: 150), maxPixels: 150)
        // With the limit raised, the second image's missing raster is what fails.
        assertThrows(twoImages, .truncatedBody(image: 1), maxPixels: 200)
    }

    func test_read_pixelLimit_exactlyAtLimit_isAccepted() throws {
        let document = try read("P5 4 4 255\n" + String(repeating: "z", count: 16), maxPixels: 16)
        XCTAssertEqual(document.images[0].pixels.count, 16)
    }

    func test_read_plainRasterEndingInsideNumber_throwsMalformedPixel() {
        assertThrows("P2 2 1 255 1 2x", .malformedPixel(image: 0, index: 1))
    }

    func test_read_negativeSample_throwsMalformedPixel() {
        assertThrows("P2 2 1 255 1 -2", .malformedPixel(image: 0, index: 1))
    }

    func test_read_bitmapWithUnterminatedFinalComment_isTrailing() throws {
        let document = try read("P1 1 1 1# no newline")
        XCTAssertEqual(document.images[0].pixels, [1])
        XCTAssertEqual(document.layout.trailingBytes, Array("# no newline".utf8))
    }

    func test_read_unterminatedCommentAsRasterDelimiter_throwsTruncatedHeader() {
        assertThrows("P5 1 1 255#", .truncatedHeader(image: 0, field: .rasterDelimiter))
    }

    func test_read_overflowingMaxval_throwsNumberOverflow() {
        assertThrows("P5 1 1 2147483648\n", .numberOverflow(image: 0, field: .maxval))
    }

    func test_read_largestHeaderNumber_isNotOverflow() {
        assertThrows("P5 2147483647 1 255\n", .tooLarge(pixels: 2_147_483_647, limit: ImageIOLimits.defaultMaxPixels))
    }

    func test_errors_haveOneLineDescriptions() {
        let errors: [NetpbmError] = [
            .emptyInput, .badMagic(offset: 3), .unsupportedVariant(image: 0, magic: "P7"),
            .truncatedHeader(image: 1, field: .rasterDelimiter), .malformedField(image: 0, field: .width),
            .numberOverflow(image: 0, field: .pixel), .nonPositiveDimension(image: 0, field: .height, value: -1),
            .invalidMaxval(image: 0, value: 0), .unsupportedMaxval(image: 0, value: 65535),
            .pixelAboveMaxval(image: 0, index: 4, value: 9, maxval: 7), .malformedPixel(image: 0, index: 2),
            .truncatedBody(image: 0), .tooLarge(pixels: 5, limit: 4), .pixelCountMismatch(expected: 4, actual: 3),
        ]
        for error in errors {
            XCTAssertFalse(error.description.isEmpty)
            XCTAssertFalse(error.description.contains("\n"), "\(error)")
        }
    }
}
