import Foundation
import XCTest

/// The workflow of a user with images of their own: train a model with vlae-train, compress
/// with `--model`, decompress with `--model` or `VLAE_MODEL_PATH`, and without either get exit
/// code 3 and a line naming the model.
final class ModelWorkflowTests: CLITestCase {
    /// A 40×40 bi-level drawing of a few boxes and lines, as P4.
    private func drawing(seed: UInt64) -> Data {
        var state = seed &* 0x9E37_79B9_7F4A_7C15 | 1
        func next(_ n: Int) -> Int {
            state ^= state << 13; state ^= state >> 7; state ^= state << 17
            return Int(state % UInt64(n))
        }
        var ink = [[Bool]](repeating: [Bool](repeating: false, count: 40), count: 40)
        for _ in 0..<3 {
            let (x0, y0, x1, y1) = (next(30), next(30), 0, 0)
            let (w, h) = (next(10) + 4 + x1, next(10) + 4 + y1)
            for x in x0..<min(40, x0 + w) { ink[y0][x] = true; ink[min(39, y0 + h)][x] = true }
            for y in y0..<min(40, y0 + h) { ink[y][x0] = true; ink[y][min(39, x0 + w)] = true }
        }
        var bytes = Array("P4\n40 40\n".utf8)
        for row in ink {
            for x0 in stride(from: 0, to: 40, by: 8) {
                bytes.append((0..<8).reduce(UInt8(0)) { $0 | (row[x0 + $1] ? 0x80 >> UInt8($1) : 0) })
            }
        }
        return Data(bytes)
    }

    func test_trainThenCompressWithModel_decodesWithModelOrSearchPath_andNamesAMissingModel() throws {
        let train = path("train"), models = path("models")
        try FileManager.default.createDirectory(atPath: train + "/nested", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: models, withIntermediateDirectories: true)
        for i in 0..<12 { try drawing(seed: UInt64(i)).write(to: URL(fileURLWithPath: "\(train)/nested/d\(i).pbm")) }
        let model = models + "/drawings.safetensors"
        let trained = try CLIRunner.run(["train", "--data", train, "--tile", "16", "--epochs", "1", "--batch", "8",
                                         "--latents", "4", "--channels", "8", "--layers", "1", "--made-hidden", "16",
                                         "--name", "test drawings", "--out", model], program: CLIRunner.trainer)
        XCTAssertEqual(trained.status, 0, trained.stdout + trained.stderr)
        XCTAssertTrue(trained.stdout.contains("tiles of 16×16 per epoch"), trained.stdout)

        let input = path("new.pbm")
        try drawing(seed: 99).write(to: URL(fileURLWithPath: input))
        let compressed = try CLIRunner.run(["--codec", "vlae", "--model", model, "--json", input, path("new.vz")])
        XCTAssertEqual(compressed.status, 0, compressed.stderr)
        XCTAssertTrue(compressed.stdout.contains("\"vlae_model\":\"test drawings\""), compressed.stdout)

        let withModel = try CLIRunner.run(["-d", "--model", model, path("new.vz"), path("a.pbm")])
        XCTAssertEqual(withModel.status, 0, withModel.stderr)
        let withPath = try CLIRunner.run(["-d", path("new.vz"), path("b.pbm")], environment: ["VLAE_MODEL_PATH": "/nonexistent:" + models])
        XCTAssertEqual(withPath.status, 0, withPath.stderr)
        let original = try Data(contentsOf: URL(fileURLWithPath: input))
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: path("a.pbm"))), original)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: path("b.pbm"))), original)

        let without = try CLIRunner.run(["-d", path("new.vz"), path("c.pbm")], environment: ["VLAE_MODEL_PATH": ""])
        assertOneErrorLine(without, status: 3)
        XCTAssertTrue(without.stderr.contains("\"test drawings\""), without.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: path("c.pbm")))

        let listed = try CLIRunner.run(["--list-models"], environment: ["VLAE_MODEL_PATH": models])
        XCTAssertEqual(listed.status, 0, listed.stderr)
        XCTAssertTrue(listed.stdoutLines.contains { $0.hasPrefix("test drawings") && $0.contains("bi-level") && $0.contains("16x16") && $0.hasSuffix(model) },
                      listed.stdout)
    }

    func test_modelOption_thatIsNotAModel_exits6_andABiLevelModelForAGrayscaleInput_exits2() throws {
        try Data("not a model".utf8).write(to: URL(fileURLWithPath: path("bad.safetensors")))
        let sample = CLITestCase.fixture("valid", "p4-odd-width-padding.pbm").path
        assertOneErrorLine(try CLIRunner.run(["--model", path("bad.safetensors"), sample, path("x.vz")]), status: 6)
        let biLevel = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources/ModelFile/Resources/vlae-binarized-mnist.safetensors").path
        let gray = CLITestCase.fixture("valid", "p5-maxval255.pgm").path
        let refused = try CLIRunner.run(["--model", biLevel, gray, path("y.vz")])
        assertOneErrorLine(refused, status: 2)
        XCTAssertTrue(refused.stderr.contains("bi-level images only"), refused.stderr)
        XCTAssertEqual(try folderContents(), ["bad.safetensors"])
    }
}
