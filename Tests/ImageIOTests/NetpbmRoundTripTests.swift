import XCTest
import ImageIO

/// Reads randomly formatted generated files and checks that writing them back gives the
/// same bytes (binary variants) or the same pixels in the binary variant (plain ones), also
/// after the layout went through its serialized form.
final class NetpbmRoundTripTests: XCTestCase {
    private func checkRoundTrip(_ file: GeneratedNetpbmFile, seed: UInt64, file line: UInt = #line) throws {
        let context = "seed \(seed)"
        let document = try NetpbmReader.read(file.bytes)
        XCTAssertEqual(document.images, file.images, context, line: line)
        XCTAssertEqual(document.layout.trailingBytes, file.trailing, context, line: line)

        let written = NetpbmWriter.bytes(for: document)
        if !file.hasPlainImage {
            XCTAssertEqual(written, file.bytes, context, line: line)
        }
        let reread = try NetpbmReader.read(written)
        XCTAssertEqual(reread.images.map(\.pixels), file.images.map(\.pixels), context, line: line)
        XCTAssertEqual(reread.images.map(\.variant), file.images.map(\.variant.binary), context, line: line)
        XCTAssertEqual(NetpbmWriter.bytes(for: reread), written, context, line: line)

        // What a container does: store pixels + serialized layout, rebuild the file.
        let layout = try NetpbmLayout(serialized: document.layout.serialized())
        XCTAssertEqual(layout, document.layout, context, line: line)
        let binaryImages = try zip(document.images, layout.headers).map { image, header in
            try NetpbmImage(header: header, pixels: image.pixels)
        }
        let rebuilt = try NetpbmDocument(images: binaryImages, layout: layout)
        XCTAssertEqual(NetpbmWriter.bytes(for: rebuilt), written, context, line: line)
    }

    func test_roundTrip_binaryFiles_areByteIdentical() throws {
        for seed in UInt64(1)...200 {
            var generator = NetpbmFileGenerator(seed: seed)
            try checkRoundTrip(generator.file(variants: [.p4, .p5]), seed: seed)
        }
    }

    func test_roundTrip_plainFiles_comeBackPixelIdenticalAsBinary() throws {
        for seed in UInt64(1001)...1100 {
            var generator = NetpbmFileGenerator(seed: seed)
            try checkRoundTrip(generator.file(variants: [.p1, .p2]), seed: seed)
        }
    }

    func test_roundTrip_mixedVariantFiles() throws {
        for seed in UInt64(2001)...2100 {
            var generator = NetpbmFileGenerator(seed: seed)
            try checkRoundTrip(generator.file(variants: NetpbmVariant.allCases), seed: seed)
        }
    }

    func test_roundTrip_oddWidthBitmapsWithPadding_keepPaddingBits() throws {
        var sawPadding = false
        for seed in UInt64(3001)...3060 {
            var generator = NetpbmFileGenerator(seed: seed)
            let file = generator.file(variants: [.p4])
            try checkRoundTrip(file, seed: seed)
            let layout = try NetpbmReader.read(file.bytes).layout
            sawPadding = sawPadding || layout.images.contains { !$0.rowPadding.isEmpty }
        }
        XCTAssertTrue(sawPadding, "the generator must produce nonzero padding bits")
    }

    func test_canonicalBytes_plainAndBinary_readBackToSamePixels() throws {
        for seed in UInt64(4001)...4100 {
            var generator = NetpbmFileGenerator(seed: seed)
            let image = generator.image(generator.pick(NetpbmVariant.allCases)).image
            for plain in [false, true] {
                let document = try NetpbmReader.read(NetpbmWriter.canonicalBytes(for: image, plain: plain))
                XCTAssertEqual(document.images.map(\.pixels), [image.pixels], "seed \(seed)")
                XCTAssertEqual(document.images.first?.variant, plain ? image.variant.plain : image.variant.binary, "seed \(seed)")
                // A plain raster's final newline lies after the last sample: it reads as trailing.
                XCTAssertEqual(document.layout.trailingBytes, plain ? [0x0A] : [], "seed \(seed)")
            }
        }
    }
}

/// Damaged inputs: the reader must throw or return a consistent document, never trap.
final class NetpbmDamagedInputTests: XCTestCase {
    func test_read_randomlyDamagedFiles_throwOrStayConsistent() throws {
        for seed in UInt64(5001)...5300 {
            var generator = NetpbmFileGenerator(seed: seed)
            var bytes = generator.file(variants: NetpbmVariant.allCases).bytes
            switch generator.int(0...2) {
            case 0: bytes.removeLast(generator.int(1...bytes.count))
            case 1: bytes[generator.int(0...bytes.count - 1)] = UInt8(generator.int(0...255))
            default: bytes.insert(UInt8(generator.int(0...255)), at: generator.int(0...bytes.count))
            }
            guard let document = try? NetpbmReader.read(bytes) else { continue }
            // Accepted input must still be rebuilt by its layout, exactly for binary-only files.
            let written = NetpbmWriter.bytes(for: document)
            if document.images.allSatisfy({ !$0.variant.isPlain }) {
                XCTAssertEqual(written, bytes, "seed \(seed)")
            }
            XCTAssertEqual(try NetpbmReader.read(written).images.map(\.pixels), document.images.map(\.pixels), "seed \(seed)")
        }
    }
}
