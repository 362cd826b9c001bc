import Container
import XCTest

final class TruncationTests: XCTestCase {
    func test_parse_everyTruncationOffset_throwsTruncated() {
        for file in Fixtures.all {
            let bytes = file.serialized()
            for end in 0..<bytes.count {
                let error = parseError(Array(bytes[0..<end]))
                guard case let .truncated(needed, available) = error else {
                    XCTFail("prefix of \(end) of \(bytes.count) bytes: \(String(describing: error))")
                    continue
                }
                XCTAssertEqual(available, end)
                XCTAssertGreaterThan(needed, UInt64(end))
            }
        }
    }

    func test_parse_wholeFile_succeeds_oneMoreByte_isTrailing() throws {
        for file in Fixtures.all {
            let bytes = file.serialized()
            XCTAssertEqual(try VZFile(parsing: bytes), file)
            assertThrows(ContainerError.payloadLengthMismatch(
                declared: UInt64(file.payload.count), actual: UInt64(file.payload.count + 1))) {
                try VZFile(parsing: bytes + [0])
            }
        }
    }
}
