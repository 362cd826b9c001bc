import Compressor
import ImageIO
import XCTest

final class CompressorRoundTripTests: XCTestCase {
    /// What decompression must give back for `input`: the same bytes for P4/P5-only Netpbm
    /// and plain IDX, the uncompressed IDX for gzip input, the binary rewrite for P1/P2.
    private func expectedRestoration(of input: [UInt8]) throws -> [UInt8] {
        if IDXReader.isGzip(input) { return IDXWriter.bytes(for: try IDXReader.read(input)) }
        if InputKind.detect(input) == .netpbm {
            let document = try NetpbmReader.read(input)
            return NetpbmWriter.bytes(for: document)
        }
        return input
    }

    private func checkRoundTrip(_ url: URL, codec: CompressionCodec, file: StaticString = #filePath, line: UInt = #line) throws {
        let input = try TestFiles.bytes(url)
        let name = "\(url.lastPathComponent) with \(codec)"
        let compressed = try Compressor.compress(input, codec: codec)
        XCTAssertEqual(compressed.codec, codec, name, file: file, line: line)
        XCTAssertEqual(compressed.compressedSize, compressed.output.count, name, file: file, line: line)
        let restored = try Compressor.decompress(compressed.output)
        XCTAssertEqual(restored.output, try expectedRestoration(of: input), name, file: file, line: line)
        XCTAssertEqual(restored.pixels, compressed.pixels, name, file: file, line: line)
        XCTAssertEqual(restored.images, compressed.images, name, file: file, line: line)
        XCTAssertEqual(restored.kind, compressed.kind, name, file: file, line: line)
        if InputKind.detect(input) == .netpbm {
            let before = try NetpbmReader.read(input).images, after = try NetpbmReader.read(restored.output).images
            XCTAssertEqual(after.map(\.pixels), before.map(\.pixels), name, file: file, line: line)
            XCTAssertEqual(after.map(\.variant), before.map(\.variant.binary), name, file: file, line: line)
            if before.allSatisfy({ !$0.variant.isPlain }) {
                XCTAssertEqual(restored.output, input, "\(name): P4/P5 must be byte-identical", file: file, line: line)
            }
        } else if !IDXReader.isGzip(input) {
            XCTAssertEqual(restored.output, input, "\(name): IDX must be byte-identical", file: file, line: line)
        }
    }

    func test_roundTrip_everyValidFixture_withZstdAndStored() throws {
        let files = try TestFiles.files(in: TestFiles.fixtureFolder("valid"))
        XCTAssertGreaterThanOrEqual(files.count, 15)
        for url in files {
            for codec in [CompressionCodec.zstd, .stored] { try checkRoundTrip(url, codec: codec) }
        }
    }

    /// Every fixture the vlae codec can code (all but IDX arrays of rank 1 or 4): bi-level and
    /// grayscale, maxvals 1, 7 and 255, odd sizes, multi-image files with mixed maxvals.
    func test_roundTrip_everyValidFixture_withVLAE_andCompressTwiceIsIdentical() throws {
        var coded = 0
        for url in try TestFiles.files(in: TestFiles.fixtureFolder("valid")) {
            let input = try TestFiles.bytes(url)
            let first: CompressionResult
            do {
                first = try Compressor.compress(input, codec: .vlae)
            } catch CompressorError.notImages {
                continue
            }
            XCTAssertEqual(try Compressor.decompress(first.output).output, try expectedRestoration(of: input), url.lastPathComponent)
            XCTAssertEqual(try Compressor.compress(input, codec: .vlae).output, first.output, "\(url.lastPathComponent): compressing twice")
            coded += 1
        }
        XCTAssertGreaterThanOrEqual(coded, 12)
    }

    /// An 8-bit image goes to the grayscale model, which beats zstd on it even alone.
    func test_vlae_fashionImage_roundTrips_andBeatsZstd() throws {
        let url = TestFiles.repositoryRoot.appendingPathComponent("Corpora/fashion-t10k-000.pgm")
        try checkRoundTrip(url, codec: .vlae)
        let input = try TestFiles.bytes(url)
        XCTAssertLessThan(try Compressor.compress(input, codec: .vlae).compressedSize, try Compressor.compress(input, codec: .zstd).compressedSize)
    }

    func test_roundTrip_corpora_withZstd() throws {
        let folder = TestFiles.repositoryRoot.appendingPathComponent("Corpora")
        let files = try TestFiles.files(in: folder).filter { InputKind.detect(try TestFiles.bytes($0)) != nil }
        guard !files.isEmpty else { throw XCTSkip("no Corpora files to compress") }
        for url in files { try checkRoundTrip(url, codec: .zstd) }
    }

    func test_compressTwice_givesIdenticalBytes() throws {
        for url in try TestFiles.files(in: TestFiles.fixtureFolder("valid")) {
            let input = try TestFiles.bytes(url)
            for codec in [CompressionCodec.zstd, .stored] {
                XCTAssertEqual(try Compressor.compress(input, codec: codec).output,
                               try Compressor.compress(input, codec: codec).output, "\(url.lastPathComponent) \(codec)")
            }
        }
    }

    func test_compress_storedPayload_isTheSampleStream() throws {
        let input = Array("P5\n3 1\n255\n".utf8) + [10, 20, 30]
        let result = try Compressor.compress(input, codec: .stored)
        XCTAssertEqual(Array(result.output.suffix(3)), [10, 20, 30])
        XCTAssertEqual(result.pixels, 3)
        XCTAssertEqual(result.bitsPerDim, Double(8 * result.output.count) / 3)
    }

    func test_compress_zstd_shrinksRepetitiveImages() throws {
        let pixels: [UInt8] = (0..<64 * 64).map { index in
            let band = (index / 64 + index % 64) % 4
            return UInt8(band * 60)
        }
        let input = Array("P5\n64 64\n255\n".utf8) + pixels
        let zstd = try Compressor.compress(input, codec: .zstd), stored = try Compressor.compress(input, codec: .stored)
        XCTAssertLessThan(zstd.compressedSize * 10, stored.compressedSize)
    }

    func test_roundTrip_binarizedMnistSlice_zstdBeatsOneBitPerPixel() throws {
        let url = try TestFiles.sharedData("binarized-mnist/test-images-idx3-ubyte.gz")
        let all = try IDXReader.read(contentsOfFile: url.path)
        let slice = try IDXArray(dimensions: [500, 28, 28], values: Array(all.values.prefix(500 * 784)))
        let input = IDXWriter.bytes(for: slice)
        let compressed = try Compressor.compress(input, codec: .zstd)
        XCTAssertLessThan(compressed.bitsPerDim, 0.5)
        XCTAssertEqual(compressed.images, 500)
        XCTAssertEqual(try Compressor.decompress(compressed.output).output, input)
    }
}
