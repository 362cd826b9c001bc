import Container
import ImageIO
import XCTest

/// One test per `ContainerError` case: each builds a file that has exactly that fault (with a
/// valid header CRC where the fault lies behind it) and checks the error and its message.
final class ErrorCaseTests: XCTestCase {
    /// Stored, 3 × P5 4×3 maxval 255, 11-byte layout. Offsets: 26 codec, 27 kind, 28 parameters
    /// version, 29 parameters length, 31 form, 32 count, 36 variant, 37 maxval, 39 width,
    /// 43 height, 47 layout length, 51 layout, 62 header CRC; header length 66.
    private let stored = Fixtures.file(.stored, Fixtures.uniformSource, layout: Array("P5\n4 3\n255\n".utf8))
    /// Vlae with 4 parameter bytes, IDX [2, 5, 5]. Offsets: 28 model, 60 parameters version,
    /// 61 parameters length, 63 parameters, 67 element type, 68 rank, 69 dims, 81 layout length.
    private let idx = Fixtures.file(.vlae(model: Fixtures.model), Fixtures.idxSource,
                                    parameters: try! CodecParameters(version: 1, bytes: [7, 7, 7, 7]))
    /// Zstd, PNG 13×4 of bit depth 1. Offsets: 27 kind, 31 width, 35 height, 39 bit depth,
    /// 40 layout length, 44 header CRC; header length 48.
    private let png = Fixtures.file(.zstd, Fixtures.pngSource)

    /// `file` with a header field set to `value` and the header CRC recomputed.
    private func mutated(_ file: VZFile, at offset: Int, size: Int, to value: UInt64) -> [UInt8] {
        Fixtures.resealed(Fixtures.setting(file.serialized(), at: offset, size: size, to: value))
    }

    /// `file` with `count` header bytes at `offset` replaced by `insert`, header length adjusted and
    /// the header CRC recomputed.
    private func spliced(_ file: VZFile, at offset: Int, removing count: Int, inserting insert: [UInt8]) -> [UInt8] {
        var bytes = file.serialized()
        bytes.replaceSubrange(offset..<(offset + count), with: insert)
        let length = UInt64(file.headerLength + insert.count - count)
        return Fixtures.resealed(Fixtures.setting(bytes, at: 10, size: 4, to: length))
    }

