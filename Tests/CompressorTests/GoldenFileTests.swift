import Compressor
import Foundation
import XCTest

/// Golden `.vz` files written by a release build (`scripts/make-golden.sh`): this (debug) build
/// must decode each to its source byte for byte, and encode each source to the same bytes.
/// So a file made today keeps decoding, and debug and release builds agree bit for bit.
final class GoldenFileTests: XCTestCase {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    func test_goldenFiles_decodeToTheirSources_andReencodeIdentically() throws {
        let manifest = try String(contentsOf: Self.folder.appendingPathComponent("manifest.txt"), encoding: .utf8)
        let entries = manifest.split(separator: "\n").map { $0.split(separator: " ").map(String.init) }
        XCTAssertEqual(Set(entries.map { $0[1] }), ["vlae", "zstd", "stored"], "every codec has a golden file")
        for entry in entries {
            let (name, codec, source) = (entry[0], entry[1], entry[2])
            let golden = Array(try Data(contentsOf: Self.folder.appendingPathComponent(name)))
            let original = Array(try Data(contentsOf: Self.folder.appendingPathComponent(source)))
            let decoded = try Compressor.decompress(golden)
            XCTAssertEqual(decoded.output, original, "\(name) no longer decodes to \(source)")
            XCTAssertEqual(decoded.codec.rawValue, codec, name)
            let reencoded = try Compressor.compress(original, codec: CompressionCodec(rawValue: codec)!)
            XCTAssertEqual(reencoded.output, golden, "\(source) no longer encodes to \(name)")
        }
    }
}
