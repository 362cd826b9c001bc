import Container
import XCTest

final class BitFlipTests: XCTestCase {
    /// Flips in the magic give badMagic, in the version unsupportedVersion (or, for a flip to
    /// another readable version, whatever that version's parser refuses), in the header length
    /// a length, truncation or CRC error, and anywhere after it a header CRC mismatch.
    func test_parse_everySingleBitFlipInHeader_isDetected() {
        for file in Fixtures.all {
            let bytes = file.serialized()
            for bit in 0..<(8 * file.headerLength) {
                var flipped = bytes
                flipped[bit / 8] ^= 1 << (bit % 8)
                let error = parseError(flipped)
                switch (bit / 8, error) {
                case (0..<8, .badMagic?), (8..<10, .unsupportedVersion?):
                    break
                case (8..<10, _?) where VZFormat.readableVersions.contains(UInt16(flipped[8]) | UInt16(flipped[9]) << 8):
                    break
                case (10..<14, .badHeaderLength?), (10..<14, .truncated?), (10..<14, .headerChecksumMismatch?):
                    break
                case (14..., .headerChecksumMismatch?):
                    break
                default:
                    XCTFail("bit \(bit) of \(file.header.codec) header: \(String(describing: error))")
                }
            }
        }
    }

    func test_storedPayloadBitFlip_isCaughtByPixelChecksum() throws {
        let file = Fixtures.file(.stored, Fixtures.uniformSource)
        let bytes = file.serialized()
        for bit in stride(from: 8 * file.headerLength, to: 8 * bytes.count, by: 5) {
            var flipped = bytes
            flipped[bit / 8] ^= 1 << (bit % 8)
            let parsed = try VZFile(parsing: flipped)
            XCTAssertThrowsError(try parsed.header.verifyPixels(parsed.payload)) { error in
                guard case ContainerError.pixelChecksumMismatch = error else {
                    return XCTFail("bit \(bit): \(error)")
                }
            }
        }
    }

    func test_zstdPayloadBitFlip_neverDecodesToOtherPixels() throws {
        let file = Fixtures.file(.zstd, Fixtures.explicitSource)
        let bytes = file.serialized()
        let expectedSize = file.header.source.sampleStreamLength
        for bit in 8 * file.headerLength..<8 * bytes.count {
            var flipped = bytes
            flipped[bit / 8] ^= 1 << (bit % 8)
            let parsed = try VZFile(parsing: flipped)
            // Either zstd refuses the frame, or the pixels it gives are the original ones.
            if let decoded = try? Zstd.decompress(parsed.payload, expectedSize: expectedSize) {
                XCTAssertNoThrow(try parsed.header.verifyPixels(decoded), "bit \(bit)")
            }
        }
    }
}
