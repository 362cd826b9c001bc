import Foundation
import XCTest

/// What a hostile file can make `vlae-compress` allocate, measured as its peak resident memory
/// against a baseline run that allocates nothing large.
///
/// The peak is measured by GNU time (`/usr/bin/time -f %M`, Debian package `time`), whose child
/// is forked from time's own small image. A child spawned from this test process would not do:
/// Linux carries the high-water mark of the memory image a process replaces through `exec` into
/// its `ru_maxrss`, so it would report at least this (large) process's peak.
///
/// A header or layout that announces more than the pixel limit (2^28), or more than the file's
/// own header allows, is refused before anything of that size exists: the peak stays within
/// `slack` of the baseline, where honouring the announcement would take 256 MiB or more (and
/// without the limit checks, these inputs would crash or allocate terabytes). A file within the
/// limit, such as a zstd bomb that inflates to 2^28 samples, costs a small multiple of that size.
final class MemoryLimitTests: CLITestCase {
    /// The pixel limit, `VZFormat.maxPixelsPerFile` (this target imports only the CLI).
    private let pixelLimit = 1 << 28
    /// Allowed above the baseline for inputs refused from their headers.
    private let slack = 16 << 20

    private static let golden = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("CompressorTests/Golden")

    /// How a run ended and its peak resident memory in bytes.
    struct Measured {
        var exitCode: Int32?
        var peakResidentBytes: Int
    }

    private func run(_ arguments: [String], file: StaticString = #filePath, line: UInt = #line) throws -> Measured {
        let time = "/usr/bin/time"
        guard FileManager.default.isExecutableFile(atPath: time) else {
            throw ChildProcess.SpawnError(description: "\(time) is missing: install GNU time (Debian package time)")
        }
        let report = path("../\(folder.lastPathComponent).rss")
        defer { try? FileManager.default.removeItem(atPath: report) }
        let child = try ChildProcess.spawn(time, ["-f", "%M", "-o", report, CLIRunner.binary.path, "-f"] + arguments, log: "/dev/null")
        let ending = try XCTUnwrap(child.wait(timeout: 120), "timed out: \(arguments)", file: file, line: line)
        // GNU time exits with the command's status, and writes its peak RSS in KiB on the last line.
        let text = try String(contentsOfFile: report, encoding: .utf8)
        let kibibytes = try XCTUnwrap(text.split(separator: "\n").last.flatMap { Int($0) }, text, file: file, line: line)
        return Measured(exitCode: ending.exitCode, peakResidentBytes: kibibytes * 1024)
    }

    private func broken(_ name: String) -> String {
        Self.golden.appendingPathComponent("broken").appendingPathComponent(name).path
    }

    private func mebibytes(_ bytes: Int) -> String { "\(bytes >> 20) MiB" }

    func test_decompress_hostileHeaders_areRefusedBeforeAllocating() throws {
        let baseline = try run(["-d", Self.golden.appendingPathComponent("fashion-t10k-000.stored.vz").path, path("base.pgm")])
        XCTAssertEqual(baseline.exitCode, 0)
        for name in ["dims-width-height-max.vz", "dims-just-over-limit.vz", "dims-image-count-max.vz",
                     "dims-explicit-list-count-max.vz", "dims-layout-length-max.vz", "dims-at-limit-stored.vz",
                     "dims-at-limit-zstd.vz", "dims-vlae-over-limit.vz", "header-length-1gib.vz",
                     "payload-length-max-zstd.vz", "layout-tall-sparse-padding.vz", "layout-million-images.vz"] {
            let ending = try run(["-d", broken(name), path("out.pgm")])
            XCTAssertEqual(ending.exitCode, 3, name)
            XCTAssertLessThan(ending.peakResidentBytes, baseline.peakResidentBytes + slack,
                              "\(name): \(mebibytes(ending.peakResidentBytes)), baseline \(mebibytes(baseline.peakResidentBytes))")
        }
    }

