@testable import ContextCoding
import DeterministicMath
import XCTest

/// The context codec: exact round trips of bi-level and grayscale images of any size and
/// maxval, deterministic bytes, messages cut every `chunkPixels` pixels, rates that show the
/// models adapt, and clear errors (never a trap) for damaged payloads.
final class ContextCodecTests: XCTestCase {
    /// A smooth gradient with seeded noise of ±`noise` and a sharp-edged disc, in 0 … maxValue.
    private func grayscale(width: Int, height: Int, maxValue: Int, noise: Int = 2, seed: UInt64 = 1) -> [UInt8] {
        var random = SplitMix64(seed: seed)
        var pixels: [UInt8] = []
        for y in 0..<height {
            for x in 0..<width {
                let dx = x - width / 2, dy = y - height / 2
                let base = dx * dx + dy * dy < (width * width) / 16 ? maxValue * 3 / 4 : (x + 2 * y) * maxValue / max(1, width + 2 * height)
                let jitter = noise == 0 ? 0 : Int(random.next() % UInt64(2 * noise + 1)) - noise
                pixels.append(UInt8(min(max(base + jitter, 0), maxValue)))
            }
        }
        return pixels
    }

    /// Black strokes on white: a few lines of blocky "glyphs", and seeded specks.
    private func biLevel(width: Int, height: Int, seed: UInt64 = 1) -> [UInt8] {
        var random = SplitMix64(seed: seed)
        var pixels = [UInt8](repeating: 0, count: width * height)
        for y in 0..<height {
            for x in 0..<width where (y / 12) % 2 == 1 && (x / 7) % 3 != 2 && (x % 7 == 1 || y % 12 == 3) {
                pixels[y * width + x] = 1
            }
        }
        for _ in 0..<(width * height / 500) { pixels[Int(random.next() % UInt64(pixels.count))] ^= 1 }
        return pixels
    }

    private func roundTrip(_ samples: [UInt8], _ images: [ContextCodec.Image], biLevel: Bool,
                           file: StaticString = #filePath, line: UInt = #line) throws -> [UInt8] {
        let payload = ContextCodec.encode(samples, images: images, biLevel: biLevel)
        XCTAssertEqual(ContextCodec.encode(samples, images: images, biLevel: biLevel), payload, "encoding twice gives other bytes", file: file, line: line)
        XCTAssertEqual(try ContextCodec.decode(payload, images: images, biLevel: biLevel), samples, "decoded pixels differ", file: file, line: line)
        return payload
    }

    func test_grayscaleImages_roundTrip_atEveryShapeAndMaxval() throws {
        for (width, height) in [(1, 1), (1, 9), (9, 1), (2, 2), (37, 23), (64, 64)] {
            for maxValue in [1, 2, 3, 15, 200, 255] {
                let pixels = grayscale(width: width, height: height, maxValue: maxValue, noise: maxValue > 3 ? 3 : 1)
                _ = try roundTrip(pixels, [.init(width: width, height: height, maxValue: maxValue)], biLevel: false)
            }
        }
    }

    func test_extremeValues_roundTrip() throws {
        // Alternating 0 and maxval: every prediction error is as large as it can be.
        let checker = (0..<(32 * 32)).map { UInt8(($0 / 32 + $0 % 32) % 2 == 0 ? 255 : 0) }
        _ = try roundTrip(checker, [.init(width: 32, height: 32, maxValue: 255)], biLevel: false)
        var random = SplitMix64(seed: 9)
        let noise = (0..<4096).map { _ in UInt8(random.next() >> 56) }
        let payload = try roundTrip(noise, [.init(width: 64, height: 64, maxValue: 255)], biLevel: false)
        XCTAssertLessThan(payload.count, 4096 * 110 / 100, "uniform noise costs 8 bits a pixel and what the models pay to learn that")
    }

    func test_biLevelImages_roundTrip() throws {
        for (width, height) in [(1, 1), (13, 4), (5, 300), (300, 5), (200, 150)] {
            _ = try roundTrip(biLevel(width: width, height: height), [.init(width: width, height: height, maxValue: 1)], biLevel: true)
        }
    }

