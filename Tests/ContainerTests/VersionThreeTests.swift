import Container
import ImageIO
import XCTest

/// Version 3 (FORMAT.md, "Header, version 3"): the compact header of version 2 that can also
/// name codec 3, the context codec. A file is written in the oldest version that holds it, so
/// files without codec 3 stay version 2 and older readers keep reading them.
final class VersionThreeTests: XCTestCase {
    private let flags = try! CodecParameters(version: 1, bytes: [1])

    private func contextFile(_ source: InputSource, parameters: CodecParameters? = nil) throws -> VZFile {
        let header = try VZHeader(codec: .context, codecParameters: parameters ?? flags, source: source, pixelChecksum: 7)
        return try VZFile(header: header, payload: [1, 2, 3, 4, 5, 6, 7, 8])
    }

    func test_contextFiles_areWrittenInVersion3_withOneByteParameters_andRoundTrip() throws {
        for source in [Fixtures.pngSource, Fixtures.idxSource] {
            let file = try contextFile(source)
            XCTAssertEqual(file.header.version, 3)
            let bytes = file.serialized()
            XCTAssertEqual(Array(bytes[8..<10]), [3, 0])
            let form = bytes[11]
            XCTAssertEqual(form & 0b11, 3, "codec 3")
            XCTAssertEqual(form & 0x80, 0x80, "version-1 parameters of one byte are written as that byte alone")
            XCTAssertEqual(form & 0x40, 0, "no model")
            let parsed = try VZFile(parsing: bytes)
            XCTAssertEqual(parsed, file)
            XCTAssertEqual(parsed.serialized(), bytes)
        }
        // Other parameters are written out in full and read back.
        let long = try contextFile(Fixtures.pngSource, parameters: try CodecParameters(version: 2, bytes: [1, 2]))
        XCTAssertEqual(try VZFile(parsing: long.serialized()), long)
    }

    func test_filesWithoutCodec3_stayVersion2() throws {
        for file in Fixtures.all(version: 2) {
            let header = try VZHeader(codec: file.header.codec, codecParameters: file.header.codecParameters, source: file.header.source,
                                      layout: file.header.layout, pixelChecksum: file.header.pixelChecksum)
            XCTAssertEqual(header.version, 2, "\(file.header.codec)")
        }
    }

    func test_anArchiveWithAContextGroup_isVersion3() throws {
        let entries = [ArchiveEntry(path: "a.png", source: Fixtures.pngSource, layout: [], group: 0),
                       ArchiveEntry(path: "b.idx", source: Fixtures.idxSource, layout: [], group: 1)]
        let groups = [try ArchiveGroup(codec: .context, parameters: flags, payloadLength: 4), try ArchiveGroup(codec: .stored, payloadLength: 50)]
        let index = try ArchiveIndex(groups: groups, entries: entries)
        let header = try VZHeader(codec: .stored, source: .archive(index), pixelChecksum: 1)
        XCTAssertEqual(header.version, 3)
        let file = try VZFile(header: header, payload: [UInt8](repeating: 0, count: 54))
        XCTAssertEqual(try VZFile(parsing: file.serialized()), file)
        XCTAssertThrowsError(try VZHeader(codec: .stored, source: .archive(index), pixelChecksum: 1, version: 2)) { error in
            XCTAssertEqual(error as? ContainerError, .unknownCodec(3))
        }
    }

    /// Versions 1 and 2 cannot name codec 3: writing one is refused, and so is reading a
    /// version-2 file whose form byte says codec 3.
    func test_olderVersions_refuseCodec3() throws {
        for version: UInt16 in [1, 2] {
            XCTAssertThrowsError(try VZHeader(codec: .context, codecParameters: flags, source: Fixtures.pngSource, pixelChecksum: 7, version: version)) { error in
                XCTAssertEqual(error as? ContainerError, .unknownCodec(3))
            }
        }
        var bytes = try contextFile(Fixtures.pngSource).serialized()
        bytes[8] = 2
        XCTAssertThrowsError(try VZFile(parsing: resealed(bytes))) { error in
            XCTAssertEqual(error as? ContainerError, .unknownCodec(3))
        }
    }

    func test_aShippedModelFlag_onCodec3_isRefused() throws {
        var bytes = try contextFile(Fixtures.pngSource).serialized()
        bytes[11] |= 0x40
        XCTAssertThrowsError(try VZFile(parsing: resealed(bytes))) { error in
            guard case .nonCanonicalHeader = error as? ContainerError else { return XCTFail("\(error)") }
        }
    }

    func test_version4_isRefusedByName() throws {
        var bytes = try contextFile(Fixtures.pngSource).serialized()
        bytes[8] = 4
        XCTAssertThrowsError(try VZFile(parsing: resealed(bytes))) { error in
            XCTAssertEqual(error as? ContainerError, .unsupportedVersion(found: 4, supported: 3))
        }
    }

    /// A compact header with its CRC-16 recomputed (header length below 128).
    private func resealed(_ bytes: [UInt8]) -> [UInt8] {
        let length = Int(bytes[10])
        var copy = bytes
        let crc = CRC16.checksum(Array(bytes[0..<(length - 2)]))
        copy[length - 2] = UInt8(crc & 0xFF)
        copy[length - 1] = UInt8(crc >> 8)
        return copy
    }
}