    func test_decompress_zstdBombAtTheLimit_costsASmallMultipleOfItsSampleStream() throws {
        let baseline = try run(["-d", Self.golden.appendingPathComponent("fashion-t10k-000.stored.vz").path, path("base.pgm")])
        let ending = try run(["-d", broken("zstd-bomb-at-limit.vz"), path("out.pgm")])
        XCTAssertEqual(ending.exitCode, 3)
        let extra = ending.peakResidentBytes - baseline.peakResidentBytes
        // It really inflated 2^28 samples (so the measurement sees allocations), and no more than 3 times that.
        XCTAssertGreaterThan(extra, pixelLimit / 2, mebibytes(extra))
        XCTAssertLessThan(extra, 3 * pixelLimit, mebibytes(extra))
        XCTAssertEqual(try folderContents(), ["base.pgm"])
    }

    /// A gzip member holding `data` in one stored (uncompressed) deflate block that is not the
    /// last: the stream is cut right after it.
    private func truncatedGzip(_ data: [UInt8]) -> [UInt8] {
        let length = UInt16(data.count)
        return [0x1F, 0x8B, 8, 0, 0, 0, 0, 0, 0, 3, 0, UInt8(length & 0xFF), UInt8(length >> 8),
                UInt8(~length & 0xFF), UInt8(~length >> 8)] + data
    }

    /// ImageIO's PNG fixture `name`: a header announcing 2^28 pixels or 2^31 − 1 squared, then a
    /// few bytes of image data cut short.
    private func pngFixture(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: CLITestCase.fixture("png", name)))
    }

    private func idxHeader(_ dims: [UInt32]) -> [UInt8] {
        [0, 0, 8, UInt8(dims.count)] + dims.flatMap { dim in (0..<4).map { UInt8(truncatingIfNeeded: dim >> (24 - 8 * $0)) } }
    }

    func test_compress_hostileInputHeaders_areRefusedBeforeAllocating() throws {
        let small = CLITestCase.fixture("valid", "p5-maxval255.pgm").path
        let baseline = try run(["--codec", "stored", small, path("base.vz")])
        XCTAssertEqual(baseline.exitCode, 0)
        let tenBytes = [UInt8](repeating: 0x31, count: 10)
        let inputs: [(String, [UInt8])] = [
            ("p5-at-limit.pgm", Array("P5\n16384 16384\n255\n".utf8) + tenBytes),
            ("p4-at-limit.pbm", Array("P4\n16384 16384\n".utf8) + tenBytes),
            ("p1-at-limit.pbm", Array("P1\n16384 16384\n".utf8) + tenBytes),
            ("p2-at-limit.pgm", Array("P2\n16384 16384\n255\n".utf8) + tenBytes),
            ("p5-over-limit.pgm", Array("P5\n2147483647 2147483647\n255\n".utf8) + tenBytes),
            ("at-limit.idx", idxHeader([16384, 16384]) + tenBytes),
            ("at-limit.idx.gz", truncatedGzip(idxHeader([16384, 16384]) + tenBytes)),
            ("over-limit.idx.gz", truncatedGzip(idxHeader([65536, 65536, 65536]) + tenBytes)),
            ("at-limit.png", try pngFixture("dims-at-limit-truncated.png")),
            ("over-limit.png", try pngFixture("dims-absurd.png")),
        ]
        for (name, bytes) in inputs {
            try Data(bytes).write(to: URL(fileURLWithPath: path(name)))
            let ending = try run([path(name), path("out.vz")])
            XCTAssertEqual(ending.exitCode, 2, name)
            XCTAssertLessThan(ending.peakResidentBytes, baseline.peakResidentBytes + slack,
                              "\(name): \(mebibytes(ending.peakResidentBytes)), baseline \(mebibytes(baseline.peakResidentBytes))")
        }
    }
}
