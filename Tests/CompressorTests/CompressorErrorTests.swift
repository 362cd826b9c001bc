import ModelFile
import Compressor
import Container
import ImageIO
import VLAECoding
import XCTest

final class CompressorErrorTests: XCTestCase {
    private let smallImage = Array("P5\n4 2\n255\n".utf8) + [0, 1, 2, 3, 250, 251, 252, 253]

    private func assertThrows<T>(_ body: @autoclosure () throws -> T, _ check: (CompressorError) -> Bool,
                                 file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try body(), file: file, line: line) { error in
            guard let error = error as? CompressorError else { return XCTFail("not a CompressorError: \(error)", file: file, line: line) }
            XCTAssertTrue(check(error), "unexpected \(error)", file: file, line: line)
            XCTAssertFalse(error.description.contains("\n"), file: file, line: line)
        }
    }

    /// A hand-made `.vz` file (the container is trusted to frame it; the parts may disagree).
    private func vzFile(_ source: InputSource, layout: [UInt8], samples: [UInt8], codec: Codec = .stored) throws -> [UInt8] {
        let header = try VZHeader(codec: codec, source: source, layout: layout, pixelChecksum: CRC32.checksum(samples))
        return try VZFile(header: header, payload: samples).serialized()
    }

    func test_decompress_everySingleByteFlip_isDetectedOrHarmless() throws {
        for codec in [CompressionCodec.stored, .zstd] {
            let file = try Compressor.compress(smallImage, codec: codec).output
            var detected = 0
            for index in file.indices {
                var damaged = file
                damaged[index] ^= 0x20
                if let restored = try? Compressor.decompress(damaged) {
                    XCTAssertEqual(restored.output, smallImage, "\(codec): flip at \(index) gave wrong bytes silently")
                } else {
                    detected += 1
                }
            }
            XCTAssertGreaterThan(detected, file.count * 9 / 10, "\(codec)")
        }
    }

    func test_decompress_storedPayloadFlip_failsPixelChecksum() throws {
        var file = try Compressor.compress(smallImage, codec: .stored).output
        file[file.count - 1] ^= 1
        assertThrows(try Compressor.decompress(file)) {
            if case .corruptContainer(.pixelChecksumMismatch) = $0 { return true }
            return false
        }
    }

    func test_decompress_zstdPayloadFlip_isRefused() throws {
        var file = try Compressor.compress(smallImage, codec: .zstd).output
        file[file.count - 5] ^= 0x10
        assertThrows(try Compressor.decompress(file)) { $0.isContainerProblem }
    }

    func test_decompress_truncatedFile_isRefused() throws {
        let file = try Compressor.compress(smallImage, codec: .zstd).output
        for length in [0, 5, 20, file.count - 1] {
            assertThrows(try Compressor.decompress(Array(file.prefix(length)))) { $0.isContainerProblem }
        }
    }

    func test_compress_vlae_onAnIDXArrayThatIsNotImages_isRefused() {
        // A rank-1 IDX array: 6 bytes.
        let vector = IDXWriter.bytes(for: try! IDXArray(dimensions: [6], values: [1, 2, 3, 4, 5, 6]))
        assertThrows(try Compressor.compress(vector, codec: .vlae)) { $0 == .notImages && $0.isInputProblem }
    }

    /// A vlae file whose model is not in view names the model (the name a model file's
    /// parameters carry, none for the shipped models' version-1 parameters) and its identity.
    func test_decompress_vlaeFileForAModelNotInView_namesTheModelAndItsIdentity() throws {
        let model = try XCTUnwrap(ModelIdentity(bytes: [UInt8](repeating: 7, count: 32)))
        let shape = try ImageShape(variant: .p4, maxval: 1, width: 4, height: 2)
        let samples: [UInt8] = [0, 1, 0, 1, 1, 1, 0, 0]
        for name in ["drawings", nil] {
            let parameters = BitsBackParameters(for: .bernoulli, modelName: name)
            let header = try VZHeader(codec: .vlae(model: model), codecParameters: CodecParameters(version: parameters.version, bytes: parameters.bytes),
                                      source: .netpbm(ImageList([shape])),
                                      layout: NetpbmLayout.canonical(for: [NetpbmHeader(variant: .p4, width: 4, height: 2, maxval: 1)]).serialized(),
                                      pixelChecksum: CRC32.checksum(samples))
            let file = try VZFile(header: header, payload: [1, 2, 3]).serialized()
            assertThrows(try Compressor.decompress(file)) { error in
                error == .modelNotFound(name: name, identity: model) && error.isContainerProblem
                    && error.description.contains(model.description) && error.description.contains(name ?? model.description)
            }
        }
    }

    func test_compress_unrecognizedAndMalformedInputs_areInputProblems() throws {
        assertThrows(try Compressor.compress([])) { $0 == .unrecognizedInput }
        assertThrows(try Compressor.compress(Array("GIF89a".utf8))) { $0 == .unrecognizedInput }
        assertThrows(try Compressor.compress(Array("P5 0 1 255\n".utf8))) {
            $0 == .invalidNetpbm(.nonPositiveDimension(image: 0, field: .width, value: 0))
        }
        assertThrows(try Compressor.compress([0, 0, 8, 1, 0, 0, 0, 3, 1])) {
            $0 == .invalidIDX(.truncatedBody(expected: 3, available: 1))
        }
        for url in try TestFiles.files(in: TestFiles.fixtureFolder("malformed")) {
            assertThrows(try Compressor.compress(TestFiles.bytes(url))) { $0.isInputProblem }
        }
    }

    func test_decompress_layoutNotMatchingImageList_isInconsistent() throws {
        let samples: [UInt8] = [1, 2, 3, 4, 5, 6]
        let list = try ImageList([ImageShape(variant: .p5, maxval: 255, width: 3, height: 2)])
        let wrong = NetpbmLayout.canonical(for: [try NetpbmHeader(variant: .p5, width: 2, height: 3, maxval: 255)])
        assertThrows(try Compressor.decompress(vzFile(.netpbm(list), layout: wrong.serialized(), samples: samples))) {
            if case .inconsistentFile = $0 { return true }
            return false
        }
        let two = NetpbmLayout.canonical(for: [try NetpbmHeader(variant: .p5, width: 3, height: 2, maxval: 255)] + [
            try NetpbmHeader(variant: .p5, width: 3, height: 2, maxval: 255)])
        assertThrows(try Compressor.decompress(vzFile(.netpbm(list), layout: two.serialized(), samples: samples))) {
            if case .inconsistentFile = $0 { return true }
            return false
        }
        assertThrows(try Compressor.decompress(vzFile(.netpbm(list), layout: [9, 9], samples: samples))) {
            $0 == .corruptLayout(.unsupportedVersion(9))
        }
    }

    func test_decompress_samplesAboveMaxvalOrSixteenBit_areInconsistent() throws {
        let header = try NetpbmHeader(variant: .p5, width: 2, height: 1, maxval: 7)
        let list = try ImageList([ImageShape(variant: .p5, maxval: 7, width: 2, height: 1)])
        let layout = NetpbmLayout.canonical(for: [header]).serialized()
        assertThrows(try Compressor.decompress(vzFile(.netpbm(list), layout: layout, samples: [3, 9]))) {
            if case .inconsistentFile = $0 { return true }
            return false
        }
        let wide = try ImageList([ImageShape(variant: .p5, maxval: 1000, width: 1, height: 1)])
        assertThrows(try Compressor.decompress(vzFile(.netpbm(wide), layout: layout, samples: [0, 1]))) {
            if case .inconsistentFile = $0 { return true }
            return false
        }
    }

    func test_decompress_idxWithLayout_isInconsistent() throws {
        let shape = try IDXShape(dims: [2])
        assertThrows(try Compressor.decompress(vzFile(.idx(shape), layout: [1], samples: [4, 5]))) {
            if case .inconsistentFile = $0 { return true }
            return false
        }
        XCTAssertEqual(try Compressor.decompress(vzFile(.idx(shape), layout: [], samples: [4, 5])).output,
                       [0, 0, 8, 1, 0, 0, 0, 2, 4, 5])
    }
}
