import ModelFile
import Container
import ImageIO
import DeterministicMath
import XCTest

/// The project's SplitMix64 with the two draws these tests need.
struct TestRandom {
    private var generator: SplitMix64

    init(seed: UInt64) { generator = SplitMix64(seed: seed) }

    mutating func next() -> UInt64 { generator.next() }

    /// Uniform in `0..<bound`; the tiny modulo bias does not matter for tests.
    mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }

    mutating func bytes(_ count: Int) -> [UInt8] { (0..<count).map { _ in UInt8(truncatingIfNeeded: next()) } }
}

/// Valid files and byte-level helpers shared by the container tests.
enum Fixtures {
    static let model = ModelIdentity(hex: String(repeating: "0123456789abcdef", count: 4))!
    static let otherModel = ModelIdentity(hex: String(repeating: "fedcba9876543210", count: 4))!

    static func shape(_ variant: NetpbmVariant, _ maxval: Int, _ width: Int, _ height: Int) -> ImageShape {
        try! ImageShape(variant: variant, maxval: maxval, width: width, height: height)
    }

    /// A sample stream for `source` with samples within each image's maxval.
    static func samples(for source: InputSource, seed: UInt64) -> [UInt8] {
        var random = TestRandom(seed: seed)
        switch source {
        case let .idx(shape):
            return random.bytes(shape.totalPixels)
        case let .png(shape):
            return (0..<shape.totalPixels).map { _ in UInt8(random.below(shape.maxValue + 1)) }
        case let .netpbm(images):
            var stream = [UInt8]()
            for image in images {
                for _ in 0..<image.pixelCount {
                    let sample = Int(random.next() % UInt64(image.maxval + 1))
                    if image.bytesPerSample == 2 { stream.append(UInt8(sample >> 8)) }
                    stream.append(UInt8(sample & 0xFF))
                }
            }
            return stream
        case let .archive(index):
            return index.entries.enumerated().flatMap { samples(for: $1.source, seed: seed &+ UInt64($0)) }
        }
    }

    /// A valid file of `codec` for `source` in format `version` (1 unless a test says otherwise:
    /// these tests know version 1's offsets); the payload is real for stored and zstd, random for vlae.
    static func file(_ codec: Codec, _ source: InputSource, parameters: CodecParameters = .none,
                     layout: [UInt8] = [], seed: UInt64 = 1, version: UInt16 = 1) -> VZFile {
        let stream = samples(for: source, seed: seed)
        var vlaeRandom = TestRandom(seed: seed ^ 0xABCD)
        let header = try! VZHeader(codec: codec, codecParameters: parameters, source: source,
                                   layout: layout, pixelChecksum: CRC32.checksum(stream), version: version)
        let payload: [UInt8]
        switch codec {
        case .stored: payload = header.storedForm(of: stream)
        case .zstd: payload = try! Zstd.compress(header.storedForm(of: stream), level: 3)
        case .vlae, .context: payload = vlaeRandom.bytes(40)
        }
        return try! VZFile(header: header, payload: payload)
    }

    static let uniformSource = InputSource.netpbm(try! ImageList(repeating: shape(.p5, 255, 4, 3), count: 3))
    static let explicitSource = InputSource.netpbm(try! ImageList([
        shape(.p4, 1, 9, 2), shape(.p5, 1000, 3, 3), shape(.p1, 1, 2, 2), shape(.p2, 15, 5, 1),
    ]))
    static let idxSource = InputSource.idx(try! IDXShape(dims: [2, 5, 5]))
    static let pngSource = InputSource.png(try! PNGShape(width: 13, height: 4, bitDepth: 1))

    /// One valid file of each codec and kind, with layout and parameters present somewhere.
    static var all: [VZFile] { all(version: 1) }

    static func all(version: UInt16) -> [VZFile] {
        [
            file(.stored, uniformSource, layout: Array("P5\n4 3\n255\n".utf8), version: version),
            file(.zstd, explicitSource, layout: [1, 2, 3], version: version),
            file(.vlae(model: model), idxSource, parameters: try! CodecParameters(version: 1, bytes: [7, 7, 7, 7]), version: version),
            file(.vlae(model: model), uniformSource, version: version),
            file(.zstd, pngSource, version: version),
            archive(version: version),
        ]
    }

