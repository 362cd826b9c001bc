import Compressor
import Container
import ImageIO
import XCTest

/// Archives through the library: every file comes back (P4/P5/IDX byte for byte, P1/P2 as their
/// binary rewrite, PNG with the same pixels), one group per model, the chains' initial bits paid
/// once per group, deterministic bytes, and typed refusals.
final class ArchiveRoundTripTests: XCTestCase {
    /// What a single-file round trip gives back, which an archive must give too.
    private func singleFileRestoration(_ input: [UInt8]) throws -> [UInt8] {
        try Compressor.decompress(try Compressor.compress(input, codec: .stored).output).output
    }

    private func fixtureFiles() throws -> [ArchiveFile] {
        try TestFiles.files(in: TestFiles.fixtureFolder("valid")).map {
            ArchiveFile(path: "valid/" + $0.lastPathComponent, contents: try TestFiles.bytes($0))
        } + TestFiles.files(in: TestFiles.fixtureFolder("png")).filter { $0.pathExtension == "png" }.compactMap {
            let bytes = try TestFiles.bytes($0)
            // The refused PNG fixtures are for PNGReaderTests.
            return (try? Compressor.compress(bytes, codec: .stored)) == nil ? nil : ArchiveFile(path: "png/" + $0.lastPathComponent, contents: bytes)
        }
    }

