import DeterministicMath
import XCTest
import ImageIO

final class NetpbmLayoutTests: XCTestCase {
    private func layout(of text: [UInt8]) throws -> NetpbmLayout {
        try NetpbmReader.read(text).layout
    }

    private func assertThrows(_ bytes: [UInt8], _ expected: NetpbmLayoutError, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try NetpbmLayout(serialized: bytes), file: file, line: line) { error in
            XCTAssertEqual(error as? NetpbmLayoutError, expected, file: file, line: line)
        }
    }

    /// A layout with verbatim headers, dense (image 0) and sparse (image 2) padding, and trailing bytes.
    private func richLayout() throws -> NetpbmLayout {
        var bytes = Array("P4 #w\n9 3\n".utf8) + [0xFF, 0x01, 0, 0, 0xFF, 0x7F]
        bytes += Array("\nP5 1 1 7\n".utf8) + [3]
        bytes += Array("P4 1 40\n".utf8) + (0..<40).map { UInt8($0 == 5 ? 0x83 : 0x80) }
        bytes += Array("\u{0}end".utf8)
        return try layout(of: bytes)
    }

    func test_serialized_canonicalLayout_takesAFewBytes() throws {
        let header = try NetpbmHeader(variant: .p5, width: 28, height: 28, maxval: 255)
        let bytes = NetpbmLayout.canonical(for: [header]).serialized()
        XCTAssertEqual(bytes, [1, 1, 1, 0, 5, 28, 28, 0xFF, 0x01, 0, 0])
        XCTAssertEqual(try NetpbmLayout(serialized: bytes).headers, [header])
    }

    func test_serialized_roundTrip_keepsHeadersPaddingAndTrailingBytes() throws {
        let original = try richLayout()
        XCTAssertEqual(original.images[0].rowPadding, [1, 0, 0x7F])
        XCTAssertEqual(original.images[2].rowPadding.enumerated().filter { $0.element != 0 }.map(\.offset), [5])
        XCTAssertEqual(original.images[2].rowPadding[5], 3)
        // Sparse coding for image 2: kind 1, one entry, gap 5, bits 3.
        let serialized = original.serialized()
        XCTAssertNotNil(serialized.indices.first { Array(serialized[$0...].prefix(4)) == [1, 1, 5, 3] }, "sparse padding entry")
        XCTAssertEqual(try NetpbmLayout(serialized: original.serialized()), original)
    }

    func test_serialized_isDeterministic() throws {
        XCTAssertEqual(try richLayout().serialized(), try richLayout().serialized())
    }

    func test_initSerialized_everyPrefix_throwsWithoutTrapping() throws {
        let bytes = try richLayout().serialized()
        for length in 0..<bytes.count {
            XCTAssertThrowsError(try NetpbmLayout(serialized: Array(bytes[..<length])), "prefix \(length)")
        }
    }

    func test_initSerialized_randomByteFlips_neverTrap() throws {
        let bytes = try richLayout().serialized()
        var rng = SplitMix64(seed: 77)
        var rejected = 0
        for trial in 0..<2000 {
            var mutated = bytes
            for _ in 0..<Int.random(in: 1...3, using: &rng) {
                mutated[Int.random(in: 0..<mutated.count, using: &rng)] ^= UInt8.random(in: 1...255, using: &rng)
            }
            if let layout = try? NetpbmLayout(serialized: mutated) {
                // Whatever is accepted must satisfy the invariants: serializing is stable.
                XCTAssertEqual(try NetpbmLayout(serialized: layout.serialized()), layout, "seed 77 trial \(trial)")
            } else {
                rejected += 1
            }
        }
        XCTAssertGreaterThan(rejected, 1000)
    }

    func test_initSerialized_specificProblems_throwTypedErrors() throws {
        // Prefix of a layout: version 1, one run of one image.
        let oneImage: [UInt8] = [1, 1, 1]
        assertThrows([], .truncated)
        assertThrows([2, 1], .unsupportedVersion(2))
        assertThrows([1, 0, 0, 0, 0], .invalidValue(image: 0, what: "run count"))
        assertThrows([1, 1, 0, 0, 5, 1, 1, 1, 0, 0], .invalidValue(image: 0, what: "run length"))
        assertThrows(oneImage + [0, 2, 1, 1, 1, 0, 0], .invalidValue(image: 0, what: "variant"))
        assertThrows(oneImage + [0, 5, 1, 1, 0, 0, 0], .invalidHeader(image: 0, .invalidMaxval(image: 0, value: 0)))
        assertThrows(oneImage + [0, 5, 1, 1, 1, 1, 0], .invalidPadding(image: 0))
        assertThrows(oneImage + [0, 5, 1, 1, 1, 0, 0, 7], .extraBytes(count: 1))
        assertThrows(oneImage + [0, 5, 1, 1, 1, 0, 3] + Array(" P5".utf8), .trailingBytesStartImage)
        assertThrows(oneImage + [0, 5, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01], .invalidInteger)
        assertThrows(oneImage + [0, 5, 0x80, 0x80, 0x04, 0x80, 0x80, 0x04, 1, 0, 0], .tooLarge(pixels: 1 << 32, limit: 1 << 28))
        // A run of 2^27 images of 4 pixels each: over the pixel limit, refused before allocating.
        assertThrows([1, 1, 0x80, 0x80, 0x80, 0x40, 0, 5, 2, 2, 1, 0, 0], .tooManyImages(limit: ImageIOLimits.maxImagesPerFile))
        XCTAssertThrowsError(try NetpbmLayout(serialized: [1, 1, 0x80, 0x80, 0x80, 0x40, 0, 5, 2, 2, 1, 0, 0],
                                              maxImages: Int.max)) { error in
            XCTAssertEqual(error as? NetpbmLayoutError, .tooLarge(pixels: 1 << 29, limit: 1 << 28))
        }
        let header = Array("P5 1 1 255\n".utf8)
        assertThrows(oneImage + [1, UInt8(header.count + 1)] + header + [0, 0, 0],
                     .invalidValue(image: 0, what: "header length"))
        let plain = Array("P2 1 1 255 ".utf8)
        assertThrows(oneImage + [1, UInt8(plain.count)] + plain + [0, 0], .invalidValue(image: 0, what: "variant"))
        // Leading whitespace is only valid before images after the first.
        let spaced = Array(" P5 1 1 255\n".utf8)
        assertThrows(oneImage + [1, UInt8(spaced.count)] + spaced + [0, 0], .invalidHeader(image: 0, .badMagic(offset: 0)))
        // P4 of width 9 has 7 padding bits: 0x80 does not fit; a dense all-zero table is not normalised.
        let bitmap = Array("P4 9 1\n".utf8)
        assertThrows(oneImage + [1, UInt8(bitmap.count)] + bitmap + [2, 0x80, 0], .invalidPadding(image: 0))
        assertThrows(oneImage + [1, UInt8(bitmap.count)] + bitmap + [2, 0x00, 0], .invalidPadding(image: 0))
    }

    func test_serialized_manyAlikeImages_takeOneRun() throws {
        let image = Array("P5\n28 28\n255\n".utf8) + [UInt8](repeating: 9, count: 784)
        let document = try NetpbmReader.read(Array([[UInt8]](repeating: image, count: 1000).joined()))
        let bytes = document.layout.serialized()
        XCTAssertLessThan(bytes.count, 30)
        XCTAssertEqual(try NetpbmLayout(serialized: bytes), document.layout)
    }

    func test_read_moreImagesThanLimit_throwsTooManyImages() {
        let bytes = Array(String(repeating: "P5 1 1 255\nx", count: 4).utf8)
        XCTAssertThrowsError(try NetpbmReader.read(bytes, maxImages: 3)) { error in
            XCTAssertEqual(error as? NetpbmError, .tooManyImages(limit: 3))
        }
        XCTAssertNoThrow(try NetpbmReader.read(bytes, maxImages: 4))
    }

    func test_documentInit_imagesNotMatchingLayout_throw() throws {
        let layout = try layout(of: Array("P5 2 1 255\nab".utf8))
        let wrongSize = try NetpbmImage(variant: .p5, width: 1, height: 2, maxval: 255, pixels: [1, 2])
        XCTAssertThrowsError(try NetpbmDocument(images: [wrongSize], layout: layout)) { error in
            XCTAssertEqual(error as? NetpbmLayoutError, .headerMismatch(image: 0))
        }
        XCTAssertThrowsError(try NetpbmDocument(images: [], layout: layout)) { error in
            XCTAssertEqual(error as? NetpbmLayoutError, .imageCountMismatch(layout: 1, images: 0))
        }
        let plainSource = try NetpbmImage(variant: .p2, width: 2, height: 1, maxval: 255, pixels: [1, 2])
        XCTAssertNoThrow(try NetpbmDocument(images: [plainSource], layout: layout))
    }
}
