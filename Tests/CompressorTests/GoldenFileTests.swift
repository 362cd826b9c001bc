import Compressor
import Container
import ModelFile
import VLAECoding
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
        XCTAssertEqual(Set(entries.map { $0[1] }), Set(CompressionCodec.allCases.map(\.rawValue)), "every codec has a golden file")
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

    /// A file coded with 4 coupled particles (12 tiles: 4 past the chain start) decodes to its
    /// source, and the source codes to the same bytes again.
    func test_particlesGoldenFile_decodes_andReencodesIdentically() throws {
        let golden = Array(try Data(contentsOf: Self.folder.appendingPathComponent("texture-97x61-maxval15.particles4.vz")))
        let original = Array(try Data(contentsOf: Self.folder.appendingPathComponent("texture-97x61-maxval15.pgm")))
        XCTAssertEqual(try Compressor.decompress(golden).output, original)
        XCTAssertEqual(try Compressor.compress(original, codec: .vlae, particles: .exactly(4)).output, golden)
        XCTAssertNotEqual(try Compressor.compress(original, codec: .vlae).output, golden, "one particle makes another file")
    }

    /// Archives (`archive.vz`: a grayscale vlae group, a context and a stored group, chosen by
    /// `--codec auto`; `archive-bilevel.vlae.vz`: one bi-level vlae group) extract to the files of
    /// `Golden/archive/`, and those files archive to the same bytes again.
    func test_goldenArchives_extractToTheirSources_andReencodeIdentically() throws {
        let folder = Self.folder.appendingPathComponent("archive")
        func files(_ names: [String]) throws -> [ArchiveFile] {
            try names.map { ArchiveFile(path: $0, contents: Array(try Data(contentsOf: folder.appendingPathComponent($0)))) }
        }
        for (name, codec, sources) in [("archive.vz", nil, ["gray/fashion-t10k-000.pgm", "gray1-13x11.png", "labels.idx", "odd-13x4.pbm"]),
                                       ("archive-bilevel.vlae.vz", CompressionCodec.vlae, ["gray1-13x11.png", "odd-13x4.pbm"])] {
            let golden = Array(try Data(contentsOf: Self.folder.appendingPathComponent(name)))
            let extracted = try Compressor.extractArchive(golden)
            XCTAssertEqual(extracted.files, try files(sources), "\(name) no longer extracts to its files")
            XCTAssertEqual(try Compressor.compressArchive(try files(sources), codec: codec).output, golden, "the files no longer archive to \(name)")
        }
        XCTAssertEqual(try Compressor.extractArchive(Array(try Data(contentsOf: Self.folder.appendingPathComponent("archive.vz")))).groups.map(\.codec),
                       [.vlae, .context, .stored])
    }

    /// Files coded with `vlae-mnist` and `vlae-mnist-c64`, and with `vlae-binarized-mnist-int16`,
    /// before newer digit models superseded them still decode: a superseded model stays in the
    /// build, though compression no longer picks it.
    func test_filesOfSupersededShippedModels_stillDecode() throws {
        for (model, source) in [(ShippedModel.mnist, "ring-digit-28x28"), (.mnist64, "ring-digit-28x28"), (.binarizedMNISTInt16, "ring-digits-4-bw")] {
            let original = Array(try Data(contentsOf: Self.folder.appendingPathComponent(source + (model == .binarizedMNISTInt16 ? ".pbm" : ".pgm"))))
            let old = Array(try Data(contentsOf: Self.folder.appendingPathComponent("earlier/\(source).\(model.rawValue).vz")))
            XCTAssertEqual(try Compressor.describe(old).model?.name, model.rawValue)
            XCTAssertEqual(try Compressor.decompress(old).output, original, model.rawValue)
            XCTAssertFalse(model.codesNewFiles)
        }
    }

    /// The garment's file made with the larger garment model (`vlae-fashion-mnist-int16`, which
    /// coded garments until the fast one took its place) still decodes, and `--best`'s catalog,
    /// which has no fast model, makes it again byte for byte.
    func test_garmentFileOfTheLargerGarmentModel_stillDecodes_andBestStillMakesIt() throws {
        let old = Array(try Data(contentsOf: Self.folder.appendingPathComponent("earlier/fashion-t10k-000.vlae-fashion-mnist-int16.vz")))
        let source = Array(try Data(contentsOf: Self.folder.appendingPathComponent("fashion-t10k-000.pgm")))
        XCTAssertEqual(try Compressor.describe(old).model?.name, ShippedModel.fashionMNISTInt16.rawValue)
        XCTAssertEqual(try Compressor.decompress(old).output, source)
        XCTAssertEqual(try Compressor.compress(source, codec: .vlae, models: .strongestShipped).output, old)
        XCTAssertEqual(try Compressor.describe(try Compressor.compress(source, codec: .vlae).output).model?.name,
                       ShippedModel.fashionMNISTFastInt16.rawValue)
    }

    /// The auto archive as made before the context codec (version 2; its bi-level files in a zstd
    /// group) still extracts to the same files.
    func test_archiveMadeBeforeTheContextCodec_stillExtracts() throws {
        let old = Array(try Data(contentsOf: Self.folder.appendingPathComponent("earlier/archive-before-context.vz")))
        XCTAssertEqual(Array(old[8..<10]), [2, 0])
        let extracted = try Compressor.extractArchive(old)
        XCTAssertEqual(extracted.groups.map(\.codec), [.vlae, .zstd, .stored])
        for file in extracted.files {
            let original = Array(try Data(contentsOf: Self.folder.appendingPathComponent("archive").appendingPathComponent(file.path)))
            XCTAssertEqual(file.contents, original, file.path)
        }
    }

    /// The same files and archives as made in format version 1 (`Golden/v1/`, before the compact
    /// header of version 2): they keep decoding to their sources, and are larger.
    func test_version1GoldenFiles_stillDecodeToTheirSources() throws {
        let v1 = Self.folder.appendingPathComponent("v1")
        let manifest = try String(contentsOf: Self.folder.appendingPathComponent("manifest.txt"), encoding: .utf8)
        // Version 1 cannot name the context codec: its files have no version-1 twin; nor has the
        // fast digit model's file, made long after version 2 replaced version 1.
        for entry in manifest.split(separator: "\n").map({ $0.split(separator: " ").map(String.init) })
        where entry[1] != "context" && entry[0] != "ring-digits-4-bw.vlae.vz" {
            let old = Array(try Data(contentsOf: v1.appendingPathComponent(entry[0])))
            XCTAssertEqual(Array(old[8..<10]), [1, 0], entry[0])
            let original = Array(try Data(contentsOf: Self.folder.appendingPathComponent(entry[2])))
            XCTAssertEqual(try Compressor.decompress(old).output, original, "\(entry[0]) (version 1) no longer decodes")
            let current = try Data(contentsOf: Self.folder.appendingPathComponent(entry[0]))
            XCTAssertLessThan(current.count, old.count, entry[0])
        }
        for (name, count) in [("archive.vz", 4), ("archive-bilevel.vlae.vz", 2)] {
            let old = Array(try Data(contentsOf: v1.appendingPathComponent(name)))
            let extracted = try Compressor.extractArchive(old)
            XCTAssertEqual(extracted.files.count, count)
            for file in extracted.files {
                let original = Array(try Data(contentsOf: Self.folder.appendingPathComponent("archive").appendingPathComponent(file.path)))
                XCTAssertEqual(file.contents, original, "\(name) (version 1): \(file.path)")
            }
        }
    }

    /// vlae files made before small files tried coarser latent buckets (`Golden/earlier/`, all
    /// with K = 2^12): an encoder change, not a format change, so they keep decoding.
    func test_earlierGoldenFiles_stillDecodeToTheirSources() throws {
        let earlier = Self.folder.appendingPathComponent("earlier")
        let names = try FileManager.default.contentsOfDirectory(atPath: earlier.path).filter { $0.hasSuffix(".vlae.vz") }.sorted()
        XCTAssertEqual(names.count, 3)
        for name in names {
            let golden = Array(try Data(contentsOf: earlier.appendingPathComponent(name)))
            let source = String(name.dropLast(".vlae.vz".count)) + (name.hasPrefix("fashion-t10k") ? ".pgm" : ".pbm")
            let original = Array(try Data(contentsOf: Self.folder.appendingPathComponent(source)))
            XCTAssertEqual(try Compressor.decompress(golden).output, original, "\(name) no longer decodes to \(source)")
            XCTAssertEqual(golden[63], 12, "\(name) was made with K = 2^12")
        }
    }

    /// A one-tile file's z costs a few bits, not D·log2 K: it is smaller than when it was coded
    /// with K = 2^12 alone.
    func test_smallFiles_codeTheirFirstTileWithCoarseBuckets() throws {
        let source = Array(try Data(contentsOf: Self.folder.appendingPathComponent("odd-13x4.pbm")))
        let file = try Compressor.compress(source, codec: .vlae).output
        let before = try Data(contentsOf: Self.folder.appendingPathComponent("earlier/odd-13x4.vlae.vz"))
        XCTAssertLessThan(file.count, before.count)
    }

    /// vlae files and archives made before chains started cheaply (`Golden/before-cheap-starts/`:
    /// parameters of versions 4 and 5, two chains wherever there were two tiles) keep decoding.
    func test_filesMadeBeforeCheapChainStarts_stillDecodeToTheirSources() throws {
        let names = try checkOlderFiles(in: "before-cheap-starts", particles: "fashion-4-bw.particles4.vz")
        for name in names {
            let old = Array(try Data(contentsOf: Self.folder.appendingPathComponent("before-cheap-starts").appendingPathComponent(name)))
            let parameters = try VZFile(parsing: old).header.codecParameters
            XCTAssertNil(try BitsBackParameters(version: parameters.version, bytes: parameters.bytes).chainStart, name)
        }
    }

    /// vlae files and archives made with the float models before their integer versions shipped
    /// (`Golden/float-models/`, 1 December) keep decoding, each naming its float model.
    func test_filesOfTheFloatModels_stillDecodeToTheirSources() throws {
        let names = try checkOlderFiles(in: "float-models", particles: "texture-97x61-maxval15.particles4.vz")
        let floatModels = [ShippedModel.binarizedMNIST, .fashionMNIST, .mnist64b, .pages].map(\.rawValue)
        for name in names {
            let old = Array(try Data(contentsOf: Self.folder.appendingPathComponent("float-models").appendingPathComponent(name)))
            XCTAssertTrue(floatModels.contains(try Compressor.describe(old).model?.name ?? ""), name)
        }
    }

    /// Decodes the single-image vlae files of an older folder to their sources and extracts its
    /// two archives; returns the single-image files' names.
    private func checkOlderFiles(in folderName: String, particles: String) throws -> [String] {
        let folder = Self.folder.appendingPathComponent(folderName)
        let files = [("fashion-4-bw.vlae.vz", "fashion-4-bw.pbm"), ("fashion-t10k-000.vlae.vz", "fashion-t10k-000.pgm"),
                     ("odd-13x4.vlae.vz", "odd-13x4.pbm"), ("ring-digit-28x28.vlae.vz", "ring-digit-28x28.pgm"),
                     ("texture-97x61-maxval15.vlae.vz", "texture-97x61-maxval15.pgm"),
                     (particles, particles.hasPrefix("fashion") ? "fashion-4-bw.pbm" : "texture-97x61-maxval15.pgm")]
        for (name, source) in files {
            let old = Array(try Data(contentsOf: folder.appendingPathComponent(name)))
            let original = Array(try Data(contentsOf: Self.folder.appendingPathComponent(source)))
            XCTAssertEqual(try Compressor.decompress(old).output, original, "\(folderName)/\(name) no longer decodes to \(source)")
        }
        for name in ["archive.vz", "archive-bilevel.vlae.vz"] {
            let archive = Array(try Data(contentsOf: folder.appendingPathComponent(name)))
            for file in try Compressor.extractArchive(archive).files {
                let original = Array(try Data(contentsOf: Self.folder.appendingPathComponent("archive").appendingPathComponent(file.path)))
                XCTAssertEqual(file.contents, original, "\(folderName)/\(name): \(file.path)")
            }
        }
        return files.map(\.0)
    }
}
