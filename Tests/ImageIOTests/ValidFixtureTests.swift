import Foundation
import XCTest
import ImageIO

/// The tests' own valid set (Fixtures/valid, made by make-fixtures.py): each file must read
/// as its manifest says and round-trip.
final class ValidFixtureTests: XCTestCase {
    private struct Entry: Decodable {
        struct Image: Decodable {
            var variant: UInt8
            var width: Int
            var height: Int
            var maxval: Int
            var pixels: [UInt8]
        }
        var kind: String
        var images: [Image]?
        var trailing: Int?
        var dimensions: [Int]?
        var values: [UInt8]?
    }

    private func manifest() throws -> [String: Entry] {
        try JSONDecoder().decode([String: Entry].self, from: Data(Fixtures.bytes("valid", "manifest.json")))
    }

    func test_manifest_coversEveryValidFile() throws {
        let names = try Fixtures.names(in: "valid").filter { $0 != "manifest.json" }
        XCTAssertEqual(Set(names), Set(try manifest().keys))
        XCTAssertGreaterThanOrEqual(names.count, 15)
    }

    func test_netpbmFixtures_readAsManifestSays_andRoundTrip() throws {
        for (name, entry) in try manifest() where entry.kind == "netpbm" {
            let bytes = try Fixtures.bytes("valid", name)
            let document = try NetpbmReader.read(bytes)
            let expected = try (entry.images ?? []).map { image in
                try NetpbmImage(variant: XCTUnwrap(NetpbmVariant(rawValue: image.variant)), width: image.width,
                                height: image.height, maxval: image.maxval, pixels: image.pixels)
            }
            XCTAssertEqual(document.images, expected, name)
            XCTAssertEqual(document.layout.trailingBytes.count, entry.trailing, name)
            let written = NetpbmWriter.bytes(for: document)
            if document.images.allSatisfy({ !$0.variant.isPlain }) {
                XCTAssertEqual(written, bytes, "\(name) must be rebuilt byte-identical")
            } else {
                XCTAssertEqual(try NetpbmReader.read(written).images.map(\.pixels), expected.map(\.pixels), name)
            }
        }
    }

    func test_idxFixtures_readAsManifestSays_andRoundTrip() throws {
        for (name, entry) in try manifest() where entry.kind == "idx" {
            let array = try IDXReader.read(Fixtures.bytes("valid", name))
            XCTAssertEqual(array.dimensions, entry.dimensions, name)
            XCTAssertEqual(array.values, entry.values, name)
            XCTAssertEqual(try IDXReader.read(IDXWriter.bytes(for: array)), array, name)
            if !name.hasSuffix(".gz") {
                XCTAssertEqual(IDXWriter.bytes(for: array), try Fixtures.bytes("valid", name), name)
            }
        }
    }
}
