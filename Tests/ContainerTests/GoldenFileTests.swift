import Container
import ImageIO
import XCTest

/// The example of FORMAT.md ("A tiny file"), byte for byte: if this test changes, so must the spec.
final class GoldenFileTests: XCTestCase {
    private let pixels: [UInt8] = [0, 64, 128, 192, 255, 7]

    private var golden: [UInt8] {
        let hex = """
            89 56 4c 41 45 0d 0a 1a 01 00 37 00 00 00 06 00
            00 00 00 00 00 00 40 b1 87 98 00 01 00 00 00 00
            01 00 00 00 05 ff 00 03 00 00 00 02 00 00 00 00
            00 00 00 59 17 dd cb 00 40 80 c0 ff 07
            """
        return hex.split(whereSeparator: { $0 == " " || $0 == "\n" }).map { UInt8($0, radix: 16)! }
    }

    /// FORMAT.md's version 2 example: the same image with its canonical layout.
    func test_tinyStoredP5_matchesFormatSpecExample_version2() throws {
        let golden = "89 56 4c 41 45 0d 0a 1a 02 00 16 24 06 05 03 02 40 b1 87 98 b7 21 00 40 80 c0 ff 07"
            .split(separator: " ").map { UInt8($0, radix: 16)! }
        let layout = NetpbmLayout.canonical(for: [try NetpbmHeader(variant: .p5, width: 3, height: 2, maxval: 255)]).serialized()
        let header = try VZHeader(codec: .stored, source: .netpbm(ImageList([
            ImageShape(variant: .p5, maxval: 255, width: 3, height: 2),
        ])), layout: layout, pixelChecksum: CRC32.checksum(pixels))
        XCTAssertEqual(try VZFile(header: header, payload: pixels).serialized(), golden)
        XCTAssertEqual(try VZFile(parsing: golden).header, header)
    }

    func test_tinyStoredP5_matchesFormatSpecExample() throws {
        let header = try VZHeader(codec: .stored, source: .netpbm(ImageList([
            ImageShape(variant: .p5, maxval: 255, width: 3, height: 2),
        ])), pixelChecksum: CRC32.checksum(pixels), version: 1)
        let bytes = try VZFile(header: header, payload: pixels).serialized()
        XCTAssertEqual(bytes.map { String($0, radix: 16) }.joined(separator: " "),
                       golden.map { String($0, radix: 16) }.joined(separator: " "))
        XCTAssertEqual(try VZFile(parsing: golden).payload, pixels)
    }
}
