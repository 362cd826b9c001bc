import Container
import ImageIO
import ModelFile
import XCTest

/// Version 2 of the header (FORMAT.md, "Header, version 2"): what it writes round-trips, a small
/// image's header fits in 24 bytes, every damage is refused, each value has one byte form, and
/// bi-level stored payloads are packed.
final class CompactHeaderTests: XCTestCase {
    private let digitShape = try! ImageShape(variant: .p4, maxval: 1, width: 28, height: 28)

    private func canonicalLayout(_ shapes: [ImageShape]) -> [UInt8] {
        NetpbmLayout.canonical(for: shapes.map {
            try! NetpbmHeader(variant: $0.variant, width: $0.width, height: $0.height, maxval: $0.maxval)
        }).serialized()
    }

    /// A version 2 header around `body` (form byte to pixel CRC): magic, version, length, CRC-16.
    private func compactHeader(_ body: [UInt8]) -> [UInt8] {
        var length = 10 + 1 + body.count + 2
        if length >= 128 { length += 1 }
        var bytes = VZFormat.magic + [2, 0]
        var rest = length
        while rest >= 0x80 { bytes.append(UInt8(rest & 0x7F) | 0x80); rest >>= 7 }
        bytes.append(UInt8(rest))
        bytes += body
        let crc = CRC16.checksum(bytes)
        return bytes + [UInt8(crc & 0xFF), UInt8(crc >> 8)]
    }

    func test_crc16_hasItsCheckValue() {
        XCTAssertEqual(CRC16.checksum(Array("123456789".utf8)), 0x29B1)
    }

    func test_everyCodecAndKind_roundTripsInVersion2_andIsSmallerThanVersion1() throws {
        for (compact, old) in zip(Fixtures.all(version: 2), Fixtures.all(version: 1)) {
            let bytes = compact.serialized()
            XCTAssertEqual(Array(bytes[8..<10]), [2, 0])
            let parsed = try VZFile(parsing: bytes)
            XCTAssertEqual(parsed, compact)
            XCTAssertEqual(parsed.serialized(), bytes)
            XCTAssertEqual(bytes.count, compact.headerLength + compact.payload.count)
            XCTAssertLessThan(compact.headerLength, old.headerLength, "\(compact.header.source.kind)")
            XCTAssertEqual(VZFile.sourceKind(atStartOf: bytes), compact.header.source.kind)
            XCTAssertEqual(VZFile.sourceKind(atStartOf: old.serialized()), old.header.source.kind)
        }
    }

    func test_singleImageHeaders_fitIn24Bytes() throws {
        let digit = InputSource.netpbm(try ImageList([digitShape]))
        let vlae = try VZHeader(codec: .vlae(model: VZFormat.shippedModels[0]), codecParameters: CodecParameters(version: 4, bytes: [3]),
                                source: digit, layout: canonicalLayout([digitShape]), pixelChecksum: 7)
        XCTAssertEqual(vlae.encodedLength(payloadLength: 40), 24)
        let gray = try ImageShape(variant: .p5, maxval: 255, width: 28, height: 28)
        let zstd = try VZHeader(codec: .zstd, source: .netpbm(try ImageList([gray])), layout: canonicalLayout([gray]), pixelChecksum: 7)
        XCTAssertEqual(zstd.encodedLength(payloadLength: 600), 23)
        let png = try VZHeader(codec: .stored, source: .png(try PNGShape(width: 100, height: 100, bitDepth: 8)), pixelChecksum: 7)
        XCTAssertEqual(png.encodedLength(payloadLength: 10_000), 10 + 1 + 1 + 2 + 3 + 4 + 2)
    }

    /// Every bit of a version 2 header is covered: a flip is refused, never read as another file.
    func test_everyHeaderBitFlip_isRefused() {
        for file in Fixtures.all(version: 2) {
            let bytes = file.serialized()
            for bit in 0..<(8 * file.headerLength) {
                var flipped = bytes
                flipped[bit / 8] ^= 1 << UInt8(bit % 8)
                XCTAssertNotNil(parseError(flipped), "flip of bit \(bit) of a \(file.header.source.kind) file parsed")
            }
        }
    }

    func test_everyTruncation_isRefusedAsTruncated() {
        for file in Fixtures.all(version: 2) {
            let bytes = file.serialized()
            for count in 0..<bytes.count {
                guard case .truncated? = parseError(Array(bytes.prefix(count))) else {
                    return XCTFail("a \(file.header.source.kind) file cut to \(count) bytes: \(String(describing: parseError(Array(bytes.prefix(count)))))")
                }
            }
        }
    }

