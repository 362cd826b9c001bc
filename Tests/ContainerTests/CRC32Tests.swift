import Container
import XCTest

final class CRC32Tests: XCTestCase {
    func test_checksum_standardCheckValue() {
        XCTAssertEqual(CRC32.checksum(Array("123456789".utf8)), 0xCBF4_3926)
        XCTAssertEqual(CRC32.checksum([]), 0)
    }

    func test_update_inPieces_equalsOneCall() {
        var random = TestRandom(seed: 7)
        let bytes = random.bytes(10_000)
        var crc = CRC32()
        var start = 0
        while start < bytes.count {
            let end = min(bytes.count, start + 1 + random.below(3_000))
            crc.update(Array(bytes[start..<end]))
            start = end
        }
        XCTAssertEqual(crc.value, CRC32.checksum(bytes))
    }

    func test_bigEndianSamples_equalsBytesMostSignificantFirst() {
        var random = TestRandom(seed: 8)
        // More than one internal chunk of 4,096 samples.
        let samples = (0..<9_001).map { _ in UInt16(truncatingIfNeeded: random.next()) }
        var crc = CRC32()
        crc.update(bigEndianSamples: samples)
        XCTAssertEqual(crc.value, CRC32.checksum(samples.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }))
    }
}
