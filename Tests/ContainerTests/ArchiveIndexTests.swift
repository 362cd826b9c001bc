import Container
import ImageIO
import XCTest

/// Archives (source kind 4): the bytes FORMAT.md gives, built here by hand, and every refusal of
/// a hostile archive: paths an extractor must not write, and structures that break the rules.
final class ArchiveIndexTests: XCTestCase {
    private func le(_ value: UInt64, _ size: Int) -> [UInt8] { (0..<size).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) } }

    /// A group of codec 0 or 1 (no model, no parameters) with a payload of `length` bytes.
    private func group(_ codec: UInt8 = 0, length: UInt64) -> [UInt8] { [codec, 0] + le(0, 2) + le(length, 8) }

    /// A form of one P5 image of `width`×1 pixels, maxval 255, in `group`, with `layout`.
    private func p5Form(group: UInt8 = 0, width: Int = 1, layout: [UInt8] = []) -> [UInt8] {
        [group, 1, 0] + le(1, 4) + [5] + le(255, 2) + le(UInt64(width), 4) + le(1, 4) + le(UInt64(layout.count), 4) + layout
    }

    /// LEB128: 7 bits a byte, low first, the top bit on all but the last.
    private func varint(_ value: Int) -> [UInt8] { value < 0x80 ? [UInt8(value)] : [UInt8(value & 0x7F) | 0x80] + varint(value >> 7) }

    /// An entry: shared prefix length, the rest of the path, form number.
    private func entry(_ shared: Int, _ rest: [UInt8], form: Int = 0) -> [UInt8] { varint(shared) + varint(rest.count) + rest + varint(form) }
    private func entry(_ shared: Int, _ rest: String, form: Int = 0) -> [UInt8] { entry(shared, Array(rest.utf8), form: form) }

    private func section(groups: [[UInt8]], forms: [[UInt8]], entries: [[UInt8]]) -> [UInt8] {
        [UInt8(groups.count)] + groups.flatMap { $0 } + le(UInt64(forms.count), 4) + forms.flatMap { $0 }
            + le(UInt64(entries.count), 4) + entries.flatMap { $0 }
    }

    /// A whole file of kind 4 around `section`, as FORMAT.md lays it out.
    private func file(_ section: [UInt8], payload: [UInt8], codec: UInt8 = 0, layout: [UInt8] = [], declaredPayload: Int? = nil) -> [UInt8] {
        let length = 28 + 3 + section.count + 4 + layout.count + 4
        var header = VZFormat.magic + le(1, 2) + le(UInt64(length), 4) + le(UInt64(declaredPayload ?? payload.count), 8)
            + le(UInt64(CRC32.checksum(payload)), 4) + [codec, 4] + [0] + le(0, 2) + section + le(UInt64(layout.count), 4) + layout
        header += le(UInt64(CRC32.checksum(header)), 4)
        return header + payload
    }

    /// A file of stored 1-pixel P5 images, one per path, all of one form.
    private func onePixelFiles(_ entries: [[UInt8]]) -> [UInt8] {
        file(section(groups: [group(length: UInt64(entries.count))], forms: [p5Form()], entries: entries), payload: Array(repeating: 7, count: entries.count))
    }

    func test_archive_roundTripsByteForByte_andIsTheBytesFormatGives() throws {
        let archive = Fixtures.archive()
        let bytes = archive.serialized()
        let parsed = try VZFile(parsing: bytes)
        XCTAssertEqual(parsed, archive)
        XCTAssertEqual(parsed.serialized(), bytes)
        guard case let .archive(index) = parsed.header.source else { return XCTFail("not an archive") }
        XCTAssertEqual(index.entries.map(\.path), ["a/1.pgm", "a/2.pgm", "a/b/3.pgm", "images.idx", "z\u{e9}.png"])
        XCTAssertEqual(index.totalPixels, 3 * 12 * 2 + (18 + 9 + 4 + 5) + 50 + 52)
        XCTAssertEqual(parsed.header.source.sampleStreamLength, index.totalPixels + 9, "the P5 of maxval 1000 has two bytes per sample")
        XCTAssertEqual(index.payloadLength, UInt64(archive.payload.count))
    }

    func test_twoFilesAlike_shareOneForm_andPathsShareTheirPrefix() throws {
        let layout = Array("P5\n1 1\n255\n".utf8)
        let expected = file(section(groups: [group(length: 4)], forms: [p5Form(layout: layout), p5Form(width: 2)],
                                    entries: [entry(0, "dir/a.pgm"), entry(4, "b.pgm", form: 1), entry(4, "c.pgm")]),
                            payload: [1, 2, 3, 4])
        // The same archive built from values: the writer finds the forms and the shared prefixes.
        let one = InputSource.netpbm(try ImageList(repeating: try ImageShape(variant: .p5, maxval: 255, width: 1, height: 1), count: 1))
        let two = InputSource.netpbm(try ImageList(repeating: try ImageShape(variant: .p5, maxval: 255, width: 2, height: 1), count: 1))
        let index = try ArchiveIndex(groups: [try ArchiveGroup(codec: .stored, payloadLength: 4)], entries: [
            ArchiveEntry(path: "dir/a.pgm", source: one, layout: layout, group: 0),
            ArchiveEntry(path: "dir/b.pgm", source: two, layout: [], group: 0),
            ArchiveEntry(path: "dir/c.pgm", source: one, layout: layout, group: 0),
        ])
        let header = try VZHeader(codec: .stored, source: .archive(index), pixelChecksum: CRC32.checksum([1, 2, 3, 4]), version: 1)
        XCTAssertEqual(try VZFile(header: header, payload: [1, 2, 3, 4]).serialized(), expected)
    }

    func test_hostilePaths_areRefusedByName() {
        let cases: [([UInt8], String)] = [
            (Array("/etc/passwd".utf8), "is absolute"),
            (Array("../x".utf8), "has a '..' component"),
            (Array("a/../../b".utf8), "has a '..' component"),
            (Array("./a".utf8), "has a '.' component"),
            (Array("a//b".utf8), "has an empty component"),
            (Array("a/".utf8), "has an empty component"),
            (Array("a\u{1B}[2Jb".utf8), "has a control character"),
            (Array("a\nb".utf8), "has a control character"),
            (Array("a\u{7F}".utf8), "has a control character"),
            (Array("a\u{85}".utf8), "has a control character"),
            ([0x61, 0xFF, 0x62], "is not UTF-8"),
            (Array(String(repeating: "n", count: 256).utf8), "has a component longer than 255 bytes"),
        ]
        for (path, reason) in cases {
            let error = parseError(onePixelFiles([entry(0, path)]))
            guard case let .badArchivePath(_, found)? = error else { XCTFail("\(path): \(String(describing: error))"); continue }
            XCTAssertEqual(found, reason, "\(path)")
            XCTAssertFalse(error!.description.contains("\n"), "one line, the control character escaped")
            XCTAssertFalse(error!.description.contains("\u{1B}"))
        }
        // 4096 bytes, in components of 100: the length (LEB128 80 20) is refused before the path is read.
        let long = Array(repeating: [UInt8](String(repeating: "n", count: 99).utf8) + [UInt8(ascii: "/")], count: 41).flatMap { $0 }.prefix(4096)
        XCTAssertEqual(parseError(onePixelFiles([[0, 0x80, 0x20] + long + [0]])), .badArchive("archive path length exceeds 4095"))
    }

    func test_namesThatCollide_areRefused() {
        XCTAssertEqual(parseError(onePixelFiles([entry(0, "a"), entry(1, "")])), .badArchivePath(path: "\"a\"", reason: "is named twice"))
        XCTAssertEqual(parseError(onePixelFiles([entry(0, "a"), entry(1, "/b")])),
                       .badArchivePath(path: "\"a\"", reason: "is both a file and the directory of \"a/b\""))
        XCTAssertEqual(parseError(onePixelFiles([entry(0, "b"), entry(0, "a")])), .badArchive("entry \"a\" is not in path order"))
    }

    func test_nonCanonicalForms_areRefused() {
        XCTAssertEqual(parseError(onePixelFiles([entry(0, "ab"), entry(0, "ac")])),
                       .badArchive("path \"ac\" does not share its whole common prefix"))
        XCTAssertEqual(parseError(onePixelFiles([[0x80, 0x00, 1, 0x61, 0]])), .badArchive("archive path prefix length is not written in the fewest bytes"))
        XCTAssertEqual(parseError(file(section(groups: [group(length: 2)], forms: [p5Form(), p5Form(width: 2)], entries: [entry(0, "a", form: 1)]),
                                       payload: [1, 2])), .badArchive("form 1 is used before form 0"))
        XCTAssertEqual(parseError(file(section(groups: [group(length: 2)], forms: [p5Form(), p5Form()], entries: [entry(0, "a"), entry(0, "b", form: 1)]),
                                       payload: [1, 2])), .badArchive("form 1 repeats an earlier one"))
        XCTAssertEqual(parseError(file(section(groups: [group(length: 1)], forms: [p5Form(), p5Form(width: 2)], entries: [entry(0, "a")]),
                                       payload: [1])), .badArchive("form 1 holds no entry"))
    }

    func test_badStructures_areRefused() {
        let oneFile = [entry(0, "a")]
        XCTAssertEqual(parseError(file(section(groups: [], forms: [p5Form()], entries: oneFile), payload: [])),
                       .badArchive("0 groups, expected 1 to 255"))
        XCTAssertEqual(parseError(file(section(groups: [group(length: 1)], forms: [p5Form()], entries: []), payload: [1])),
                       .badArchive("0 entries, expected 1 to 1048576"))
        XCTAssertEqual(parseError(file(section(groups: [group(length: 1), group(1, length: 0)], forms: [p5Form()], entries: oneFile), payload: [1])),
                       .badArchive("group 1 holds no entry"))
        XCTAssertEqual(parseError(file(section(groups: [group(length: 2)], forms: [p5Form()], entries: oneFile), payload: [1, 2])),
                       .badArchive("stored group 0 is 2 bytes, its entries need 1"))
        XCTAssertEqual(parseError(file(section(groups: [group(length: 1)], forms: [p5Form(group: 1)], entries: oneFile), payload: [1])),
                       .badArchive("entry \"a\" names group 1 of 1"))
        XCTAssertEqual(parseError(file(section(groups: [group(length: 1)], forms: [[0, 4, 1]], entries: oneFile), payload: [1])),
                       .badArchive("form 0 is an archive"))
        XCTAssertEqual(parseError(file(section(groups: [group(length: 1)], forms: [p5Form()], entries: oneFile), payload: [1], declaredPayload: 2)),
                       .badArchive("the groups' payloads are 1 bytes, the header declares 2"))
        XCTAssertEqual(parseError(file(section(groups: [group(length: 1)], forms: [p5Form()], entries: oneFile), payload: [1], codec: 1)),
                       .badArchive("codec 1 for an archive, whose codec byte must be 0"))
        XCTAssertEqual(parseError(file(section(groups: [group(length: 1)], forms: [p5Form()], entries: oneFile), payload: [1], layout: [1])),
                       .badArchive("a layout of 1 bytes for an archive, whose entries have their own"))
        XCTAssertEqual(parseError(file(section(groups: [group(1, length: UInt64.max)] + [group(length: 2)], forms: [p5Form()], entries: oneFile), payload: [1])),
                       .badArchive("the groups' payload lengths add up to more than 2^64 bytes"))
    }

    func test_countsBeyondTheBytesPresent_areRefusedBeforeAllocating() {
        var forms = section(groups: [group(length: 1)], forms: [p5Form()], entries: [entry(0, "a")])
        forms.replaceSubrange(13..<17, with: le(UInt64(UInt32.max), 4))
        XCTAssertEqual(parseError(file(forms, payload: [1])), .headerFieldsOverrun(field: "archive forms"))
        let entriesAt = 13 + 4 + p5Form().count
        var entries = section(groups: [group(length: 1)], forms: [p5Form()], entries: [entry(0, "a")])
        entries.replaceSubrange(entriesAt..<(entriesAt + 4), with: le(UInt64(UInt32.max), 4))
        XCTAssertEqual(parseError(file(entries, payload: [1])), .headerFieldsOverrun(field: "archive entries"))
    }

    func test_archivePath_printable_escapesWhatATerminalWouldInterpret() {
        XCTAssertEqual(ArchivePath.printable("a\u{1B}[31mb\"c\\d"), "\"a\\u{1B}[31mb\\\"c\\\\d\"")
        XCTAssertNoThrow(try ArchivePath.validate("d\u{e9}j\u{e0}/vu.pbm"))
    }
}
