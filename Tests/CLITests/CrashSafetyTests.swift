import Foundation
import XCTest
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An interrupted or failing run leaves no output and no temporary file behind, never touches
/// its input, and never replaces an existing output without `-f`: SIGINT and SIGTERM while the
/// output is being written and before it exists, a write that fails half-way (the file-size
/// limit), and an output that appears while the run is under way.
final class CrashSafetyTests: CLITestCase {
    /// The children's stdout and stderr, beside the test folder (whose contents are checked).
    private var logPath: String { folder.path + ".log" }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: logPath)
        try super.tearDownWithError()
    }

    /// A P5 image of `side`×`side` pixels (a few distinct rows, so zstd has some work).
    private func writeLargeInput(_ name: String, side: Int) throws -> URL {
        let header = Array("P5\n\(side) \(side)\n255\n".utf8)
        var data = Data(header + [UInt8](repeating: 0, count: side * side))
        data.withUnsafeMutableBytes { raster in
            for row in 0..<side {
                memset(raster.baseAddress! + header.count + row * side, Int32(truncatingIfNeeded: row &* 37), side)
            }
        }
        let url = URL(fileURLWithPath: path(name))
        try data.write(to: url)
        return url
    }

    /// The input's bytes and modification date, to prove it was not touched.
    private func fingerprint(_ url: URL) throws -> (Data, Date?) {
        (try Data(contentsOf: url), try FileManager.default.attributesOfItem(atPath: url.path)[.modificationDate] as? Date)
    }

    private func assertUntouched(_ url: URL, _ before: (Data, Date?), file: StaticString = #filePath, line: UInt = #line) throws {
        let after = try fingerprint(url)
        XCTAssertTrue(after.0 == before.0, "\(url.lastPathComponent) changed", file: file, line: line)
        XCTAssertEqual(after.1, before.1, "\(url.lastPathComponent) modification date changed", file: file, line: line)
    }

    /// Runs `arguments`, sends `signal` as soon as the temporary output file exists, and returns
    /// how the run ended; fails when the run ends before the file appears.
    private func interruptWhileWriting(_ arguments: [String], signal: Int32,
                                       file: StaticString = #filePath, line: UInt = #line) throws -> ChildProcess.Ending? {
        let child = try ChildProcess.spawn(CLIRunner.binary.path, arguments, log: logPath)
        var sawTemporary = false
        while child.isRunning {
            if try folderContents().contains(where: { $0.contains(".vlae-tmp-") }) {
                sawTemporary = true
                child.send(signal)
                break
            }
            usleep(200)
        }
        let ending = child.wait(timeout: 120)
        XCTAssertTrue(sawTemporary, "the run ended before its temporary file appeared", file: file, line: line)
        return ending
    }

    func test_sigint_whileOutputIsWritten_removesTemporaryFile_andKeepsInput() throws {
        let input = try writeLargeInput("big.pgm", side: 4096)
        let before = try fingerprint(input)
        let ending = try interruptWhileWriting(["--codec", "stored", input.path, path("big.vz")], signal: SIGINT)
        XCTAssertEqual(ending?.exitCode, 128 + SIGINT, "\(String(describing: ending))")
        XCTAssertEqual(try folderContents(), ["big.pgm"])
        try assertUntouched(input, before)
    }

    func test_sigterm_whileDecompressedOutputIsWritten_removesTemporaryFile_andKeepsInput() throws {
        let input = try writeLargeInput("big.pgm", side: 4096)
        XCTAssertEqual(try CLIRunner.run(["--codec", "stored", input.path, path("big.vz")]).status, 0)
        let compressed = URL(fileURLWithPath: path("big.vz"))
        let before = try fingerprint(compressed)
        let ending = try interruptWhileWriting(["-d", compressed.path, path("back.pgm")], signal: SIGTERM)
        XCTAssertEqual(ending?.exitCode, 128 + SIGTERM, "\(String(describing: ending))")
        XCTAssertEqual(try folderContents(), ["big.pgm", "big.vz"])
        try assertUntouched(compressed, before)
    }

    func test_sigint_beforeOutputExists_leavesNothing() throws {
        let input = try writeLargeInput("big.pgm", side: 4096)
        let before = try fingerprint(input)
        // The neural codec keeps a 4096×4096 image busy for many seconds before any output exists.
        let child = try ChildProcess.spawn(CLIRunner.binary.path, ["--codec", "vlae", input.path, path("big.vz")],
                                           log: logPath)
        usleep(300_000)
        XCTAssertTrue(child.isRunning, "compression finished within 0.3 s; the input is too small for this test")
        XCTAssertFalse(try folderContents().contains { $0.contains(".vlae-tmp-") })
        child.send(SIGINT)
        let ending = child.wait(timeout: 60)
        XCTAssertEqual(ending?.signal, SIGINT, "\(String(describing: ending))")
        XCTAssertEqual(try folderContents(), ["big.pgm"])
        try assertUntouched(input, before)
    }

    /// `sh -c` with the file-size limit set to `blocks` and SIGXFSZ ignored, so that `write`
    /// fails with EFBIG part-way through the output, like a full disk.
    private func runWithFileSizeLimit(blocks: Int, _ arguments: [String]) throws -> ChildProcess.Ending? {
        let script = "trap '' XFSZ; ulimit -f \(blocks) && exec \"$@\""
        let child = try ChildProcess.spawn("/bin/sh", ["-c", script, "sh", CLIRunner.binary.path] + arguments,
                                           log: logPath)
        return child.wait(timeout: 120)
    }

    func test_writeFailingHalfway_leavesNoOutput_andKeepsAnExistingOneEvenWithForce() throws {
        let input = try writeLargeInput("in.pgm", side: 1024)
        let before = try fingerprint(input)
        let failed = try runWithFileSizeLimit(blocks: 64, ["--codec", "stored", input.path, path("out.vz")])
        XCTAssertEqual(failed?.exitCode, 4, "\(String(describing: failed))")
        XCTAssertEqual(try folderContents(), ["in.pgm"])

        try Data("keep".utf8).write(to: URL(fileURLWithPath: path("out.vz")))
        let forced = try runWithFileSizeLimit(blocks: 64, ["-f", "--codec", "stored", input.path, path("out.vz")])
        XCTAssertEqual(forced?.exitCode, 4, "\(String(describing: forced))")
        XCTAssertEqual(try String(contentsOfFile: path("out.vz"), encoding: .utf8), "keep")
        XCTAssertEqual(try folderContents(), ["in.pgm", "out.vz"])
        try assertUntouched(input, before)
    }

    func test_outputAppearingDuringTheRun_isNotReplacedWithoutForce() throws {
        let input = try writeLargeInput("big.pgm", side: 4096)
        // The neural codec keeps a 4096×4096 image busy for many seconds before any output exists.
        let child = try ChildProcess.spawn(CLIRunner.binary.path, ["--codec", "vlae", input.path, path("big.vz")],
                                           log: logPath)
        try Data("keep".utf8).write(to: URL(fileURLWithPath: path("big.vz")))
        let ending = child.wait(timeout: 120)
        XCTAssertEqual(ending?.exitCode, 5, "\(String(describing: ending))")
        XCTAssertEqual(try String(contentsOfFile: path("big.vz"), encoding: .utf8), "keep")
        XCTAssertEqual(try folderContents(), ["big.pgm", "big.vz"])
    }
}
