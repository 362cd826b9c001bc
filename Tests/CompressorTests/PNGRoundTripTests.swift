import Compressor
import Container
import ImageIO
import ModelFile
import XCTest

/// PNG input: compressed with each codec and decompressed, it comes back as a PNG with the same
/// size, bit depth and pixels, written by `PNGWriter` (the input's own bytes are not kept).
final class PNGRoundTripTests: XCTestCase {
    /// A grayscale image with a pattern in every value of its bit depth, `seed` shifting it.
    private func image(_ width: Int, _ height: Int, bitDepth: Int, seed: Int = 0) throws -> PNGImage {
        let values = 1 << bitDepth
        let samples = (0..<(width * height)).map { UInt8((($0 % width) * 7 + ($0 / width) * 13 + $0 * $0 % 5 + seed) % values) }
        return try PNGImage(width: width, height: height, bitDepth: bitDepth, samples: samples)
    }

    private func fixture(_ name: String) throws -> [UInt8] {
        try TestFiles.bytes(TestFiles.fixtureFolder("png").appendingPathComponent(name))
    }

    private func checkRoundTrip(_ png: [UInt8], codec: CompressionCodec, _ name: String,
                                file: StaticString = #filePath, line: UInt = #line) throws {
        let original = try PNGReader.read(png)
        let compressed = try Compressor.compress(png, codec: codec)
        XCTAssertEqual(compressed.kind, .png, name, file: file, line: line)
        XCTAssertEqual(compressed.codec, codec, name, file: file, line: line)
        XCTAssertEqual(compressed.images, 1, name, file: file, line: line)
        XCTAssertEqual(compressed.pixels, original.width * original.height, name, file: file, line: line)
        let restored = try Compressor.decompress(compressed.output)
        XCTAssertEqual(restored.kind, .png, name, file: file, line: line)
        XCTAssertEqual(try PNGReader.read(restored.output), original, "\(name) with \(codec)", file: file, line: line)
        XCTAssertEqual(restored.output, PNGWriter.bytes(for: original), "\(name) with \(codec)", file: file, line: line)
    }

    /// Every valid fixture (interlaced, filtered, with ancillary chunks and bytes after IEND)
    /// and PNGWriter's images of each bit depth at widths 105 and 1.
    func test_pngInputs_roundTripWithStoredAndZstd_toTheSamePixels() throws {
        var inputs: [(String, [UInt8])] = []
        for url in try TestFiles.files(in: TestFiles.fixtureFolder("png")) where url.lastPathComponent.hasPrefix("valid-") {
            inputs.append((url.lastPathComponent, try TestFiles.bytes(url)))
        }
        XCTAssertGreaterThanOrEqual(inputs.count, 7)
        for bitDepth in PNGImage.bitDepths {
            for (width, height) in [(105, 4), (1, 30)] {
                inputs.append(("\(bitDepth)-bit \(width)×\(height)", PNGWriter.bytes(for: try image(width, height, bitDepth: bitDepth))))
            }
        }
        for (name, png) in inputs {
            for codec in [CompressionCodec.stored, .zstd] { try checkRoundTrip(png, codec: codec, name) }
        }
    }

