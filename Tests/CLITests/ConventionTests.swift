import Foundation
import XCTest

/// The conventions of zstd and gzip: default names, standard input and output, -o, -c, -k,
/// --rm, -v, -q, and figures that never mix with data.
final class ConventionTests: CLITestCase {
    private var original: Data { get throws { try Data(contentsOf: CLITestCase.fixture("valid", "p4-odd-width-padding.pbm")) } }

    private func copyOfSample(_ name: String) throws -> String {
        try original.write(to: URL(fileURLWithPath: path(name)))
        return path(name)
    }

    private func read(_ name: String) throws -> Data { try Data(contentsOf: URL(fileURLWithPath: path(name))) }

    func test_files_compressBesideThemselves_andDecompressToTheNameWithoutVz() throws {
        let a = try copyOfSample("a.pbm"), b = try copyOfSample("b.pbm")
        XCTAssertEqual(try CLIRunner.run([a, b]).status, 0)
        XCTAssertEqual(try folderContents(), ["a.pbm", "a.pbm.vz", "b.pbm", "b.pbm.vz"], "inputs are kept")
        assertOneErrorLine(try CLIRunner.run(["-d", a + ".vz"]), status: 5)
        try FileManager.default.removeItem(atPath: a)
        let restored = try CLIRunner.run(["-d", a + ".vz"])
        XCTAssertEqual(restored.status, 0, restored.stderr)
        XCTAssertEqual(try read("a.pbm"), try original)
        XCTAssertEqual(try CLIRunner.run(["-d", "-f", "-k", a + ".vz", b + ".vz"]).status, 0)
        XCTAssertEqual(try read("b.pbm"), try original)
    }

    func test_standardInputAndOutput_roundTrip_andEqualTheFileOutput() throws {
        let a = try copyOfSample("a.pbm")
        XCTAssertEqual(try CLIRunner.run([a, path("file.vz")]).status, 0)
        let piped = try CLIRunner.run([], input: try original)
        XCTAssertEqual(piped.status, 0, piped.stderr)
        XCTAssertEqual(piped.stdoutData, try read("file.vz"), "stdin → stdout gives the bytes of the file form")
        let dash = try CLIRunner.run(["-"], input: try original)
        XCTAssertEqual(dash.stdoutData, piped.stdoutData)
        let toStdout = try CLIRunner.run(["-c", a])
        XCTAssertEqual(toStdout.stdoutData, piped.stdoutData)
        let back = try CLIRunner.run(["-d"], input: piped.stdoutData)
        XCTAssertEqual(back.status, 0, back.stderr)
        XCTAssertEqual(back.stdoutData, try original)
        let toFile = try CLIRunner.run(["-d", "-o", path("back.pbm")], input: piped.stdoutData)
        XCTAssertEqual(toFile.status, 0, toFile.stderr)
        XCTAssertEqual(try read("back.pbm"), try original)
    }

    func test_figures_goToStandardError_whenTheDataGoesToStandardOutput() throws {
        let outcome = try CLIRunner.run(["-c", "--json", "--report", try copyOfSample("a.pbm")])
        XCTAssertEqual(outcome.status, 0, outcome.stderr)
        let back = try CLIRunner.run(["-d"], input: outcome.stdoutData)
        XCTAssertEqual(back.stdoutData, try original, "standard output holds the .vz file and nothing else")
        let last = try XCTUnwrap(outcome.stderr.split(separator: "\n").last)
        XCTAssertNotNil(try JSONSerialization.jsonObject(with: Data(last.utf8)) as? [String: Any])
    }

    func test_rm_removesTheInputOnlyAfterItsOutputIsWritten() throws {
        let a = try copyOfSample("a.pbm")
        let outcome = try CLIRunner.run(["--rm", "-v", a])
        XCTAssertEqual(outcome.status, 0, outcome.stderr)
        XCTAssertEqual(try folderContents(), ["a.pbm.vz"])
        XCTAssertTrue(outcome.stderr.hasPrefix("\(a) : ") && outcome.stderr.contains("bytes, \(a).vz)"), outcome.stderr)
        XCTAssertEqual(try CLIRunner.run(["-d", "--rm", a + ".vz"]).status, 0)
        XCTAssertEqual(try folderContents(), ["a.pbm"])
        XCTAssertEqual(try read("a.pbm"), try original)
        // An output that cannot be written keeps the input.
        assertOneErrorLine(try CLIRunner.run(["--rm", a, "-o", path("no/such/dir/a.vz")]), status: 4)
        XCTAssertEqual(try folderContents(), ["a.pbm"])
    }

    func test_quiet_printsNothing_andUnknownSuffixNeedsO() throws {
        let a = try copyOfSample("a.pbm")
        let quiet = try CLIRunner.run(["-q", "-v", "--report", a])
        XCTAssertEqual(quiet.status, 0)
        XCTAssertEqual(quiet.stdout + quiet.stderr, "")
        assertOneErrorLine(try CLIRunner.run(["-d", a]), status: 1)
        XCTAssertEqual(try CLIRunner.run(["-d", a + ".vz", "-o", path("named.pbm")]).status, 0)
        XCTAssertEqual(try read("named.pbm"), try original)
    }

    func test_list_describesEachFileFromItsHeader_andRefusesAFileThatIsNot() throws {
        let a = try copyOfSample("a.pbm")
        XCTAssertEqual(try CLIRunner.run(["--codec", "zstd", a, "-o", path("z.vz")]).status, 0)
        XCTAssertEqual(try CLIRunner.run(["--codec", "vlae", a, "-o", path("v.vz")]).status, 0)
        let listed = try CLIRunner.run(["-l", path("z.vz"), path("v.vz")])
        XCTAssertEqual(listed.status, 0, listed.stderr)
        let lines = listed.stdoutLines
        XCTAssertEqual(lines.count, 4, listed.stdout)
        let size = try FileManager.default.attributesOfItem(atPath: path("z.vz"))[.size] as? Int
        XCTAssertTrue(lines[1].hasPrefix("zstd") && lines[1].contains(" \(size ?? -1) ") && lines[1].hasSuffix(path("z.vz")), String(lines[1]))
        // The 13×4 sample codes best with the page model (auto's sampled choice among bi-level models).
        XCTAssertTrue(lines[2].hasPrefix("vlae") && lines[2].contains("vlae-pages-int16 (828096cee1f7)"), String(lines[2]))
        XCTAssertTrue(lines[3].hasSuffix("(2 files)"))
        assertOneErrorLine(try CLIRunner.run(["-l", a]), status: 3)
    }
}
