import Container
import XCTest

final class ZstdTests: XCTestCase {
    /// 20,000 bytes of smooth texture with noise: compressible, but not trivially.
    private let texture: [UInt8] = {
        var random = TestRandom(seed: 42)
        return (0..<20_000).map { UInt8(truncatingIfNeeded: ($0 % 200) / 3 + random.below(8)) }
    }()

    func test_roundTrip_acrossLevels_givesInputBack() throws {
        for level in [Zstd.levels.lowerBound, -1, 0, 1, 3, 19, Zstd.strongestLevel] {
            let frame = try Zstd.compress(texture, level: level)
            if level >= 1 {
                XCTAssertLessThan(frame.count, texture.count, "level \(level)")
            }
            XCTAssertEqual(try Zstd.decompress(frame, expectedSize: texture.count), texture, "level \(level)")
        }
        XCTAssertEqual(Zstd.strongestLevel, 22)
    }

    func test_roundTrip_emptyAndOneByte() throws {
        for input in [[], [0x42]] as [[UInt8]] {
            let frame = try Zstd.compress(input, level: 22)
            XCTAssertEqual(try Zstd.decompress(frame, expectedSize: input.count), input)
        }
    }

    func test_compress_twice_givesSameFrame() throws {
        XCTAssertEqual(try Zstd.compress(texture, level: 19), try Zstd.compress(texture, level: 19))
    }

    func test_compress_levelOutOfRange_throws() {
        assertThrows(ZstdError.levelOutOfRange(23, Zstd.levels)) { try Zstd.compress(texture, level: 23) }
        let tooFast = Zstd.levels.lowerBound - 1
        assertThrows(ZstdError.levelOutOfRange(tooFast, Zstd.levels)) { try Zstd.compress(texture, level: tooFast) }
    }

    func test_decompress_wrongExpectedSize_throwsMismatch() throws {
        let frame = try Zstd.compress(texture, level: 3)
        assertThrows(ZstdError.contentSizeMismatch(declared: 20_000, expected: 19_999)) {
            try Zstd.decompress(frame, expectedSize: 19_999)
        }
    }

    func test_decompress_sizeOverLimit_throwsBeforeReading() {
        let limit = Zstd.maxContentSize
        XCTAssertEqual(limit, 1 << 29)
        assertThrows(ZstdError.sizeOverLimit(limit + 1, limit: limit)) {
            try Zstd.decompress([], expectedSize: limit + 1)
        }
        assertThrows(ZstdError.sizeOverLimit(-1, limit: limit)) { try Zstd.decompress([], expectedSize: -1) }
    }

    func test_decompress_garbageOrUnknownSize_throws() {
        assertThrows(ZstdError.notAFrame) { try Zstd.decompress(Array("hello, not zstd".utf8), expectedSize: 5) }
        assertThrows(ZstdError.notAFrame) { try Zstd.decompress([], expectedSize: 0) }
        let skippable: [UInt8] = [0x50, 0x2A, 0x4D, 0x18, 0, 0, 0, 0]
        assertThrows(ZstdError.notAFrame) { try Zstd.decompress(skippable, expectedSize: 0) }
        // Magic, descriptor without content size, 1 KiB window, one empty raw last block.
        let noSize: [UInt8] = [0x28, 0xB5, 0x2F, 0xFD, 0x00, 0x00, 0x01, 0x00, 0x00]
        assertThrows(ZstdError.unknownContentSize) { try Zstd.decompress(noSize, expectedSize: 0) }
    }

    func test_decompress_trailingBytes_throws() throws {
        let frame = try Zstd.compress(texture, level: 3)
        assertThrows(ZstdError.trailingBytes(2)) { try Zstd.decompress(frame + [0, 0], expectedSize: texture.count) }
        assertThrows(ZstdError.trailingBytes(frame.count)) {
            try Zstd.decompress(frame + frame, expectedSize: texture.count)
        }
    }

    func test_decompress_everyTruncation_throws() throws {
        let frame = try Zstd.compress(Array(texture.prefix(3_000)), level: 3)
        for end in 0..<frame.count {
            XCTAssertThrowsError(try Zstd.decompress(Array(frame[0..<end]), expectedSize: 3_000), "end \(end)")
        }
    }

    func test_decompress_corruptedFrame_throwsOrGivesInputBack() throws {
        let input = Array(texture.prefix(3_000))
        let frame = try Zstd.compress(input, level: 3)
        var refused = 0
        for position in 0..<frame.count {
            for mask: UInt8 in [0x01, 0x80] {
                var corrupted = frame
                corrupted[position] ^= mask
                do {
                    let decoded = try Zstd.decompress(corrupted, expectedSize: input.count)
                    XCTAssertEqual(decoded, input, "byte \(position)")
                } catch is ZstdError {
                    refused += 1
                }
            }
        }
        // Only a few header bits (e.g. a larger window) may leave the content intact.
        XCTAssertGreaterThan(refused, 2 * frame.count - 8)
    }
}
