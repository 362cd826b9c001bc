import Container
import ImageIO
import XCTest
@testable import Compressor

/// `auto` on a large input estimates zstd −22's size before running it (seconds on megabytes) and
/// leaves zstd out only when the estimate is far above the file it writes.
final class ZstdEstimateTests: XCTestCase {
    /// The first `count` images of a shared IDX file as an IDX file of their own.
    private func firstImages(_ path: String, _ count: Int) throws -> [UInt8] {
        let all = try IDXReader.read(TestFiles.bytes(TestFiles.sharedData(path)))
        let side = all.dimensions[1] * all.dimensions[2]
        return IDXWriter.bytes(for: try IDXArray(dimensions: [count, all.dimensions[1], all.dimensions[2]], values: Array(all.values.prefix(count * side))))
    }

    /// The real −22 payload against the estimate, on streams of several kinds: bi-level digits,
    /// 8-bit digits, and a block of 100 digits repeated 25 times (far repeats, which a prefix
    /// cannot show and the long-distance pass must find).
    func test_estimate_isWithin5PercentOfZstd22() throws {
        let binarized = try firstImages("binarized-mnist/test-images-idx3-ubyte.gz", 2_000)
        let grey = try firstImages("mnist/t10k-images-idx3-ubyte.gz", 2_000)
        let block = try IDXReader.read(grey).values.prefix(100 * 784)
        let repeated = IDXWriter.bytes(for: try IDXArray(dimensions: [2_500, 28, 28], values: Array((0..<25).map { _ in block }.joined())))
        for (name, input) in [("binarized", binarized), ("8-bit", grey), ("repeated", repeated)] {
            let parsed = try ParsedInput.parse(input)
            XCTAssertGreaterThan(parsed.samples.count, Compressor.zstdEstimateFrom)
            let estimate = try Compressor.estimatedZstdPayloadBytes(parsed)
            let real = try VZFile(parsing: try Compressor.compress(input, codec: .zstd).output).payload.count
            XCTAssertEqual(Double(estimate) / Double(real), 1, accuracy: 0.05, "\(name): estimate \(estimate), zstd -22 \(real)")
        }
    }

    /// Bi-level digits: zstd's estimate is more than 4/3 of the vlae file, so `auto` skips it; the
    /// file is the same, and a report (measure) still runs zstd −22 for its figure.
    func test_auto_skipsZstdFarAboveTheBest_butAReportRunsIt() throws {
        let input = try firstImages("binarized-mnist/test-images-idx3-ubyte.gz", 2_000)
        let auto = try Compressor.compress(input)
        XCTAssertEqual(auto.codec, .vlae)
        XCTAssertNil(auto.zstdBytes)
        let measured = try Compressor.compress(input, measure: true)
        XCTAssertEqual(measured.output, auto.output)
        let zstd = try XCTUnwrap(measured.zstdBytes)
        XCTAssertGreaterThan(Double(zstd) * Compressor.zstdEstimateMargin, Double(auto.compressedSize))
        XCTAssertEqual(try Compressor.decompress(auto.output).output, input)
    }

    /// Where zstd is the smallest (one digit repeated 2,000 times), `auto` still runs and picks it.
    func test_auto_stillPicksZstdWhereItWins() throws {
        let digit = try IDXReader.read(try firstImages("binarized-mnist/test-images-idx3-ubyte.gz", 1)).values
        let input = IDXWriter.bytes(for: try IDXArray(dimensions: [2_000, 28, 28], values: Array((0..<2_000).map { _ in digit }.joined())))
        let result = try Compressor.compress(input)
        XCTAssertEqual(result.codec, .zstd)
        XCTAssertEqual(result.zstdBytes, result.compressedSize)
        XCTAssertEqual(try Compressor.decompress(result.output).output, input)
    }

    /// An archive's group likewise: 1,400 digits as P4 files (1.1 MB of samples) code with vlae,
    /// zstd left out; with a report the archive is the same and zstd's size is there.
    func test_archiveGroup_skipsZstdFarAboveTheBest_butAReportRunsIt() throws {
        let test = try IDXReader.read(try firstImages("binarized-mnist/test-images-idx3-ubyte.gz", 1_400))
        let files = try (0..<1_400).map { n in
            let image = try NetpbmImage(variant: .p4, width: 28, height: 28, maxval: 1, pixels: Array(test.values[(n * 784)..<((n + 1) * 784)]))
            return ArchiveFile(path: "digit-\(n).pbm", contents: NetpbmWriter.bytes(for: NetpbmDocument(images: [image])))
        }
        let auto = try Compressor.compressArchive(files)
        XCTAssertEqual(auto.groups.map(\.codec), [.vlae])
        XCTAssertFalse(auto.groups[0].candidates.contains { $0.codec == .zstd })
        let measured = try Compressor.compressArchive(files, measure: true)
        XCTAssertEqual(measured.output, auto.output)
        XCTAssertTrue(measured.groups[0].candidates.contains { $0.codec == .zstd })
    }
}