    private func entry(_ variant: UInt8, _ maxval: UInt16, _ width: UInt32, _ height: UInt32) -> [UInt8] {
        var bytes: [UInt8] = [variant]
        for (value, size) in [(UInt64(maxval), 2), (UInt64(width), 4), (UInt64(height), 4)] {
            bytes += (0..<size).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) }
        }
        return bytes
    }

    func test_offsetsOfTheseTests_matchTheFixtures() {
        XCTAssertEqual(stored.headerLength, 66)
        XCTAssertEqual(idx.headerLength, 89)
        XCTAssertEqual(Array(stored.serialized()[51..<62]), Array("P5\n4 3\n255\n".utf8))
        XCTAssertEqual(Array(idx.serialized()[69..<73]), [2, 0, 0, 0])
        XCTAssertEqual(png.headerLength, 48)
        XCTAssertEqual(Array(png.serialized()[31..<40]), [13, 0, 0, 0, 4, 0, 0, 0, 1])
    }

    func test_badMagic_isRefusedFirst() {
        assertThrows(ContainerError.badMagic) { try VZFile(parsing: Array("GIF89a, not a vz file".utf8)) }
        assertThrows(ContainerError.badMagic) { try VZFile(parsing: [0x89, 0x50]) }
        var bytes = stored.serialized()
        bytes[4] = UInt8(ascii: "e")
        assertThrows(ContainerError.badMagic) { try VZFile(parsing: bytes) }
        XCTAssertEqual(ContainerError.badMagic.description, "not a .vz file (bad magic)")
    }

    func test_newerVersion_isRefusedByName() {
        let bytes = Fixtures.setting(stored.serialized(), at: 8, size: 2, to: 4)
        assertThrows(ContainerError.unsupportedVersion(found: 4, supported: 3)) { try VZFile(parsing: bytes) }
        XCTAssertEqual(ContainerError.unsupportedVersion(found: 4, supported: 3).description,
                       "made by a newer version: v4, this reads v1 to v3")
        // Only the frozen 10-byte prefix is read: a newer file may have any layout after it.
        assertThrows(ContainerError.unsupportedVersion(found: 4, supported: 3)) {
            try VZFile(parsing: VZFormat.magic + [4, 0])
        }
    }

    func test_versionZero_isRefused() {
        let bytes = Fixtures.setting(stored.serialized(), at: 8, size: 2, to: 0)
        assertThrows(ContainerError.unsupportedVersion(found: 0, supported: 3)) { try VZFile(parsing: bytes) }
        XCTAssertEqual(ContainerError.unsupportedVersion(found: 0, supported: 3).description,
                       "unknown version: v0, this reads v1 to v3")
    }

    func test_headerLength_outsideBounds_isRefused() {
        for length: UInt64 in [0, 31, UInt64(VZFormat.maxHeaderLength) + 1, UInt64(UInt32.max)] {
            let bytes = Fixtures.setting(stored.serialized(), at: 10, size: 4, to: length)
            assertThrows(ContainerError.badHeaderLength(length)) { try VZFile(parsing: bytes) }
        }
    }

    func test_headerChecksum_wrong_isRefusedBeforeFields() {
        var bytes = Fixtures.setting(stored.serialized(), at: 26, size: 1, to: 9)
        let computed = CRC32.checksum(Array(bytes[0..<62]))
        let storedCRC = CRC32.checksum(Array(stored.serialized()[0..<62]))
        assertThrows(ContainerError.headerChecksumMismatch(stored: storedCRC, computed: computed)) {
            try VZFile(parsing: bytes)
        }
        bytes = Fixtures.resealed(bytes)
        assertThrows(ContainerError.unknownCodec(9)) { try VZFile(parsing: bytes) }
    }

    func test_fieldRunningPastHeader_isRefused() {
        assertThrows(ContainerError.headerFieldsOverrun(field: "layout")) {
            try VZFile(parsing: mutated(stored, at: 47, size: 4, to: 12))
        }
        assertThrows(ContainerError.headerFieldsOverrun(field: "codec parameters")) {
            try VZFile(parsing: mutated(idx, at: 61, size: 2, to: 1000))
        }
        assertThrows(ContainerError.headerFieldsOverrun(field: "image list")) {
            try VZFile(parsing: mutated(stored, at: 31, size: 1, to: 1))
        }
        // A header cut short (length field reduced, CRC moved) ends inside the layout.
        let short = spliced(stored, at: 58, removing: 4, inserting: [])
        assertThrows(ContainerError.headerFieldsOverrun(field: "layout")) { try VZFile(parsing: short) }
    }

    func test_unusedHeaderBytes_areRefused() {
        let bytes = spliced(stored, at: 62, removing: 0, inserting: [0, 0, 0])
        assertThrows(ContainerError.headerHasUnusedBytes(3)) { try VZFile(parsing: bytes) }
    }

    func test_unknownCodecAndKind_areRefused() {
        assertThrows(ContainerError.unknownCodec(3)) { try VZFile(parsing: mutated(stored, at: 26, size: 1, to: 3)) }
        assertThrows(ContainerError.unknownCodec(255)) {
            try VZFile(parsing: mutated(stored, at: 26, size: 1, to: 255))
        }
        assertThrows(ContainerError.unknownKind(0)) { try VZFile(parsing: mutated(stored, at: 27, size: 1, to: 0)) }
        assertThrows(ContainerError.unknownKind(5)) { try VZFile(parsing: mutated(stored, at: 27, size: 1, to: 5)) }
        XCTAssertEqual(ContainerError.unknownKind(5).description, "unknown input kind 5 (1 Netpbm, 2 IDX, 3 PNG, 4 archive)")
    }

    func test_codecParameters_breakingRules_areRefused() {
        assertThrows(ContainerError.badCodecParameters("version 0 with 4 bytes (version 0 means no bytes)")) {
            try VZFile(parsing: mutated(idx, at: 60, size: 1, to: 0))
        }
        assertThrows(ContainerError.badCodecParameters("version 2 with 0 bytes (version 0 means no bytes)")) {
            try VZFile(parsing: mutated(stored, at: 28, size: 1, to: 2))
        }
        let withParameters = spliced(stored, at: 28, removing: 3, inserting: [1, 1, 0, 9])
        assertThrows(ContainerError.badCodecParameters("codec 0 takes no parameters")) {
            try VZFile(parsing: withParameters)
        }
        assertThrows(ContainerError.badCodecParameters("65536 bytes exceed 65535")) {
            try CodecParameters(version: 1, bytes: [UInt8](repeating: 0, count: 65536))
        }
        assertThrows(ContainerError.badCodecParameters("codec 1 takes no parameters")) {
            try VZHeader(codec: .zstd, codecParameters: CodecParameters(version: 1, bytes: [1]),
                         source: Fixtures.idxSource, pixelChecksum: 0)
        }
    }

    func test_unknownVariants_areRefused() {
        for value: UInt64 in [0, 3, 6, 7, 255] {
            assertThrows(ContainerError.badVariant(kind: .netpbm, value: UInt8(value))) {
                try VZFile(parsing: mutated(stored, at: 36, size: 1, to: value))
            }
        }
        for value: UInt64 in [0, 0x09, 0x0B, 0x0D] {
            assertThrows(ContainerError.badVariant(kind: .idx, value: UInt8(value))) {
                try VZFile(parsing: mutated(idx, at: 67, size: 1, to: value))
            }
        }
        XCTAssertEqual(ContainerError.badVariant(kind: .idx, value: 9).description, "unknown IDX variant 9")
    }

    func test_maxvalOutOfRange_isRefused() {
        assertThrows(ContainerError.maxvalOutOfRange(variant: .p5, maxval: 0)) {
            try VZFile(parsing: mutated(stored, at: 37, size: 2, to: 0))
        }
        let bitmap = spliced(stored, at: 36, removing: 11, inserting: entry(4, 2, 4, 3))
        assertThrows(ContainerError.maxvalOutOfRange(variant: .p4, maxval: 2)) { try VZFile(parsing: bitmap) }
        assertThrows(ContainerError.maxvalOutOfRange(variant: .p2, maxval: 65536)) {
            try ImageShape(variant: .p2, maxval: 65536, width: 1, height: 1)
        }
        assertThrows(ContainerError.maxvalOutOfRange(variant: .p1, maxval: 0)) {
            try ImageShape(variant: .p1, maxval: 0, width: 1, height: 1)
        }
        XCTAssertEqual(ContainerError.maxvalOutOfRange(variant: .p4, maxval: 2).description,
                       "maxval 2 is out of range for P4 (1...1)")
    }

    func test_zeroOrAbsurdDimensions_areRefused() {
        assertThrows(ContainerError.badDimension(field: "width", value: 0)) {
            try VZFile(parsing: mutated(stored, at: 39, size: 4, to: 0))
        }
        assertThrows(ContainerError.badDimension(field: "height", value: 0)) {
            try VZFile(parsing: mutated(stored, at: 43, size: 4, to: 0))
        }
        assertThrows(ContainerError.badDimension(field: "image count", value: 0)) {
            try VZFile(parsing: mutated(stored, at: 32, size: 4, to: 0))
        }
        assertThrows(ContainerError.badDimension(field: "IDX dimension 1", value: 0)) {
            try VZFile(parsing: mutated(idx, at: 73, size: 4, to: 0))
        }
        assertThrows(ContainerError.badDimension(field: "width", value: -1)) {
            try ImageShape(variant: .p5, maxval: 255, width: -1, height: 1)
        }
        assertThrows(ContainerError.badDimension(field: "height", value: 1 << 32)) {
            try ImageShape(variant: .p5, maxval: 255, width: 1, height: 1 << 32)
        }
        assertThrows(ContainerError.badDimension(field: "image count", value: 0)) { try ImageList([]) }
    }

    func test_pngBitDepth_otherThan1248_isRefused() {
        for value: UInt64 in [0, 3, 5, 16, 255] {
            assertThrows(ContainerError.badBitDepth(Int(value))) { try VZFile(parsing: mutated(png, at: 39, size: 1, to: value)) }
        }
        for bitDepth in [1, 2, 4, 8] {
            XCTAssertNoThrow(try VZFile(parsing: mutated(png, at: 39, size: 1, to: UInt64(bitDepth))))
        }
        assertThrows(ContainerError.badBitDepth(16)) { try PNGShape(width: 1, height: 1, bitDepth: 16) }
        XCTAssertEqual(ContainerError.badBitDepth(16).description, "PNG bit depth 16 is not 1, 2, 4 or 8")
    }

    func test_pngDimensions_zeroOrOverLimit_areRefused() {
        assertThrows(ContainerError.badDimension(field: "width", value: 0)) {
            try VZFile(parsing: mutated(png, at: 31, size: 4, to: 0))
        }
        assertThrows(ContainerError.badDimension(field: "height", value: 0)) {
            try VZFile(parsing: mutated(png, at: 35, size: 4, to: 0))
        }
        assertThrows(ContainerError.pixelCountOverLimit(UInt64(UInt32.max) * 4, limit: VZFormat.maxPixelsPerFile)) {
            try VZFile(parsing: mutated(png, at: 31, size: 4, to: UInt64(UInt32.max)))
        }
        // Checked in the header's order: the width before the bit depth.
        let both = Fixtures.setting(png.serialized(), at: 39, size: 1, to: 3)
        assertThrows(ContainerError.badDimension(field: "width", value: 0)) {
            try VZFile(parsing: Fixtures.resealed(Fixtures.setting(both, at: 31, size: 4, to: 0)))
        }
        XCTAssertNoThrow(try PNGShape(width: 1 << 14, height: 1 << 14, bitDepth: 8))
    }

    func test_pngSection_cutShort_runsPastTheHeader() {
        assertThrows(ContainerError.headerFieldsOverrun(field: "bit depth")) {
            try VZFile(parsing: spliced(png, at: 39, removing: 5, inserting: []))
        }
        assertThrows(ContainerError.headerFieldsOverrun(field: "layout length")) {
            try VZFile(parsing: spliced(png, at: 40, removing: 4, inserting: []))
        }
    }

    func test_idxRank_outsideOneToFour_isRefused() {
        assertThrows(ContainerError.badRank(0)) { try VZFile(parsing: mutated(idx, at: 68, size: 1, to: 0)) }
        assertThrows(ContainerError.badRank(5)) { try VZFile(parsing: mutated(idx, at: 68, size: 1, to: 5)) }
        assertThrows(ContainerError.badRank(0)) { try IDXShape(dims: []) }
        assertThrows(ContainerError.badRank(5)) { try IDXShape(dims: [1, 1, 1, 1, 1]) }
    }

    func test_pixelCountOverLimit_isRefusedFromHeaderAlone() {
        let limit = VZFormat.maxPixelsPerFile
        XCTAssertEqual(limit, 1 << 28)
        assertThrows(ContainerError.pixelCountOverLimit(UInt64(UInt32.max) * 3, limit: limit)) {
            try VZFile(parsing: mutated(stored, at: 39, size: 4, to: UInt64(UInt32.max)))
        }
        // 3 images of 4 × 2^26 pixels: each fits, together they do not.
        assertThrows(ContainerError.pixelCountOverLimit(3 << 28, limit: limit)) {
            try VZFile(parsing: mutated(stored, at: 43, size: 4, to: 1 << 26))
        }
        assertThrows(ContainerError.pixelCountOverLimit(UInt64(UInt32.max) * 12, limit: limit)) {
            try VZFile(parsing: mutated(stored, at: 32, size: 4, to: UInt64(UInt32.max)))
        }
        assertThrows(ContainerError.pixelCountOverLimit(5 << 28, limit: limit)) {
            try VZFile(parsing: mutated(idx, at: 69, size: 4, to: 1 << 28))
        }
        let explicit = [Fixtures.shape(.p5, 255, 1 << 14, 1 << 14), Fixtures.shape(.p5, 255, 1, 1)]
        assertThrows(ContainerError.pixelCountOverLimit((1 << 28) + 1, limit: limit)) { try ImageList(explicit) }
        XCTAssertNoThrow(try IDXShape(dims: [1 << 14, 1 << 14]))
    }

    func test_imageListForm_unknownOrNonCanonical_isRefused() {
        assertThrows(ContainerError.badImageListForm(2)) {
            try VZFile(parsing: mutated(stored, at: 31, size: 1, to: 2))
        }
        let entry = entry(5, 255, 4, 3)
        let explicitEqual = spliced(stored, at: 31, removing: 16, inserting: [1, 3, 0, 0, 0] + entry + entry + entry)
        assertThrows(ContainerError.nonCanonicalImageList) { try VZFile(parsing: explicitEqual) }
        let explicitOne = spliced(stored, at: 31, removing: 5, inserting: [1, 1, 0, 0, 0])
        assertThrows(ContainerError.nonCanonicalImageList) { try VZFile(parsing: explicitOne) }
        let explicitNone = spliced(stored, at: 31, removing: 16, inserting: [1, 0, 0, 0, 0])
        assertThrows(ContainerError.badDimension(field: "image count", value: 0)) { try VZFile(parsing: explicitNone) }
    }

    func test_payloadLength_trailingBytes_isMismatch() {
        assertThrows(ContainerError.payloadLengthMismatch(declared: 36, actual: 40)) {
            try VZFile(parsing: stored.serialized() + [1, 2, 3, 4])
        }
        let vlae = Fixtures.file(.vlae(model: Fixtures.model), Fixtures.idxSource)
        let shorterDeclared = mutated(vlae, at: 14, size: 8, to: 39)
        assertThrows(ContainerError.payloadLengthMismatch(declared: 39, actual: 40)) {
            try VZFile(parsing: shorterDeclared)
        }
        let hugeDeclared = mutated(vlae, at: 14, size: 8, to: UInt64.max)
        assertThrows(ContainerError.truncated(needed: UInt64.max, available: vlae.headerLength + 40)) {
            try VZFile(parsing: hugeDeclared)
        }
    }

    func test_storedPayload_ofWrongSize_isRefused() {
        assertThrows(ContainerError.storedSizeMismatch(expected: 36, payload: 35)) {
            try VZFile(header: stored.header, payload: [UInt8](repeating: 0, count: 35))
        }
        let longer = mutated(stored, at: 14, size: 8, to: 37) + [0]
        assertThrows(ContainerError.storedSizeMismatch(expected: 36, payload: 37)) { try VZFile(parsing: longer) }
    }

    func test_verifyPixels_wrongLengthOrContent_isRefused() throws {
        let header = stored.header
        XCTAssertNoThrow(try header.verifyPixels(stored.payload))
        assertThrows(ContainerError.sampleStreamLengthMismatch(expected: 36, actual: 35)) {
            try header.verifyPixels(Array(stored.payload.dropLast()))
        }
        var wrong = stored.payload
        wrong[7] ^= 0x10
        assertThrows(ContainerError.pixelChecksumMismatch(stored: header.pixelChecksum,
                                                          computed: CRC32.checksum(wrong))) {
            try header.verifyPixels(wrong)
        }
        assertThrows(ContainerError.pixelChecksumMismatch(stored: header.pixelChecksum, computed: 0)) {
            try header.verifyPixelChecksum(0)
        }
    }

    func test_headerTooLarge_isRefusedWhenBuilt() {
        // Uninitialized bytes are fine: only the layout's length is looked at.
        let count = VZFormat.maxHeaderLength
        let layout = [UInt8](unsafeUninitializedCapacity: count) { _, initialized in initialized = count }
        let expected = count + stored.headerLength - 11
        assertThrows(ContainerError.headerTooLarge(expected)) {
            try VZHeader(codec: .stored, source: Fixtures.uniformSource, layout: layout, pixelChecksum: 0, version: 1)
        }
    }

    func test_everyErrorDescription_isOneNonEmptyLine() {
        let errors: [ContainerError] = [
            .truncated(needed: 10, available: 3), .badMagic, .unsupportedVersion(found: 2, supported: 1),
            .badHeaderLength(3), .headerChecksumMismatch(stored: 1, computed: 2),
            .headerFieldsOverrun(field: "layout"), .headerHasUnusedBytes(2), .unknownCodec(4),
            .badCodecParameters("x"), .unknownKind(9), .badVariant(kind: .netpbm, value: 3),
            .maxvalOutOfRange(variant: .p5, maxval: 0), .badDimension(field: "width", value: 0),
            .badRank(5), .badBitDepth(3), .pixelCountOverLimit(1 << 29, limit: 1 << 28), .badImageListForm(2),
            .nonCanonicalImageList, .payloadLengthMismatch(declared: 1, actual: 2),
            .storedSizeMismatch(expected: 1, payload: 2), .sampleStreamLengthMismatch(expected: 1, actual: 2),
            .pixelChecksumMismatch(stored: 1, computed: 2),
            .headerTooLarge(1 << 31), .badArchivePath(path: "\"/x\"", reason: "is absolute"), .badArchive("x"),
        ]
        for error in errors {
            XCTAssertFalse(error.description.isEmpty)
            XCTAssertFalse(error.description.contains("\n"))
        }
        XCTAssertEqual(ContainerError.headerChecksumMismatch(stored: 0xAB, computed: 0x1234_5678).description,
                       "corrupt header: CRC-32 is 0x12345678, header says 0x000000ab")
    }
}
