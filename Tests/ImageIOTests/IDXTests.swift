import DeterministicMath
import XCTest
import ImageIO

final class IDXTests: XCTestCase {
    private func assertThrows(_ bytes: [UInt8], _ expected: IDXError, maxElements: Int = ImageIOLimits.defaultMaxPixels,
                              file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try IDXReader.read(bytes, maxElements: maxElements), file: file, line: line) { error in
            XCTAssertEqual(error as? IDXError, expected, file: file, line: line)
        }
    }

    func test_writer_emitsBigEndianHeaderThenValues() throws {
        let array = try IDXArray(dimensions: [2, 258], values: [UInt8](repeating: 7, count: 516))
        let bytes = IDXWriter.bytes(for: array)
        XCTAssertEqual(Array(bytes.prefix(12)), [0, 0, 8, 2, 0, 0, 0, 2, 0, 0, 1, 2])
        XCTAssertEqual(bytes.count, 12 + 516)
    }

    func test_roundTrip_randomArraysOfEveryRank() throws {
        var rng = SplitMix64(seed: 5)
        for trial in 0..<200 {
            let rank = Int.random(in: 1...4, using: &rng)
            let dimensions = (0..<rank).map { _ in Int.random(in: 1...6, using: &rng) }
            let count = dimensions.reduce(1, *)
            let values = (0..<count).map { _ in UInt8.random(in: 0...255, using: &rng) }
            let array = try IDXArray(dimensions: dimensions, values: values)
            XCTAssertEqual(try IDXReader.read(IDXWriter.bytes(for: array)), array, "seed 5 trial \(trial)")
        }
    }

    func test_read_elementLimit_isCheckedFromHeader() throws {
        let bytes = IDXWriter.bytes(for: try IDXArray(dimensions: [10, 10], values: [UInt8](repeating: 1, count: 100)))
        assertThrows(bytes, .tooLarge(elements: 100, limit: 99), maxElements: 99)
        XCTAssertNoThrow(try IDXReader.read(bytes, maxElements: 100))
    }

    func test_read_gzipFixture_appliesElementLimitBeforeInflatingData() throws {
        let bytes = try Fixtures.bytes("valid", "idx-rank3-images.idx.gz")
        assertThrows(bytes, .tooLarge(elements: 120, limit: 119), maxElements: 119)
    }

    func test_read_gzipBadTypeAndRank_reportTheirErrors() throws {
        // Build gzip members with zlib's "stored" blocks by hand: header, one final stored block, CRC, size.
        assertThrows(storedGzip([0, 0, 9, 1, 0, 0, 0, 0]), .unsupportedType(9))
        assertThrows(storedGzip([0, 0, 8, 7, 0, 0, 0, 0]), .unsupportedRank(7))
        assertThrows(storedGzip([1, 0, 8, 1]), .badMagic)
        assertThrows(storedGzip([0]), .truncatedHeader)
        XCTAssertEqual(try IDXReader.read(storedGzip([0, 0, 8, 1, 0, 0, 0, 2, 5, 6])).values, [5, 6])
    }

    func test_read_shortInputs_throwTruncatedHeader() {
        assertThrows([], .truncatedHeader)
        assertThrows([0], .truncatedHeader)
        assertThrows([0, 0, 8], .truncatedHeader)
        assertThrows([0x1F, 0x8B], .truncatedGzip)
    }

    func test_arrayInit_rejectsBadShapes() {
        XCTAssertThrowsError(try IDXArray(dimensions: [], values: [])) { XCTAssertEqual($0 as? IDXError, .unsupportedRank(0)) }
        XCTAssertThrowsError(try IDXArray(dimensions: [2, 2], values: [1])) {
            XCTAssertEqual($0 as? IDXError, .valueCountMismatch(expected: 4, actual: 1))
        }
        XCTAssertThrowsError(try IDXArray(dimensions: [1 << 32], values: [])) { XCTAssertEqual($0 as? IDXError, .dimensionsOverflow) }
        XCTAssertThrowsError(try IDXArray(dimensions: [3, 0], values: [])) { XCTAssertEqual($0 as? IDXError, .zeroDimension(axis: 1)) }
    }

    func test_errors_haveOneLineDescriptions() {
        let errors: [IDXError] = [
            .truncatedHeader, .badMagic, .unsupportedType(0x0D), .unsupportedRank(5), .zeroDimension(axis: 0), .dimensionsOverflow,
            .tooLarge(elements: 2, limit: 1), .truncatedBody(expected: 2, available: 1), .trailingBytes(count: 1),
            .valueCountMismatch(expected: 1, actual: 2), .corruptGzip("incorrect data check"), .truncatedGzip,
        ]
        for error in errors {
            XCTAssertFalse(error.description.isEmpty)
            XCTAssertFalse(error.description.contains("\n"), "\(error)")
        }
    }

    /// A gzip member holding `data` in one stored (uncompressed) deflate block.
    private func storedGzip(_ data: [UInt8]) -> [UInt8] {
        let length = UInt16(data.count)
        var bytes: [UInt8] = [0x1F, 0x8B, 8, 0, 0, 0, 0, 0, 0, 0xFF]
        bytes += [1, UInt8(length & 0xFF), UInt8(length >> 8), UInt8(~length & 0xFF), UInt8(~length >> 8)]
        bytes += data
        let crc = crc32(data)
        for shift in stride(from: 0, to: 32, by: 8) { bytes.append(UInt8(crc >> UInt32(shift) & 0xFF)) }
        for shift in stride(from: 0, to: 32, by: 8) { bytes.append(UInt8(UInt32(data.count) >> UInt32(shift) & 0xFF)) }
        return bytes
    }

    /// CRC-32 (IEEE, reflected, as gzip uses), bit by bit.
    private func crc32(_ data: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in data {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }
}
