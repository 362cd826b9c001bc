import Foundation
import XCTest
#if canImport(Glibc)
import Glibc
#endif

/// Archives through the built binary: a directory or several files to one `.vz` file and back,
/// `-l`, refused inputs (symbolic links, names with control characters, names twice), hostile
/// archives (`..`, absolute paths, control characters, a symbolic link in the destination), and
/// an extraction that fails half-way leaving nothing behind.
final class ArchiveCLITests: CLITestCase {
    private let p4 = Data(Array("P4\n9 3\n".utf8) + [0xF0, 0x80, 0x0F, 0x00, 0xAA, 0x80])
    private let p5 = Data(Array("P5\n# a comment\n4 2\n255\n".utf8) + [0, 40, 80, 120, 160, 200, 240, 255])

    private func write(_ data: Data, _ name: String) throws {
        let url = URL(fileURLWithPath: path(name))
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try data.write(to: url)
    }

    private func read(_ name: String) throws -> Data { try Data(contentsOf: URL(fileURLWithPath: path(name))) }

    /// Every regular file below `name`, by relative path.
    private func tree(_ name: String) throws -> [String] {
        let root = URL(fileURLWithPath: path(name))
        guard let walker = FileManager.default.enumerator(atPath: root.path) else { return [] }
        return walker.compactMap { $0 as? String }.filter { !FileAccess.isDirectory(root.appendingPathComponent($0).path) }.sorted()
    }

