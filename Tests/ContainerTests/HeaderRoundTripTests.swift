import ModelFile
import Container
import ImageIO
import XCTest

final class HeaderRoundTripTests: XCTestCase {
    private var sources: [InputSource] {
        var sources: [InputSource] = [Fixtures.uniformSource, Fixtures.explicitSource]
        for variant in NetpbmVariant.allCases {
            let maxvals = variant.isBitmap ? [1] : [1, 15, 255, 256, 65535]
            for maxval in maxvals {
                sources.append(.netpbm(try! ImageList([Fixtures.shape(variant, maxval, 7, 5)])))
            }
        }
        for dims in [[30], [6, 5], [3, 4, 5], [2, 3, 2, 2]] {
            sources.append(.idx(try! IDXShape(dims: dims)))
        }
        for (bitDepth, width, height) in [(1, 13, 4), (2, 1, 9), (4, 28, 28), (8, 105, 1)] {
            sources.append(.png(try! PNGShape(width: width, height: height, bitDepth: bitDepth)))
        }
        return sources
    }

    private var codecs: [(Codec, CodecParameters)] {
        [(.stored, .none), (.zstd, .none), (.vlae(model: Fixtures.model), .none),
         (.vlae(model: Fixtures.model), try! CodecParameters(version: 3, bytes: Array(0..<200)))]
    }

    func test_parse_everyCodecAndKind_givesBackFileAndBytes() throws {
        for (codec, parameters) in codecs {
            for (index, source) in sources.enumerated() {
                for layout in [[], Array("P5\n7 5\n255\n".utf8)] {
                    let file = Fixtures.file(codec, source, parameters: parameters, layout: layout, seed: UInt64(index))
                    let bytes = file.serialized()
                    let parsed = try VZFile(parsing: bytes)
                    XCTAssertEqual(parsed, file, "\(codec) \(source)")
                    XCTAssertEqual(parsed.serialized(), bytes)
                    XCTAssertEqual(Fixtures.headerLength(bytes), file.headerLength)
                    XCTAssertEqual(bytes.count, file.headerLength + file.payload.count)
                }
            }
        }
    }

    func test_decode_storedAndZstdPayloads_verifyAgainstPixelChecksum() throws {
        for (index, source) in sources.enumerated() {
            let stream = Fixtures.samples(for: source, seed: UInt64(index))
            for codec in [Codec.stored, .zstd] {
                let parsed = try VZFile(parsing: Fixtures.file(codec, source, seed: UInt64(index)).serialized())
                let decoded = codec == .stored
                    ? parsed.payload
                    : try Zstd.decompress(parsed.payload, expectedSize: parsed.header.source.sampleStreamLength)
                XCTAssertEqual(decoded, stream)
                try parsed.header.verifyPixels(decoded)
            }
        }
    }

    func test_imageList_allEqual_isUniformAndEqualToRepeating() throws {
        let shape = Fixtures.shape(.p5, 255, 28, 28)
        let list = try ImageList(Array(repeating: shape, count: 5))
        XCTAssertTrue(list.isUniform)
        XCTAssertEqual(list, try ImageList(repeating: shape, count: 5))
        XCTAssertEqual(Array(list), Array(repeating: shape, count: 5))
        XCTAssertEqual(list.totalPixels, 5 * 784)
        XCTAssertFalse(try ImageList([shape, Fixtures.shape(.p5, 254, 28, 28)]).isUniform)
    }

    func test_sampleStreamLength_sixteenBitImages_countTwoBytesPerSample() throws {
        let list = try ImageList([Fixtures.shape(.p5, 255, 3, 2), Fixtures.shape(.p2, 256, 3, 2),
                                  Fixtures.shape(.p4, 1, 5, 1)])
        XCTAssertEqual(list.totalPixels, 17)
        XCTAssertEqual(InputSource.netpbm(list).sampleStreamLength, 6 + 12 + 5)
    }

    func test_pngSource_isKind3_withWidthHeightAndBitDepth() throws {
        let shape = try PNGShape(width: 13, height: 4, bitDepth: 4)
        let bytes = Fixtures.file(.stored, .png(shape)).serialized()
        XCTAssertEqual(bytes[27], 3)
        // Codec parameters (version 0, length 0), width, height, bit depth, empty layout, header CRC.
        XCTAssertEqual(Array(bytes[28..<44]), [0, 0, 0, 13, 0, 0, 0, 4, 0, 0, 0, 4, 0, 0, 0, 0])
        XCTAssertEqual(Fixtures.headerLength(bytes), 48)
        XCTAssertEqual(InputSource.png(shape).sampleStreamLength, 52)
        XCTAssertEqual(shape.maxValue, 15)
        XCTAssertEqual(SourceKind.png.description, "PNG")
    }

    func test_serialize_twice_givesSameBytes() {
        for file in Fixtures.all {
            XCTAssertEqual(file.serialized(), file.serialized())
        }
        XCTAssertEqual(Fixtures.all.map { $0.serialized() }, Fixtures.all.map { $0.serialized() })
    }

    func test_codecModel_isTheVLAEIdentity_otherCodecsHaveNone() throws {
        let vlae = Fixtures.file(.vlae(model: Fixtures.model), Fixtures.idxSource).header
        let zstd = Fixtures.file(.zstd, Fixtures.idxSource).header
        XCTAssertEqual(vlae.codec.model, Fixtures.model)
        XCTAssertNil(zstd.codec.model)
    }

    func test_modelIdentity_hexRoundTrip_andRefusesBadInput() {
        let hex = "00ff10ab" + String(repeating: "0", count: 56)
        XCTAssertEqual(ModelIdentity(hex: hex)?.description, hex)
        XCTAssertEqual(ModelIdentity(hex: hex.uppercased()), ModelIdentity(hex: hex))
        XCTAssertEqual(ModelIdentity(hex: hex)?.bytes.prefix(4), [0x00, 0xFF, 0x10, 0xAB])
        XCTAssertNil(ModelIdentity(hex: String(hex.dropLast())))
        XCTAssertNil(ModelIdentity(hex: "g" + String(hex.dropFirst())))
        XCTAssertNil(ModelIdentity(bytes: [UInt8](repeating: 0, count: 31)))
    }
}