    private func checkRoundTrip(_ files: [ArchiveFile], codec: CompressionCodec?, particles: ParticleChoice = .exactly(1),
                                file: StaticString = #filePath, line: UInt = #line) throws -> ArchiveResult {
        let archive = try Compressor.compressArchive(files, codec: codec, particles: particles)
        XCTAssertEqual(archive.compressedSize, archive.output.count, file: file, line: line)
        let restored = try Compressor.extractArchive(archive.output)
        let sorted = files.sorted { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
        XCTAssertEqual(restored.files.map(\.path), sorted.map(\.path), file: file, line: line)
        for (original, back) in zip(sorted, restored.files) {
            XCTAssertEqual(back.contents, try singleFileRestoration(original.contents), "\(original.path) with \(String(describing: codec))", file: file, line: line)
        }
        XCTAssertEqual(restored.members, archive.members, file: file, line: line)
        return archive
    }

    func test_everyValidFixture_inOneArchive_comesBackAsFromItsOwnFile_withEachCodec() throws {
        let files = try fixtureFiles()
        XCTAssertGreaterThanOrEqual(files.count, 20)
        for codec in [CompressionCodec.zstd, .stored, nil] {
            let archive = try checkRoundTrip(files, codec: codec)
            if codec == nil {
                // A group for each shipped model chosen (vlae tried, the smallest kept), and one for IDX arrays that are not images.
                let models = Set(archive.groups.compactMap { $0.vlae?.modelIdentity })
                XCTAssertGreaterThanOrEqual(models.count, 2, "the bi-level model and a grayscale one at least")
                XCTAssertEqual(archive.groups.count, models.count + 1)
                XCTAssertEqual(archive.groups.filter { $0.vlae == nil }.map(\.candidates.count), [2], "zstd and stored only")
            }
        }
    }

    func test_mixedBiLevelAndGrayscale_withVLAE_codeOneGroupPerModel() throws {
        let files = [
            ArchiveFile(path: "b.pbm", contents: Array("P4\n9 3\n".utf8) + [0xF0, 0x80, 0x0F, 0x00, 0xAA, 0x80]),
            ArchiveFile(path: "a.pgm", contents: Array("P5\n4 2\n255\n".utf8) + [0, 40, 80, 120, 160, 200, 240, 255]),
            ArchiveFile(path: "c/d.pbm", contents: Array("P1\n3 2\n1 0 1\n0 1 0\n".utf8)),
            ArchiveFile(path: "c/e.pgm", contents: Array("P5\n2 2\n15\n".utf8) + [0, 5, 10, 15]),
        ]
        let archive = try checkRoundTrip(files, codec: .vlae)
        XCTAssertEqual(archive.groups.map(\.codec), [.vlae, .vlae])
        XCTAssertEqual(archive.groups.map(\.files), [2, 2])
        XCTAssertNotEqual(archive.groups[0].model?.identity, archive.groups[1].model?.identity)
        XCTAssertEqual(archive.members.map(\.group), [0, 1, 1, 0], "a.pgm opens group 0, b.pbm group 1")
    }

    /// Eight digits as eight P4 files: in one archive the two chains pop their initial bits once
    /// for all eight (at most 384 bits each with K = 2^12); eight single files pay a header and
    /// initial bits each (a lone tile tries coarser buckets to pay fewer, and a compact header).
    func test_digitsInAnArchive_payTheInitialBitsOncePerChain_andBeatSingleFiles() throws {
        let test = try IDXReader.read(try TestFiles.bytes(try TestFiles.sharedData("binarized-mnist/test-images-idx3-ubyte.gz")))
        let files = (0..<8).map { n in
            let pixels = Array(test.values[(n * 784)..<((n + 1) * 784)])
            let image = try! NetpbmImage(variant: .p4, width: 28, height: 28, maxval: 1, pixels: pixels)
            return ArchiveFile(path: "digit-\(n).pbm", contents: NetpbmWriter.bytes(for: NetpbmDocument(images: [image])))
        }
        let archive = try checkRoundTrip(files, codec: .vlae)
        let group = try XCTUnwrap(archive.groups.first?.vlae)
        let singles = try files.reduce(0) { $0 + (try Compressor.compress($1.contents, codec: .vlae)).compressedSize }
        XCTAssertLessThanOrEqual(group.initialBits, 2 * 384, "two chains, each popping at most one tile's z")
        XCTAssertLessThan(archive.compressedSize, singles, "archive \(archive.compressedSize) bytes, single files \(singles)")
    }

    /// `--particles` reaches an archive's vlae groups: both groups code with 2 particles and
    /// extract to the files.
    func test_vlaeGroups_codeWithTheParticlesAskedFor() throws {
        let files = [
            ArchiveFile(path: "b.pbm", contents: Array("P4\n9 3\n".utf8) + [0xF0, 0x80, 0x0F, 0x00, 0xAA, 0x80]),
            ArchiveFile(path: "a.pgm", contents: Array("P5\n4 2\n255\n".utf8) + [0, 40, 80, 120, 160, 200, 240, 255]),
        ]
        let archive = try checkRoundTrip(files, codec: .vlae, particles: .exactly(2))
        XCTAssertEqual(archive.groups.compactMap { $0.vlae?.particles }, [2, 2])
    }

    func test_compressTwice_andInAnyOrder_givesTheSameBytes() throws {
        let files = try fixtureFiles().filter { !$0.path.hasPrefix("png/") }
        let first = try Compressor.compressArchive(files, codec: .zstd).output
        XCTAssertEqual(try Compressor.compressArchive(files.reversed(), codec: .zstd).output, first)
    }

    func test_refusals_areTypedAndNameTheFile() throws {
        let image = Array("P5\n1 1\n255\n".utf8) + [7]
        XCTAssertThrowsError(try Compressor.compressArchive([ArchiveFile(path: "a", contents: image), ArchiveFile(path: "a", contents: image)])) {
            XCTAssertEqual($0 as? CompressorError, .inputNotRepresentable(.badArchivePath(path: "\"a\"", reason: "is named twice")))
        }
        XCTAssertThrowsError(try Compressor.compressArchive([ArchiveFile(path: "../a", contents: image)])) {
            XCTAssertEqual($0 as? CompressorError, .inputNotRepresentable(.badArchivePath(path: "\"../a\"", reason: "has a '..' component")))
        }
        XCTAssertThrowsError(try Compressor.compressArchive([ArchiveFile(path: "a", contents: image), ArchiveFile(path: "notes.txt", contents: Array("hello".utf8))])) {
            XCTAssertEqual($0 as? CompressorError, .inArchive(path: "notes.txt", error: .unrecognizedInput))
            XCTAssertEqual(($0 as? CompressorError)?.isInputProblem, true)
        }
        let vector = IDXWriter.bytes(for: try IDXArray(dimensions: [3], values: [1, 2, 3]))
        XCTAssertThrowsError(try Compressor.compressArchive([ArchiveFile(path: "v.idx", contents: vector)], codec: .vlae)) {
            XCTAssertEqual($0 as? CompressorError, .inArchive(path: "v.idx", error: .notImages))
        }
        let single = try Compressor.compress(image, codec: .stored).output
        XCTAssertThrowsError(try Compressor.extractArchive(single)) { XCTAssertEqual($0 as? CompressorError, .notAnArchive) }
        let archive = try Compressor.compressArchive([ArchiveFile(path: "a", contents: image)], codec: .stored).output
        XCTAssertTrue(Compressor.looksLikeArchive(archive) && !Compressor.looksLikeArchive(single))
        XCTAssertThrowsError(try Compressor.decompress(archive)) { XCTAssertEqual($0 as? CompressorError, .isArchive(files: 1)) }
    }

    /// A flipped payload byte is refused or harmless, never a silently different file.
    func test_everyPayloadByteFlip_isDetectedOrHarmless() throws {
        let files = try fixtureFiles().filter { !$0.path.hasPrefix("png/") }.prefix(6)
        for codec in [CompressionCodec.stored, .zstd] {
            let archive = try Compressor.compressArchive(Array(files), codec: codec)
            let payloadStart = archive.output.count - archive.groups.reduce(0) { $0 + $1.payloadBytes }
            for index in payloadStart..<archive.output.count {
                var damaged = archive.output
                damaged[index] ^= 0x10
                if let restored = try? Compressor.extractArchive(damaged) {
                    XCTAssertEqual(restored.files, try Compressor.extractArchive(archive.output).files, "\(codec): flip at \(index)")
                }
            }
        }
    }

    func test_describe_listsEachFileAndGroup_fromTheHeader() throws {
        let files = try fixtureFiles().filter { !$0.path.hasPrefix("png/") }
        let archive = try Compressor.compressArchive(files, codec: .zstd)
        let description = try Compressor.describe(archive.output)
        XCTAssertEqual(description.kind, .archive)
        XCTAssertEqual(description.pixels, archive.pixels)
        XCTAssertEqual(description.archive?.members, archive.members)
        XCTAssertEqual(description.archive?.groups.map(\.payloadBytes), archive.groups.map(\.payloadBytes))
    }
}