    /// An archive of five files in three groups: a stored group (two files alike, which share a
    /// form, and one in a subdirectory), a zstd group (an IDX file), a vlae group with a random
    /// payload (a PNG file).
    static func archive(seed: UInt64 = 1, version: UInt16 = 1) -> VZFile {
        let layout = Array("P5\n4 3\n255\n".utf8)
        let entries = [
            ArchiveEntry(path: "a/1.pgm", source: uniformSource, layout: layout, group: 0),
            ArchiveEntry(path: "a/2.pgm", source: uniformSource, layout: layout, group: 0),
            ArchiveEntry(path: "a/b/3.pgm", source: explicitSource, layout: [1, 2, 3], group: 0),
            ArchiveEntry(path: "images.idx", source: idxSource, layout: [], group: 1),
            ArchiveEntry(path: "z\u{e9}.png", source: pngSource, layout: [], group: 2),
        ]
        let streams = entries.enumerated().map { samples(for: $1.source, seed: seed &+ UInt64($0)) }
        var random = TestRandom(seed: seed ^ 0xABCD)
        let payloads = [streams[0] + streams[1] + streams[2], try! Zstd.compress(streams[3], level: 3), random.bytes(40)]
        let groups = [
            try! ArchiveGroup(codec: .stored, payloadLength: UInt64(payloads[0].count)),
            try! ArchiveGroup(codec: .zstd, payloadLength: UInt64(payloads[1].count)),
            try! ArchiveGroup(codec: .vlae(model: model), parameters: try! CodecParameters(version: 1, bytes: [9]),
                              payloadLength: UInt64(payloads[2].count)),
        ]
        let index = try! ArchiveIndex(groups: groups, entries: entries)
        let header = try! VZHeader(codec: .stored, source: .archive(index), pixelChecksum: CRC32.checksum(streams.flatMap { $0 }), version: version)
        return try! VZFile(header: header, payload: payloads.flatMap { $0 })
    }

    /// The header length field (bytes 10..<14).
    static func headerLength(_ bytes: [UInt8]) -> Int {
        (10..<14).reduce(0) { $0 | Int(bytes[$1]) << (8 * ($1 - 10)) }
    }

    /// `bytes` with the header CRC recomputed, so that a mutated field reaches field validation.
    /// Returns `bytes` unchanged when the header length field does not fit in it.
    static func resealed(_ bytes: [UInt8]) -> [UInt8] {
        guard bytes.count >= 14 else { return bytes }
        let length = headerLength(bytes)
        guard length >= 4, length <= bytes.count else { return bytes }
        var copy = bytes
        let crc = CRC32.checksum(Array(bytes[0..<(length - 4)]))
        for index in 0..<4 { copy[length - 4 + index] = UInt8(truncatingIfNeeded: crc >> (8 * index)) }
        return copy
    }

    /// `bytes` with the little-endian field at `offset` of `size` bytes set to `value`.
    static func setting(_ bytes: [UInt8], at offset: Int, size: Int, to value: UInt64) -> [UInt8] {
        var copy = bytes
        for index in 0..<size { copy[offset + index] = UInt8(truncatingIfNeeded: value >> (8 * index)) }
        return copy
    }
}

/// Asserts that `body` throws exactly `expected`.
func assertThrows<E: Error & Equatable, T>(_ expected: E, file: StaticString = #filePath, line: UInt = #line,
                                           _ body: () throws -> T) {
    do {
        _ = try body()
        XCTFail("expected \(expected), nothing thrown", file: file, line: line)
    } catch let error as E {
        XCTAssertEqual(error, expected, file: file, line: line)
    } catch {
        XCTFail("expected \(expected), got \(error)", file: file, line: line)
    }
}

/// The `ContainerError` that parsing `bytes` throws, or nil when it parses.
func parseError(_ bytes: [UInt8]) -> ContainerError? {
    do {
        _ = try VZFile(parsing: bytes)
        return nil
    } catch let error as ContainerError {
        return error
    } catch {
        XCTFail("untyped error \(error)")
        return nil
    }
}