    /// The model follows the samples: bi-level for 1-bit images and for any image whose samples
    /// are all 0 or 1 (its bit depth still restored), grayscale over 2^depth levels otherwise.
    func test_pngInputs_roundTripWithVLAE_withTheModelForTheirSamples() throws {
        let binary = try image(30, 5, bitDepth: 8).samples.map { $0 & 1 }
        let cases: [(String, [UInt8], String)] = [
            ("1-bit 28×28", PNGWriter.bytes(for: try image(28, 28, bitDepth: 1, seed: 1)), "bi-level"),
            ("8-bit 30×5 of 0 and 1", PNGWriter.bytes(for: try PNGImage(width: 30, height: 5, bitDepth: 8, samples: binary)), "bi-level"),
            ("4-bit 13×11", PNGWriter.bytes(for: try image(13, 11, bitDepth: 4)), "vlae-fashion-mnist-int16"),
            ("valid-gray2-7x5-adam7.png", try fixture("valid-gray2-7x5-adam7.png"), "vlae-fashion-mnist-int16"),
            ("valid-gray8-105x5-filters-chunks.png", try fixture("valid-gray8-105x5-filters-chunks.png"), "vlae-fashion-mnist-int16"),
        ]
        for (name, png, model) in cases {
            try checkRoundTrip(png, codec: .vlae, name)
            let first = try Compressor.compress(png, codec: .vlae)
            // Of the two bi-level models, the one its sampled tiles say.
            let biLevel = [ShippedModel.binarizedMNISTInt16.rawValue, ShippedModel.pagesInt16.rawValue]
            XCTAssertTrue(model == "bi-level" ? biLevel.contains(first.vlae?.model ?? "") : first.vlae?.model == model, name)
            XCTAssertEqual(try Compressor.compress(png, codec: .vlae).output, first.output, "\(name): compressing twice")
        }
    }

    func test_detect_pngSignature_evenWhenDamagedAfterItsFirstFourBytes() {
        XCTAssertEqual(InputKind.detect(PNGReader.signature), .png)
        // A newline-translated signature: detected as PNG, then refused as a bad signature.
        XCTAssertEqual(InputKind.detect([0x89, 0x50, 0x4E, 0x47, 0x0A, 0x1A, 0x0A]), .png)
        XCTAssertNil(InputKind.detect([0x89, 0x50, 0x4E]))
        XCTAssertEqual(InputKind.png.description, "PNG")
    }

    func test_compress_refusedPNGs_areInputProblemsNamingThePNGError() throws {
        for (name, expected) in [("colour-rgb.png", PNGError.unsupportedColourType(2)), ("gray8-trns.png", .transparency),
                                 ("gray16.png", .unsupportedBitDepth(16)), ("truncated-in-idat.png", .truncated),
                                 ("bad-signature-lf.png", .badSignature)] {
            XCTAssertThrowsError(try Compressor.compress(fixture(name)), name) { error in
                XCTAssertEqual(error as? CompressorError, .invalidPNG(expected), name)
                XCTAssertEqual((error as? CompressorError)?.isInputProblem, true, name)
                XCTAssertEqual("\(error)", "invalid PNG input: \(expected)", name)
            }
        }
    }

    /// A hand-made stored `.vz` file of a PNG source whose parts disagree: in format version 1,
    /// whose stored payload is one byte per sample (version 2 packs a 1-bit PNG's).
    private func vzFile(_ shape: PNGShape, layout: [UInt8] = [], samples: [UInt8]) throws -> [UInt8] {
        let header = try VZHeader(codec: .stored, source: .png(shape), layout: layout, pixelChecksum: CRC32.checksum(samples), version: 1)
        return try VZFile(header: header, payload: samples).serialized()
    }

    func test_decompress_samplesAboveTheBitDepthOrALayout_areInconsistent() throws {
        let shape = try PNGShape(width: 3, height: 1, bitDepth: 1)
        XCTAssertThrowsError(try Compressor.decompress(vzFile(shape, samples: [0, 2, 1]))) { error in
            XCTAssertEqual(error as? CompressorError, .inconsistentFile(
                "PNG samples do not fit the header: \(PNGError.sampleAboveMaxValue(index: 1, value: 2, maxValue: 1))"))
        }
        XCTAssertThrowsError(try Compressor.decompress(vzFile(shape, layout: [1], samples: [0, 1, 1]))) { error in
            XCTAssertEqual(error as? CompressorError, .inconsistentFile("a PNG file has no layout, found 1 bytes"))
        }
        XCTAssertEqual(try Compressor.decompress(vzFile(shape, samples: [0, 1, 1])).output,
                       PNGWriter.bytes(for: try PNGImage(width: 3, height: 1, bitDepth: 1, samples: [0, 1, 1])))
    }
}
