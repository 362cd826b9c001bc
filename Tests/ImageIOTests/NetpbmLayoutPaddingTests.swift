import ImageIO
import XCTest

/// Sparse P4 row padding in a serialised layout: each entry's bits are checked as it is read
/// (not by a scan of every row afterwards, which a few bytes announcing a tall image would make
/// cost O(height)).
final class NetpbmLayoutPaddingTests: XCTestCase {
    /// A layout of one verbatim "P4 9 3" header (7 padding bits per row) with one sparse padding
    /// entry for row 1, and nothing trailing.
    private func layout(paddingOfRow1 value: UInt8) -> [UInt8] {
        let header = Array("P4 9 3\n".utf8)
        return [1, 1, 1, 1, UInt8(header.count)] + header + [1, 1, 1, value, 0]
    }

    func test_sparsePadding_valueWithinPaddingBits_isKeptForItsRow() throws {
        let parsed = try NetpbmLayout(serialized: layout(paddingOfRow1: 0x7F))
        XCTAssertEqual(parsed.images[0].rowPadding, [0, 0x7F, 0])
        XCTAssertEqual(try NetpbmLayout(serialized: parsed.serialized()), parsed)
    }

    func test_sparsePadding_valueBeyondPaddingBits_isInvalid() {
        XCTAssertThrowsError(try NetpbmLayout(serialized: layout(paddingOfRow1: 0x80))) { error in
            XCTAssertEqual(error as? NetpbmLayoutError, .invalidPadding(image: 0))
        }
    }

    func test_sparsePadding_ofATallImage_isLimitedByTheCallersPixelLimit() {
        // P4, 1 × 2^20 rows, one padded row: refused by a limit of 2^20 − 1 pixels before any row exists.
        let tall: [UInt8] = [1, 1, 1, 0, 4, 1, 0x80, 0x80, 0x40, 1, 1, 1, 0, 1, 0]
        XCTAssertThrowsError(try NetpbmLayout(serialized: tall, maxPixels: (1 << 20) - 1)) { error in
            XCTAssertEqual(error as? NetpbmLayoutError, .tooLarge(pixels: 1 << 20, limit: (1 << 20) - 1))
        }
        XCTAssertEqual(try NetpbmLayout(serialized: tall, maxPixels: 1 << 20).images[0].rowPadding.count, 1 << 20)
    }
}
