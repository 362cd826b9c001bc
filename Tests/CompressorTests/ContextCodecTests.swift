import Compressor
import Container
import ImageIO
import XCTest

/// The context codec through the compressor: every image fixture round-trips with it, auto
/// chooses it where no model fits (a photograph-like image), archives use it per group, and a
/// damaged payload is refused by name.
final class ContextCodecCompressorTests: XCTestCase {
    /// A 160×120 8-bit image like a photograph's detail: smooth shading, an edge, seeded grain.
    private func photoLike() -> [UInt8] {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        var pixels: [UInt8] = []
        for y in 0..<120 {
            for x in 0..<160 {
                state = state &* 6364136223846793005 &+ 1442695040888963407
                let grain = Int(state >> 61) - 4
                let shade = x < 90 + y / 4 ? 40 + x / 2 + y / 3 : 190 - y / 2
                pixels.append(UInt8(min(max(shade + grain, 0), 255)))
            }
        }
        return Array("P5\n160 120\n255\n".utf8) + pixels
    }

    func test_everyImageFixture_roundTripsWithContext_andCompressTwiceIsIdentical() throws {
        var coded = 0
        for url in try TestFiles.files(in: TestFiles.fixtureFolder("valid")) {
            let input = try TestFiles.bytes(url)
            let first: CompressionResult
            do {
                first = try Compressor.compress(input, codec: .context)
            } catch CompressorError.notImages {
                continue
            }
            XCTAssertEqual(first.codec, .context)
            let restored = try Compressor.decompress(first.output)
            XCTAssertEqual(restored.codec, .context)
            let original = InputKind.detect(input) == .netpbm ? NetpbmWriter.bytes(for: try NetpbmReader.read(input))
                : IDXReader.isGzip(input) ? IDXWriter.bytes(for: try IDXReader.read(input)) : input
            if InputKind.detect(input) == .png {
                XCTAssertEqual(try PNGReader.read(restored.output), try PNGReader.read(input), url.lastPathComponent)
            } else {
                XCTAssertEqual(restored.output, original, url.lastPathComponent)
            }
            XCTAssertEqual(try Compressor.compress(input, codec: .context).output, first.output, "\(url.lastPathComponent): compressing twice")
            coded += 1
        }
        XCTAssertGreaterThanOrEqual(coded, 12)
    }

    func test_auto_choosesContext_forAPhotographLikeImage_andBeatsZstdByFar() throws {
        let input = photoLike()
        let result = try Compressor.compress(input, measure: true)
        XCTAssertEqual(result.codec, .context)
        XCTAssertEqual(try Compressor.decompress(result.output).output, input)
        let zstd = try XCTUnwrap(result.zstdBytes)
        XCTAssertLessThan(Double(result.compressedSize), 0.7 * Double(zstd), "context \(result.compressedSize) bytes, zstd \(zstd)")
        XCTAssertEqual(Array(result.output[8..<10]), [3, 0], "a context file is version 3")
    }

    func test_filesOfOtherCodecs_stayVersion2() throws {
        let input = photoLike()
        for codec in [CompressionCodec.zstd, .stored, .vlae] {
            XCTAssertEqual(Array(try Compressor.compress(input, codec: codec).output[8..<10]), [2, 0], "\(codec)")
        }
    }

    func test_context_onWhatIsNotImages_isRefused() throws {
        for name in ["idx-rank1-labels.idx", "idx-rank4.idx"] {
            let input = try TestFiles.bytes(TestFiles.fixtureFolder("valid").appendingPathComponent(name))
            XCTAssertThrowsError(try Compressor.compress(input, codec: .context)) { error in
                XCTAssertEqual(error as? CompressorError, .notImages)
            }
            XCTAssertNotEqual(try Compressor.compress(input).codec, .context)
        }
    }

    /// The context codec's models keep rows of state: images wider than 2^22 pixels go elsewhere.
    func test_imagesWiderThanTheLimit_areNotContextCoded() throws {
        let width = (1 << 22) + 1
        let input = Array("P5\n\(width) 1\n255\n".utf8) + [UInt8](repeating: 7, count: width)
        XCTAssertThrowsError(try Compressor.compress(input, codec: .context)) { error in
            XCTAssertEqual(error as? CompressorError, .notImages)
        }
        XCTAssertNotEqual(try Compressor.compress(input).codec, .context)
    }

    func test_archive_codesAPhotographLikeGroupWithContext() throws {
        let files = [ArchiveFile(path: "photo.pgm", contents: photoLike()),
                     ArchiveFile(path: "labels.idx", contents: try TestFiles.bytes(TestFiles.fixtureFolder("valid").appendingPathComponent("idx-rank1-labels.idx")))]
        let archive = try Compressor.compressArchive(files)
        XCTAssertTrue(archive.groups.contains { $0.codec == .context }, "\(archive.groups.map(\.codec))")
        XCTAssertEqual(Array(archive.output[8..<10]), [3, 0])
        XCTAssertEqual(try Compressor.extractArchive(archive.output).files, files.sorted { $0.path < $1.path })
    }

    func test_damagedContextPayload_isRefusedByName() throws {
        let file = try Compressor.compress(photoLike(), codec: .context).output
        let parsed = try VZFile(parsing: file)
        var damaged = file
        damaged[parsed.headerLength + 20] ^= 0x10
        XCTAssertThrowsError(try Compressor.decompress(damaged)) { error in
            guard case .corruptContextPayload = error as? CompressorError else { return XCTFail("\(error)") }
            XCTAssertTrue("\(error)".contains("corrupt .vz payload"), "\(error)")
        }
    }
}