    func test_severalImages_andEmptyOnes_shareOnePayload() throws {
        let images: [ContextCodec.Image] = [.init(width: 20, height: 10, maxValue: 255), .init(width: 0, height: 0, maxValue: 255),
                                            .init(width: 7, height: 3, maxValue: 1), .init(width: 16, height: 16, maxValue: 15)]
        let samples = grayscale(width: 20, height: 10, maxValue: 255) + biLevel(width: 7, height: 3) + grayscale(width: 16, height: 16, maxValue: 15)
        _ = try roundTrip(samples, images, biLevel: false)
        XCTAssertEqual(try roundTrip([], [.init(width: 0, height: 5, maxValue: 1)], biLevel: true), [], "no pixels, no chunk")
    }

    /// More than `chunkPixels` pixels: two messages, each with its length, and the memory of one.
    func test_largeImages_areCutIntoChunks() throws {
        let width = 1100, height = 1000
        let pixels = grayscale(width: width, height: height, maxValue: 255, noise: 4)
        let payload = try roundTrip(pixels, [.init(width: width, height: height, maxValue: 255)], biLevel: false)
        let first = Int(payload[0]) | Int(payload[1]) << 8 | Int(payload[2]) << 16 | Int(payload[3]) << 24
        let second = Int(payload[4 + first]) | Int(payload[5 + first]) << 8 | Int(payload[6 + first]) << 16 | Int(payload[7 + first]) << 24
        XCTAssertEqual(8 + first + second, payload.count, "exactly two chunks")
        let rest = width * height - ContextCodec.chunkPixels
        XCTAssertGreaterThan(second, first * rest / ContextCodec.chunkPixels / 2, "the second chunk codes the last \(rest) pixels")
    }

    /// The models learn: a blank page and a smooth ramp cost next to nothing.
    func test_predictableImages_costNextToNothing() throws {
        let blank = [UInt8](repeating: 0, count: 1000 * 1000)
        XCTAssertLessThan(try roundTrip(blank, [.init(width: 1000, height: 1000, maxValue: 1)], biLevel: true).count, 200)
        let ramp = (0..<(256 * 256)).map { UInt8($0 % 256) }
        XCTAssertLessThan(try roundTrip(ramp, [.init(width: 256, height: 256, maxValue: 255)], biLevel: false).count, 256 * 256 / 40,
                          "a horizontal ramp is predicted exactly: well under 0.2 bits a pixel")
        let text = biLevel(width: 400, height: 400)
        XCTAssertLessThan(try roundTrip(text, [.init(width: 400, height: 400, maxValue: 1)], biLevel: true).count * 8, 400 * 400 / 4,
                          "regular strokes with specks: under a quarter of a bit a pixel")
    }

    func test_damagedPayloads_areRefusedOrDecodeToOtherPixels_neverTrap() throws {
        let image = ContextCodec.Image(width: 40, height: 30, maxValue: 255)
        let pixels = grayscale(width: 40, height: 30, maxValue: 255, noise: 5)
        let payload = ContextCodec.encode(pixels, images: [image], biLevel: false)
        for cut in [0, 3, 4, 11, payload.count - 1] {
            XCTAssertThrowsError(try ContextCodec.decode(Array(payload.prefix(cut)), images: [image], biLevel: false), "cut at \(cut)")
        }
        XCTAssertThrowsError(try ContextCodec.decode(payload + [0], images: [image], biLevel: false)) { error in
            XCTAssertEqual(error as? ContextCodecError, .trailingBytes(1))
        }
        var refused = 0
        for offset in 4..<payload.count {
            for bit in [0, 5] {
                var damaged = payload
                damaged[offset] ^= 1 << bit
                if let decoded = try? ContextCodec.decode(damaged, images: [image], biLevel: false) {
                    XCTAssertNotEqual(decoded, pixels, "a flipped bit at \(offset) went unnoticed")
                } else {
                    refused += 1
                }
            }
        }
        XCTAssertGreaterThan(refused, (payload.count - 4) * 2 * 9 / 10, "the clean-start check catches nearly every flip")
    }
}