    func test_nonCanonicalForms_areRefused() {
        let crc: [UInt8] = [1, 2, 3, 4]
        // Stored, Netpbm, canonical layout: a 1×1 P5 image of maxval 255, one sample.
        let form: UInt8 = 0 | 1 << 2 | 1 << 5
        XCTAssertNil(parseError(compactHeader([form, 1, 5, 1, 1] + crc) + [9]))
        // The default maxval written out.
        XCTAssertEqual(parseError(compactHeader([form, 1, 5 | 1 << 3, 0xFF, 0x01, 1, 1] + crc) + [9]),
                       .nonCanonicalHeader("the default maxval written out"))
        // A width not in its fewest bytes.
        XCTAssertEqual(parseError(compactHeader([form, 1, 5, 0x81, 0x00, 1] + crc) + [9]),
                       .nonCanonicalHeader("width is not written in the fewest bytes"))
        // The canonical layout written out instead of flagged.
        let layout = canonicalLayout([try! ImageShape(variant: .p5, maxval: 255, width: 1, height: 1)])
        XCTAssertEqual(parseError(compactHeader([form & ~(1 << 5), 1, 5, 1, 1, UInt8(layout.count)] + layout + crc) + [9]),
                       .nonCanonicalHeader("the canonical layout written out"))
        // A model flag on a codec without a model.
        XCTAssertEqual(parseError(compactHeader([form | 1 << 6, 1, 5, 1, 1] + crc) + [9]),
                       .nonCanonicalHeader("model or parameter flags for codec 0, which has neither"))
        // A uniform list of one image.
        XCTAssertEqual(parseError(compactHeader([form, 1, 5 | 1 << 4, 1, 1, 1] + crc) + [9]),
                       .nonCanonicalHeader("a list form for 1 image"))
        // A header length not in its fewest bytes.
        var long = compactHeader([form, 1, 5, 1, 1] + crc)
        long.insert(0x80, at: 10)
        long[10] = long[11] | 0x80
        long[11] = 0
        XCTAssertEqual(parseError(long + [9]), .nonCanonicalHeader("header length is not written in the fewest bytes"))
        // Codec 3, kind 0, a shipped model this build does not know.
        XCTAssertEqual(parseError(compactHeader([form | 3, 1, 5, 1, 1] + crc) + [9]), .unknownCodec(3))
        XCTAssertEqual(parseError(compactHeader([0 | 1 << 5, 1, 5, 1, 1] + crc) + [9]), .unknownKind(0))
        let vlae: UInt8 = 2 | 1 << 2 | 1 << 5 | 1 << 6 | 1 << 7
        XCTAssertEqual(parseError(compactHeader([vlae, 1, 200, 3, 5, 1, 1] + crc) + [9]), .unknownShippedModel(200))
    }

    func test_biLevelStoredPayloads_arePacked_andPaddingMustBeZero() throws {
        let shape = try ImageShape(variant: .p4, maxval: 1, width: 13, height: 4)
        let source = InputSource.netpbm(try ImageList([shape, shape]))
        let compact = Fixtures.file(.stored, source, version: 2)
        XCTAssertEqual(compact.payload.count, 2 * 4 * 2)
        XCTAssertEqual(Fixtures.file(.stored, source, version: 1).payload.count, 2 * 13 * 4)
        let samples = try compact.header.sampleStream(fromStoredForm: compact.payload)
        XCTAssertEqual(CRC32.checksum(samples), compact.header.pixelChecksum)
        var padded = compact.payload
        padded[5] |= 1
        assertThrows(ContainerError.nonzeroPadding(row: 2)) { try compact.header.sampleStream(fromStoredForm: padded) }
        // Grayscale and IDX sources are never packed.
        XCTAssertFalse(Fixtures.file(.stored, Fixtures.uniformSource, version: 2).header.packsSamples)
        XCTAssertFalse(Fixtures.file(.stored, Fixtures.idxSource, version: 2).header.packsSamples)
        XCTAssertTrue(Fixtures.file(.zstd, Fixtures.pngSource, version: 2).header.packsSamples)
    }

    /// Index i names the model that ships as the i-th case, forever.
    func test_shippedModelIndex_namesTheShippedModels() throws {
        XCTAssertEqual(try ShippedModel.allCases.map { try $0.load().identity }, VZFormat.shippedModels)
        // The indices of files already written: 1, 4 (pages), 11 and 12 (the fast models).
        XCTAssertEqual(VZFormat.shippedModels[0].description, "41fca73d85b568bdcf104b0f60b15a3a16d53045f068dea49f151c89b0cf6594")
        XCTAssertEqual(VZFormat.shippedModels[3].description, "ea5a2f72e6f4d2dc744dc7a7d0f70d9d4730bff95d11e26dd18e90e90e8ab180")
        XCTAssertEqual(VZFormat.shippedModels[10].description, "c67fc4f924f6ca8feb0c54beed038ccd196fa3043120680ba6d348a7115b7059")
        XCTAssertEqual(VZFormat.shippedModels[11].description, "f9df03e5af25e58090c771ece2588d1586bc92b0d456360fae1934b7ae19b12b")
        XCTAssertEqual(VZFormat.shippedModels.count, 12)
    }

    /// An archive of many alike paths stores its index as a zstd frame, far smaller.
    func test_archiveIndexOfAlikePaths_isCompressed() throws {
        let source = InputSource.netpbm(try ImageList([digitShape]))
        let entries = (0..<200).map { ArchiveEntry(path: "digits/digit-\(10_000 + $0).pbm", source: source, layout: [], group: 0) }
        let payload = [UInt8](repeating: 0, count: 200 * 784)
        let index = try ArchiveIndex(groups: [try ArchiveGroup(codec: .stored, payloadLength: UInt64(payload.count))], entries: entries)
        let compact = try VZHeader(codec: .stored, source: .archive(index), pixelChecksum: 0)
        let old = try VZHeader(codec: .stored, source: .archive(index), pixelChecksum: 0, version: 1)
        XCTAssertLessThan(compact.encodedLength(payloadLength: 0) * 5, old.encodedLength(payloadLength: 0))
        XCTAssertEqual(try VZFile(parsing: try VZFile(header: compact, payload: payload).serialized()).header, compact)
    }
}
