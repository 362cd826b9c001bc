import FuzzHarness
import Foundation
import XCTest

/// Runs the fuzz targets' checks (`Fuzz/FuzzHarness`) in the ordinary test build: on every saved
/// crash input (`Fuzz/regressions/<target>/`), and on the inputs the seed corpora are made of
/// (ImageIO's fixtures for the parsers, with control bytes 0 and 1 for the PNG one; the valid and
/// broken golden `.vz` files, as given and with their checksums resealed, for the container, the
/// decompressor and the archive reader). A trap kills the test process; a broken property fails here with the
/// file's name.
final class FuzzRegressionTests: XCTestCase {
    private var fuzzFolder: URL { TestFiles.repositoryRoot.appendingPathComponent("Fuzz") }

    private func run(_ target: FuzzTarget, on inputs: [(name: String, bytes: [UInt8])],
                     file: StaticString = #filePath, line: UInt = #line) {
        for input in inputs {
            do {
                try target.run(input.bytes)
            } catch {
                XCTFail("fuzz-\(target.rawValue) \(input.name): \(error)", file: file, line: line)
            }
        }
    }

    /// The regular files in `folder` (see `TestFiles.files`) with `suffix`, and their bytes.
    private func files(_ folder: URL, suffix: String = "") throws -> [(name: String, bytes: [UInt8])] {
        try TestFiles.files(in: folder).filter { $0.lastPathComponent.hasSuffix(suffix) && !$0.hasDirectoryPath }
            .map { ($0.lastPathComponent, try TestFiles.bytes($0)) }
    }

    func test_savedCrashInputs_passEveryTarget() throws {
        for target in FuzzTarget.allCases {
            let folder = fuzzFolder.appendingPathComponent("regressions").appendingPathComponent(target.rawValue)
            XCTAssertTrue(FileManager.default.fileExists(atPath: folder.path), "missing \(folder.path)")
            run(target, on: try files(folder).filter { $0.name != "README.md" })
        }
    }

    func test_fixtures_passTheParserTargets() throws {
        let fixtures = try files(TestFiles.fixtureFolder("valid")) + files(TestFiles.fixtureFolder("malformed"))
        XCTAssertGreaterThanOrEqual(fixtures.count, 50)
        run(.netpbm, on: fixtures)
        run(.idx, on: fixtures)
        let png = try files(TestFiles.fixtureFolder("png"), suffix: ".png")
        XCTAssertGreaterThanOrEqual(png.count, 25)
        for control: UInt8 in [0, 1] {
            run(.png, on: (fixtures + png).map { (name: "\(control)-\($0.name)", bytes: [control] + $0.bytes) })
        }
    }

    func test_goldenFiles_passTheContainerAndDecompressTargets_withAnyControlByte() throws {
        let golden = GoldenFileTests.folder
        let vz = try files(golden, suffix: ".vz") + files(golden.appendingPathComponent("broken"), suffix: ".vz")
        XCTAssertGreaterThan(vz.count, 100)
        for control: UInt8 in [0, 1, 3] {
            let inputs = vz.map { (name: "\(control)-\($0.name)", bytes: [control] + $0.bytes) }
            run(.container, on: inputs)
            // A vlae payload takes a debug build about a second per tile to decode, and
            // BrokenGoldenFileTests decodes them all; here only the vlae files that stop early.
            run(.decompress, on: inputs.filter { !$0.name.contains("vlae") || $0.name.hasPrefix("\(control)-truncated") })
            // The archive target stops at once on a single file; the golden archives decode three tiles.
            run(.archive, on: inputs)
        }
    }
}
