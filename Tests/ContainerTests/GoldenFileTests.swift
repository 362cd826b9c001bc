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

    func test_tinyStoredP5_matchesFormatSpecExample() throws {
        let header = try VZHeader(codec: .stored, source: .netpbm(ImageList([
            ImageShape(variant: .p5, maxval: 255, width: 3, height: 2),
        ])), pixelChecksum: CRC32.checksum(pixels))
        let bytes = try VZFile(header: header, payload: pixels).serialized()
        XCTAssertEqual(bytes.map { String($0, radix: 16) }.joined(separator: " "),
                       golden.map { String($0, radix: 16) }.joined(separator: " "))
        XCTAssertEqual(try VZFile(parsing: golden).payload, pixels)
    }
}
