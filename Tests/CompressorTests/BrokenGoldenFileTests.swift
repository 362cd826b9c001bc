import Compressor
import Container
import Foundation
import XCTest

/// Broken `.vz` files (`Golden/broken/`, written by `scripts/make-broken-golden.py` from the valid
/// golden files): truncations at many offsets, bit flips in header and payload, wrong magic, newer
/// versions, a wrong model hash, absurd dimensions. Each must be refused with exactly the typed
/// error its manifest line gives (case path and message), never decoded into some image.
final class BrokenGoldenFileTests: XCTestCase {
    static let folder = GoldenFileTests.folder.appendingPathComponent("broken")

    struct Entry {
        let name: String
        /// `outerCase.innerCase` of the `CompressorError`, e.g. `corruptContainer.truncated`.
        let casePath: String
        /// The exact `description`, or nil where it depends on what a codec decodes.
        let message: String?
    }

    static func manifest() throws -> [Entry] {
        let text = try String(contentsOf: folder.appendingPathComponent("manifest.tsv"), encoding: .utf8)
        return text.split(separator: "\n").map { line in
            let fields = line.split(separator: "\t", maxSplits: 2).map(String.init)
            return Entry(name: fields[0], casePath: fields[1], message: fields[2] == "-" ? nil : fields[2])
        }
    }

    func test_everyBrokenFile_givesItsExactTypedError() throws {
        let entries = try Self.manifest()
        for entry in entries {
            let bytes = try TestFiles.bytes(Self.folder.appendingPathComponent(entry.name))
            do {
                let result = try Compressor.decompress(bytes)
                XCTFail("\(entry.name) decoded into \(result.output.count) bytes instead of failing")
            } catch {
                // `decompress` throws `CompressorError` only (typed throws), so `error` is one.
                XCTAssertEqual(Self.casePath(error), entry.casePath, "\(entry.name): \(error)")
                if let message = entry.message {
                    XCTAssertEqual(error.description, message, entry.name)
                }
                XCTAssertTrue(error.isContainerProblem, "\(entry.name): \(error) is not a .vz problem (exit code 3)")
            }
        }
    }

    func test_manifest_listsEveryFile_andCoversEveryKindOfDamage() throws {
        let entries = try Self.manifest()
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.folder.path).filter { $0.hasSuffix(".vz") }
        XCTAssertEqual(Set(entries.map(\.name)), Set(files))
        XCTAssertEqual(entries.count, Set(entries.map(\.name)).count, "duplicate manifest lines")
        let paths = Set(entries.map(\.casePath))
        for required in ["corruptContainer.truncated", "corruptContainer.badMagic", "corruptContainer.unsupportedVersion",
                         "corruptContainer.headerChecksumMismatch", "corruptContainer.pixelChecksumMismatch",
                         "modelNotFound", "corruptContainer.pixelCountOverLimit",
                         "corruptPayload.decompressionFailed", "corruptVLAEPayload"] {
            XCTAssertTrue(paths.contains(required), "no broken file for \(required)")
        }
        let truncations = entries.filter { $0.name.hasPrefix("truncated-") }
        XCTAssertGreaterThanOrEqual(truncations.count, 40)
        for codec in ["stored", "zstd", "vlae"] {
            XCTAssertTrue(truncations.contains { $0.name.contains("-\(codec)") }, "no truncated \(codec) file")
            XCTAssertTrue(entries.contains { $0.name.hasPrefix("payload-flip-\(codec)") }, "no payload flip for \(codec)")
        }
    }

    /// `outer.inner` case names of `error` (inner only for errors that wrap a typed error).
    static func casePath(_ error: CompressorError) -> String {
        switch error {
        case let .corruptContainer(inner): return "corruptContainer." + caseName(inner, payloadFree: [(.badMagic, "badMagic"), (.nonCanonicalImageList, "nonCanonicalImageList")])
        case let .corruptPayload(inner): return "corruptPayload." + caseName(inner, payloadFree: [(.notAFrame, "notAFrame"), (.unknownContentSize, "unknownContentSize")])
        case let .corruptLayout(inner): return "corruptLayout." + caseName(inner, payloadFree: [
            (.truncated, "truncated"), (.invalidInteger, "invalidInteger"), (.trailingBytesStartImage, "trailingBytesStartImage")])
        default: return caseName(error, payloadFree: [(.unrecognizedInput, "unrecognizedInput")])
        }
    }

    /// The case name of `value`: the label of its associated values, or from `payloadFree`
    /// (a `CustomStringConvertible` enum does not print the names of cases without values).
    private static func caseName<E: Equatable>(_ value: E, payloadFree: [(E, String)]) -> String {
        Mirror(reflecting: value).children.first?.label ?? payloadFree.first { $0.0 == value }?.1 ?? "\(value)"
    }
}
