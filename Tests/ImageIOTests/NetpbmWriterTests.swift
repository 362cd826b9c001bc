import XCTest
import ImageIO

final class NetpbmWriterTests: XCTestCase {
    func test_canonicalBytes_p5_isMagicDimensionsMaxvalThenSamples() throws {
        let image = try NetpbmImage(variant: .p5, width: 3, height: 1, maxval: 200, pixels: [0, 100, 200])
        XCTAssertEqual(NetpbmWriter.canonicalBytes(for: image), Array("P5\n3 1\n200\n".utf8) + [0, 100, 200])
    }

    func test_canonicalBytes_p4_packsMostSignificantBitFirstWithZeroPadding() throws {
        let image = try NetpbmImage(variant: .p1, width: 10, height: 1, maxval: 1, pixels: [1, 0, 0, 0, 0, 0, 0, 1, 1, 1])
        XCTAssertEqual(NetpbmWriter.canonicalBytes(for: image), Array("P4\n10 1\n".utf8) + [0b1000_0001, 0b1100_0000])
    }

    func test_canonicalBytes_plainBitmap_wrapsLinesAt70Characters() throws {
        let pixels = (0..<150).map { UInt8($0 % 2) }
        let image = try NetpbmImage(variant: .p4, width: 75, height: 2, maxval: 1, pixels: pixels)
        let text = String(decoding: NetpbmWriter.canonicalBytes(for: image, plain: true), as: UTF8.self)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        XCTAssertEqual(lines.first, "P1")
        XCTAssertEqual(lines[1], "75 2")
        XCTAssertEqual(lines[2].count, 70)
        XCTAssertEqual(lines[3].count, 5)
        XCTAssertTrue(lines.allSatisfy { $0.count <= 70 })
    }

    func test_canonicalBytes_plainGraymap_separatesSamplesWithSpaces() throws {
        let image = try NetpbmImage(variant: .p5, width: 3, height: 2, maxval: 255, pixels: [0, 7, 255, 10, 20, 30])
        let text = String(decoding: NetpbmWriter.canonicalBytes(for: image, plain: true), as: UTF8.self)
        XCTAssertEqual(text, "P2\n3 2\n255\n0 7 255\n10 20 30\n")
    }

    func test_bytes_plainSource_isCanonicalBinaryPlusTrailingBytes() throws {
        let document = try NetpbmReader.read(Array("P1 # c\n2 2 0 1\n1 0\n".utf8))
        XCTAssertEqual(NetpbmWriter.bytes(for: document), Array("P4\n2 2\n".utf8) + [0b0100_0000, 0b1000_0000, 0x0A])
    }

    func test_bytes_canonicalDocument_concatenatesImages() throws {
        let first = try NetpbmImage(variant: .p5, width: 1, height: 1, maxval: 255, pixels: [9])
        let second = try NetpbmImage(variant: .p4, width: 1, height: 1, maxval: 1, pixels: [1])
        let bytes = NetpbmWriter.bytes(for: NetpbmDocument(images: [first, second]))
        XCTAssertEqual(bytes, Array("P5\n1 1\n255\n".utf8) + [9] + Array("P4\n1 1\n".utf8) + [0x80])
    }

    func test_imageInit_rejectsSamplesAboveMaxvalAndWrongCount() {
        XCTAssertThrowsError(try NetpbmImage(variant: .p5, width: 2, height: 1, maxval: 7, pixels: [7, 8])) { error in
            XCTAssertEqual(error as? NetpbmError, .pixelAboveMaxval(image: 0, index: 1, value: 8, maxval: 7))
        }
        XCTAssertThrowsError(try NetpbmImage(variant: .p4, width: 2, height: 1, maxval: 1, pixels: [1])) { error in
            XCTAssertEqual(error as? NetpbmError, .pixelCountMismatch(expected: 2, actual: 1))
        }
        XCTAssertThrowsError(try NetpbmImage(variant: .p4, width: 1, height: 1, maxval: 7, pixels: [1])) { error in
            XCTAssertEqual(error as? NetpbmError, .invalidMaxval(image: 0, value: 7))
        }
        XCTAssertThrowsError(try NetpbmHeader(variant: .p5, width: Int.max, height: 2, maxval: 255)) { error in
            XCTAssertEqual(error as? NetpbmError, .numberOverflow(image: 0, field: .width))
        }
        XCTAssertThrowsError(try NetpbmHeader(variant: .p5, width: 1, height: 1, maxval: 256)) { error in
            XCTAssertEqual(error as? NetpbmError, .unsupportedMaxval(image: 0, value: 256))
        }
    }
}
