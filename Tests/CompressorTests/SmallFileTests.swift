import Compressor
import Container
import ImageIO
import XCTest

/// Single small images (issue "works the way zstd users expect", small files): a digit's file is
/// its compact header (24 bytes) and a payload with a cheap start; bi-level fallbacks are packed.
final class SmallFileTests: XCTestCase {
    private func digits(_ count: Int) throws -> [[UInt8]] {
        let test = try IDXReader.read(try TestFiles.bytes(try TestFiles.sharedData("binarized-mnist/test-images-idx3-ubyte.gz")))
        return try (0..<count).map { n in
            let image = try NetpbmImage(variant: .p4, width: 28, height: 28, maxval: 1, pixels: Array(test.values[(n * 784)..<((n + 1) * 784)]))
            return NetpbmWriter.bytes(for: NetpbmDocument(images: [image]))
        }
    }

    func test_fiveSingleDigits_averageAtMost90Bytes_andRoundTrip() throws {
        var total = 0
        for digit in try digits(5) {
            let result = try Compressor.compress(digit)
            XCTAssertEqual(result.codec, .vlae)
            XCTAssertEqual(try VZFile(parsing: result.output).headerLength, 24)
            XCTAssertEqual(try Compressor.decompress(result.output).output, digit)
            total += result.compressedSize
        }
        XCTAssertLessThanOrEqual(total, 5 * 90, "five digits take \(total) bytes")
    }

    /// The stored and zstd files of a bitmap carry it packed: stored is the P4 raster plus the
    /// header, zstd's payload no larger than zstd of the whole P4 file.
    func test_biLevelFallbacks_arePacked() throws {
        let digit = try digits(1)[0]
        let stored = try Compressor.compress(digit, codec: .stored)
        let file = try VZFile(parsing: stored.output)
        XCTAssertEqual(file.payload.count, 28 * 4)
        XCTAssertEqual(try Compressor.decompress(stored.output).output, digit)
        let zstd = try Compressor.compress(digit, codec: .zstd)
        let zstdFile = try VZFile(parsing: zstd.output)
        XCTAssertLessThanOrEqual(zstdFile.payload.count, try Zstd.compress(digit, level: Compressor.zstdLevel).count)
        XCTAssertEqual(try Compressor.decompress(zstd.output).output, digit)
    }
}
