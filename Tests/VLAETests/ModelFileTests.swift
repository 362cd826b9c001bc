import Foundation
@testable import VLAE
import XCTest

/// Model files: safetensors round trips, and every way a file can fail to match the model.
final class ModelFileTests: XCTestCase {
    private func smallConfig() -> VLAEConfig {
        var c = VLAEConfig()
        c.latents = 4; c.encoderChannels = [4, 4]; c.encoderHidden = 8; c.madeHidden = 8; c.channels = 4; c.layers = 1
        return c
    }

    func test_modelFile_roundTripsEveryWeightAndTheConfiguration() throws {
        let model = VLAEModel(config: smallConfig(), seed: 3)
        let bytes = Safetensors.encode(model.modelFile())
        let loaded = try VLAEModel(file: Safetensors.decode(bytes))
        XCTAssertEqual(loaded.config, model.config)
        XCTAssertEqual(Array(loaded.store.values), Array(model.store.values))
        XCTAssertEqual(Safetensors.encode(loaded.modelFile()), bytes, "encoding is deterministic")
    }

    func test_safetensorsHeader_isStandardJSONWithF32Entries() throws {
        let bytes = Safetensors.encode(VLAEModel(config: smallConfig(), seed: 3).modelFile())
        let length = Int(bytes[0..<8].enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) })
        let header = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(bytes[8..<(8 + length)])) as? [String: Any])
        let entry = try XCTUnwrap(header["decoder.out.weight"] as? [String: Any])
        XCTAssertEqual(entry["dtype"] as? String, "F32")
        XCTAssertEqual(entry["shape"] as? [Int], [1, 4])
        XCTAssertNotNil((header["__metadata__"] as? [String: String])?["vlae.config"])
    }

    func test_load_refusesMissingExtraAndMisshapenTensors() throws {
        let file = VLAEModel(config: smallConfig(), seed: 3).modelFile()
        var missing = file
        missing.tensors["prior.made2.bias"] = nil
        XCTAssertThrowsError(try VLAEModel(file: missing)) { XCTAssertEqual($0 as? ModelFileError, .missingTensor("prior.made2.bias")) }
        var extra = file
        extra.tensors["decoder.extra"] = .init(shape: [1], values: [0])
        XCTAssertThrowsError(try VLAEModel(file: extra)) { XCTAssertEqual($0 as? ModelFileError, .unexpectedTensor("decoder.extra")) }
        var misshapen = file
        misshapen.tensors["decoder.out.bias"] = .init(shape: [2], values: [0, 0])
        XCTAssertThrowsError(try VLAEModel(file: misshapen)) {
            XCTAssertEqual($0 as? ModelFileError, .shapeMismatch(name: "decoder.out.bias", expected: [1], found: [2]))
        }
    }

    func test_load_refusesWrongFormatTagAndUnreadableOrUnsupportedConfiguration() {
        let file = VLAEModel(config: smallConfig(), seed: 3).modelFile()
        var other = file
        other.metadata["format"] = "something-else"
        XCTAssertThrowsError(try VLAEModel(file: other)) { guard case ModelFileError.notAVLAEModel = $0 else { return XCTFail("\($0)") } }
        var garbled = file
        garbled.metadata["vlae.config"] = "{not json"
        XCTAssertThrowsError(try VLAEModel(file: garbled)) { guard case ModelFileError.configurationMismatch = $0 else { return XCTFail("\($0)") } }
        var wrongSize = file
        wrongSize.metadata["vlae.config"] = wrongSize.metadata["vlae.config"]!.replacingOccurrences(of: "\"height\":28", with: "\"height\":32")
        XCTAssertThrowsError(try VLAEModel(file: wrongSize)) { guard case ModelFileError.configurationMismatch = $0 else { return XCTFail("\($0)") } }
    }

    func test_decode_neverTrapsOnTruncatedOrCorruptedBytes() {
        let bytes = Safetensors.encode(VLAEModel(config: smallConfig(), seed: 3).modelFile())
        for length in [0, 4, 8, 9, 100, bytes.count / 2, bytes.count - 1] {
            XCTAssertThrowsError(try Safetensors.decode(Array(bytes.prefix(length))), "length \(length)")
        }
        var huge = bytes
        huge[7] = 0x7F   // header length far beyond the file
        XCTAssertThrowsError(try Safetensors.decode(huge))
    }
}