    func test_directory_roundTripsEveryFile_byteForByte_withMixedModels() throws {
        try write(p4, "in/b.pbm")
        try write(p5, "in/sub/a.pgm")
        try write(try Data(contentsOf: CLITestCase.fixture("valid", "idx-rank1-labels.idx")), "in/sub/deeper/labels.idx")
        let made = try CLIRunner.run(["--json", "-o", path("set.vz"), path("in")])
        XCTAssertEqual(made.status, 0, made.stderr)
        let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(try XCTUnwrap(made.stdoutLines.last).utf8)) as? [String: Any])
        XCTAssertEqual(json["files"] as? Int, 3)
        XCTAssertEqual(json["bytes"] as? Int, try read("set.vz").count, "sizes come from the bytes written")
        XCTAssertEqual((json["groups"] as? [Any])?.count, 3, "bi-level, grayscale, and the IDX vector")
        let restored = try CLIRunner.run(["-d", path("set.vz"), "-o", path("out")])
        XCTAssertEqual(restored.status, 0, restored.stderr)
        XCTAssertEqual(try tree("out"), ["b.pbm", "sub/a.pgm", "sub/deeper/labels.idx"])
        for name in try tree("in") { XCTAssertEqual(try read("out/" + name), try read("in/" + name), name) }
        // Again into the same directory: each file exists, so nothing is written without -f.
        assertOneErrorLine(try CLIRunner.run(["-d", path("set.vz"), "-o", path("out")]), status: 5)
        XCTAssertEqual(try CLIRunner.run(["-d", "-f", path("set.vz"), "-o", path("out")]).status, 0)
        // The default name of the directory is the archive's without .vz.
        XCTAssertEqual(try CLIRunner.run(["-d", path("set.vz")]).status, 0)
        XCTAssertEqual(try tree("set"), try tree("in"))
    }

    func test_severalFiles_areNamedByTheirLastComponent_andListed() throws {
        try write(p4, "x/one.pbm")
        try write(p5, "y/two.pgm")
        XCTAssertEqual(try CLIRunner.run(["--codec", "zstd", "-o", path("set.vz"), path("x/one.pbm"), path("y/two.pgm")]).status, 0)
        let listing = try CLIRunner.run(["-l", path("set.vz")])
        XCTAssertEqual(listing.status, 0, listing.stderr)
        XCTAssertEqual(listing.stdoutLines.count, 4, listing.stdout)
        XCTAssertTrue(listing.stdoutLines[1].hasSuffix("set.vz: one.pbm") && listing.stdoutLines[2].hasSuffix("set.vz: two.pgm"), listing.stdout)
        XCTAssertTrue(listing.stdoutLines[3].contains("\(try read("set.vz").count)") && listing.stdoutLines[3].contains("(2 files, 1 group)"), listing.stdout)
        XCTAssertEqual(try CLIRunner.run(["-d", path("set.vz"), "-o", path("out")]).status, 0)
        XCTAssertEqual(try read("out/one.pbm"), p4)
        XCTAssertEqual(try read("out/two.pgm"), p5)
        // -c writes the same archive to standard output, and standard input extracts with -o DIR.
        let piped = try CLIRunner.run(["--codec", "zstd", "-c", path("x/one.pbm"), path("y/two.pgm")])
        XCTAssertEqual(piped.stdoutData, try read("set.vz"))
        XCTAssertEqual(try CLIRunner.run(["-d", "-o", path("piped")], input: piped.stdoutData).status, 0)
        XCTAssertEqual(try read("piped/two.pgm"), p5)
        // An archive restores to a directory, not to standard output.
        assertOneErrorLine(try CLIRunner.run(["-d", "-c", path("set.vz")]), status: 1)
    }

    func test_refusedInputs_giveOneLine_exit2_andNoArchive() throws {
        try write(p4, "in/a.pbm")
        try FileManager.default.createSymbolicLink(atPath: path("in/link.pbm"), withDestinationPath: path("in/a.pbm"))
        assertOneErrorLine(try CLIRunner.run(["-o", path("set.vz"), path("in")]), status: 2)
        try FileManager.default.removeItem(atPath: path("in/link.pbm"))
        try FileManager.default.createSymbolicLink(atPath: path("link"), withDestinationPath: path("in"))
        assertOneErrorLine(try CLIRunner.run(["-o", path("set.vz"), path("link")]), status: 2)
        try write(p4, "in/bad\u{1B}[2Jname.pbm")
        let control = try CLIRunner.run(["-o", path("set.vz"), path("in")])
        assertOneErrorLine(control, status: 2)
        XCTAssertFalse(control.stderr.contains("\u{1B}"), "the name is escaped")
        try FileManager.default.removeItem(atPath: path("in/bad\u{1B}[2Jname.pbm"))
        try write(p4, "other/a.pbm")
        assertOneErrorLine(try CLIRunner.run(["-o", path("set.vz"), path("in/a.pbm"), path("other/a.pbm")]), status: 2)
        try write(Data("notes".utf8), "in/notes.txt")
        assertOneErrorLine(try CLIRunner.run(["-o", path("set.vz"), path("in")]), status: 2)
        assertOneErrorLine(try CLIRunner.run([path("in")]), status: 1)
        XCTAssertFalse(FileAccess.exists(path("set.vz")))
    }

    /// An archive of one file whose name is patched in place (same length), the header check
    /// resealed (format version 2: LEB128 header length at offset 10, CRC-16 at its end; one
    /// short path keeps the index uncompressed).
    private func archive(naming name: String, patchedTo hostile: [UInt8]) throws -> String {
        try write(p4, "src/" + name)
        XCTAssertEqual(try CLIRunner.run(["--codec", "stored", "-f", "-o", path("ok.vz"), path("src")]).status, 0)
        try FileManager.default.removeItem(atPath: path("src"))
        var bytes = [UInt8](try read("ok.vz"))
        let at = try XCTUnwrap(bytes.indices.first { bytes[$0...].starts(with: Array(name.utf8)) })
        bytes.replaceSubrange(at..<(at + hostile.count), with: hostile)
        XCTAssertEqual(Array(bytes[8..<10]), [2, 0])
        let length = bytes[10] < 0x80 ? Int(bytes[10]) : Int(bytes[10] & 0x7F) | Int(bytes[11]) << 7
        let crc = CRC.crc16(bytes[0..<(length - 2)])
        bytes[length - 2] = UInt8(crc & 0xFF)
        bytes[length - 1] = UInt8(crc >> 8)
        try Data(bytes).write(to: URL(fileURLWithPath: path("hostile.vz")))
        return path("hostile.vz")
    }

    func test_hostileArchives_areRefused_andNothingIsWritten() throws {
        for (name, hostile) in [("abcvil.pbm", Array("../".utf8)), ("xtmp.pbm", Array("/".utf8)), ("a.pbm", [0x1B]),
                                ("abcd.pbm", Array("./x/".utf8)), ("abc.pbm", Array("a//".utf8))] {
            let file = try archive(naming: name, patchedTo: hostile)
            let outcome = try CLIRunner.run(["-d", file, "-o", path("out")])
            assertOneErrorLine(outcome, status: 3)
            XCTAssertTrue(outcome.stderr.contains("archive entry"), outcome.stderr)
            XCTAssertFalse(FileAccess.exists(path("out")), "\(name)")
            XCTAssertEqual(try folderContents(), ["hostile.vz", "ok.vz"])
        }
    }

    func test_aSymbolicLinkInTheDestination_isNotFollowed() throws {
        try write(p4, "src/sub/a.pbm")
        XCTAssertEqual(try CLIRunner.run(["-o", path("set.vz"), path("src")]).status, 0)
        try FileManager.default.createDirectory(atPath: path("elsewhere"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: path("out"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: path("out/sub"), withDestinationPath: path("elsewhere"))
        assertOneErrorLine(try CLIRunner.run(["-d", "-f", path("set.vz"), "-o", path("out")]), status: 4)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: path("elsewhere")), [])
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: path("out")), ["sub"])
    }

    /// The second file cannot be written whole (the file-size limit, like a full disk): the
    /// first, the directories and the temporary files are all removed.
    func test_extractionFailingHalfway_leavesNothing() throws {
        try write(p4, "src/a/first.pbm")
        let side = 1024
        try write(Data(Array("P5\n\(side) \(side)\n255\n".utf8) + (0..<(side * side)).map { UInt8(truncatingIfNeeded: $0 % 251) }), "src/b/second.pgm")
        XCTAssertEqual(try CLIRunner.run(["--codec", "zstd", "-o", path("set.vz"), path("src")]).status, 0)
        let script = "trap '' XFSZ; ulimit -f 64 && exec \"$@\""
        let child = try ChildProcess.spawn("/bin/sh", ["-c", script, "sh", CLIRunner.binary.path, "-d", path("set.vz"), "-o", path("out")],
                                           log: folder.path + ".log")
        defer { try? FileManager.default.removeItem(atPath: folder.path + ".log") }
        XCTAssertEqual(child.wait(timeout: 120)?.exitCode, 4)
        XCTAssertFalse(FileAccess.exists(path("out")))
        try FileManager.default.createDirectory(atPath: path("out"), withIntermediateDirectories: true)
        let again = try ChildProcess.spawn("/bin/sh", ["-c", script, "sh", CLIRunner.binary.path, "-d", path("set.vz"), "-o", path("out")],
                                           log: folder.path + ".log")
        XCTAssertEqual(again.wait(timeout: 120)?.exitCode, 4)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: path("out")), [], "an existing directory is kept, emptied of what the run wrote")
    }

    /// SIGINT while the second file's temporary file is being written: the first file, its
    /// directory, the temporary file and the destination the run made are all removed.
    func test_sigint_duringExtraction_leavesNothing() throws {
        try write(p4, "src/a/small.pbm")
        let side = 4096
        try write(Data(Array("P5\n\(side) \(side)\n255\n".utf8) + [UInt8](repeating: 9, count: side * side)), "src/big.pgm")
        XCTAssertEqual(try CLIRunner.run(["--codec", "stored", "-o", path("set.vz"), path("src")]).status, 0)
        let child = try ChildProcess.spawn(CLIRunner.binary.path, ["-d", path("set.vz"), "-o", path("out")], log: folder.path + ".log")
        defer { try? FileManager.default.removeItem(atPath: folder.path + ".log") }
        var sawTemporary = false
        while child.isRunning {
            if ((try? FileManager.default.contentsOfDirectory(atPath: path("out"))) ?? []).contains(where: { $0.hasPrefix(".vlae-tmp-") }) {
                sawTemporary = true
                child.send(SIGINT)
                break
            }
            usleep(200)
        }
        XCTAssertTrue(sawTemporary, "the run ended before the big file's temporary file appeared")
        XCTAssertEqual(child.wait(timeout: 120)?.exitCode, 128 + SIGINT)
        XCTAssertFalse(FileAccess.exists(path("out")))
    }
}

/// CRC-32 as zlib computes it (reflected 0xEDB88320), to reseal a patched header.
enum CRC {
    /// CRC-16/IBM-3740, version 2's header check (FORMAT.md).
    static func crc16(_ bytes: ArraySlice<UInt8>) -> UInt16 {
        var crc: UInt16 = 0xFFFF
        for byte in bytes {
            crc ^= UInt16(byte) << 8
            for _ in 0..<8 { crc = crc & 0x8000 != 0 ? (crc << 1) ^ 0x1021 : crc << 1 }
        }
        return crc
    }
}

/// What the tests need of the file system beyond Foundation's.
enum FileAccess {
    static func exists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: path) }
    static func isDirectory(_ path: String) -> Bool {
        var directory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &directory) && directory.boolValue
    }
}
