import Foundation
import XCTest

/// Runs the built `vlae-compress` binary and captures what it prints.
struct CLIRunner {
    struct Outcome {
        var status: Int32
        var stdout: String
        var stderr: String
        /// Standard output as bytes (compressed or decompressed data).
        var stdoutData = Data()

        var stderrLines: [Substring] { stderr.split(separator: "\n") }
        var stdoutLines: [Substring] { stdout.split(separator: "\n") }
    }

    /// The folder holding the built products: the one that holds the test bundle.
    static var productsDirectory: URL {
        for bundle in Bundle.allBundles where bundle.bundlePath.hasSuffix(".xctest") {
            return bundle.bundleURL.deletingLastPathComponent()
        }
        return Bundle.main.bundleURL
    }

    static var binary: URL { productsDirectory.appendingPathComponent("vlae-compress") }
    static var trainer: URL { productsDirectory.appendingPathComponent("vlae-train") }

    /// Runs `program` (default: vlae-compress) with `arguments`, and `environment` added to this
    /// process's, `input` on its standard input (empty by default), and waits for it.
    static func run(_ arguments: [String], program: URL = binary, environment: [String: String] = [:], input: Data? = nil) throws -> Outcome {
        let process = Process()
        process.executableURL = program
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        let stdin = Pipe()
        process.standardInput = input == nil ? FileHandle.nullDevice : stdin
        try process.run()
        if let input {
            // Fed from another thread, so a child that writes before it reads cannot block us.
            Thread.detachNewThread {
                try? stdin.fileHandleForWriting.write(contentsOf: input)
                try? stdin.fileHandleForWriting.close()
            }
        }
        // Read both pipes before waiting, so a full pipe cannot block the child.
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Outcome(status: process.terminationStatus,
                       stdout: String(decoding: outData, as: UTF8.self),
                       stderr: String(decoding: errData, as: UTF8.self), stdoutData: outData)
    }
}

/// A fresh temporary folder per test, removed afterwards.
class CLITestCase: XCTestCase {
    var folder: URL!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("vlae-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        guard FileManager.default.isExecutableFile(atPath: CLIRunner.binary.path) else {
            return XCTFail("vlae-compress not built at \(CLIRunner.binary.path)")
        }
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: folder)
    }

    func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

    /// Names in the temporary folder (hidden temporary files included).
    func folderContents() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
    }

    /// ImageIO's fixture `Tests/ImageIOTests/Fixtures/<folder>/<name>`, from this file's real location.
    static func fixture(_ folder: String, _ name: String = "") -> URL {
        URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
            .deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("ImageIOTests/Fixtures").appendingPathComponent(folder).appendingPathComponent(name)
    }

    /// Checks the error contract: one stderr line starting `vlae-compress: error: `, nothing on stdout.
    func assertOneErrorLine(_ outcome: CLIRunner.Outcome, status: Int32, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(outcome.status, status, "stderr: \(outcome.stderr)", file: file, line: line)
        XCTAssertEqual(outcome.stderrLines.count, 1, outcome.stderr, file: file, line: line)
        XCTAssertTrue(outcome.stderr.hasPrefix("vlae-compress: error: "), outcome.stderr, file: file, line: line)
        XCTAssertEqual(outcome.stdout, "", file: file, line: line)
    }
}
