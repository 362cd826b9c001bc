import Foundation
import XCTest

/// Broken golden `.vz` files (`Tests/CompressorTests/Golden/broken/`) through the CLI: each
/// exits 3 with one error line and writes nothing. `BrokenGoldenFileTests` checks every file's
/// exact error in-process; this checks how the CLI reports them, on one file per expected error
/// (one without vlae payload where there is one: a vlae run loads the models, a second each in a
/// debug build).
final class BrokenFileCLITests: CLITestCase {
    private static let folder = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("CompressorTests/Golden/broken")

    func test_brokenFiles_exit3WithOneLine_andWriteNothing() throws {
        let manifest = try String(contentsOf: Self.folder.appendingPathComponent("manifest.tsv"), encoding: .utf8)
        var chosen: [String: String] = [:]
        for line in manifest.split(separator: "\n") {
            let fields = line.split(separator: "\t").map(String.init)
            if chosen[fields[1]].map({ $0.contains("vlae") && !fields[0].contains("vlae") }) ?? true {
                chosen[fields[1]] = fields[0]
            }
        }
        XCTAssertGreaterThanOrEqual(chosen.count, 15)
        for name in chosen.values.sorted() {
            let outcome = try CLIRunner.run(["-d", Self.folder.appendingPathComponent(name).path, path("out")])
            assertOneErrorLine(outcome, status: 3)
            XCTAssertEqual(try folderContents(), [], name)
        }
    }
}
