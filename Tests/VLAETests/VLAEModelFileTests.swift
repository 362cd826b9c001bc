import Foundation
import ModelFile
@testable import VLAE
import XCTest

/// The training model and model files: one list of tensors (`VLAEConfig.tensorShapes`) for both,
/// round trips at every tile side, and the old files (height/width instead of tile) still load.
final class VLAEModelFileTests: XCTestCase {
    private func smallConfig(tile: Int = 28) -> VLAEConfig {
        var c = VLAEConfig()
        c.tile = tile
        c.latents = 4; c.encoderChannels = [4, 4]; c.encoderHidden = 8; c.madeHidden = 8; c.channels = 4; c.layers = 1
        return c
    }

    func test_trainingModel_declaresExactlyTheConfigurationsTensors() {
        for tile in [16, 28, 32, 64] {
            let model = VLAEModel(config: smallConfig(tile: tile), seed: 3)
            XCTAssertEqual(Dictionary(uniqueKeysWithValues: model.store.views.map { ($0.name, $0.shape) }), model.config.tensorShapes, "tile \(tile)")
            XCTAssertEqual(model.parameterCount, model.config.parameterCount)
        }
        let shipped = VLAEModel(config: VLAEConfig(), seed: 1)
        XCTAssertEqual(shipped.parameterCount, 1_696_803, "the shipped architecture")
    }

    func test_fileBytes_roundTripEveryWeightTheConfigurationAndTheName() throws {
        let model = VLAEModel(config: smallConfig(tile: 32), seed: 3)
        let bytes = model.fileBytes(name: "drawings")
        let file = try ModelFile(bytes: bytes, origin: .file(path: "m.safetensors"))
        let loaded = VLAEModel(file: file)
        XCTAssertEqual(file.name, "drawings")
        XCTAssertEqual(loaded.config, model.config)
        XCTAssertEqual(Array(loaded.store.values), Array(model.store.values))
        XCTAssertEqual(loaded.fileBytes(name: "drawings"), bytes, "encoding is deterministic")
    }

    func test_safetensorsHeader_isStandardJSONWithF32Entries() throws {
        let bytes = VLAEModel(config: smallConfig(), seed: 3).fileBytes()
        let length = Int(bytes[0..<8].enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) })
        let header = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(bytes[8..<(8 + length)])) as? [String: Any])
        let entry = try XCTUnwrap(header["decoder.out.weight"] as? [String: Any])
        XCTAssertEqual(entry["dtype"] as? String, "F32")
        XCTAssertEqual(entry["shape"] as? [Int], [1, 4])
        XCTAssertNotNil((header["__metadata__"] as? [String: String])?["vlae.config"])
    }

    func test_load_refusesExtraTensorsWrongFormatTagAndUnsupportedConfiguration() throws {
        let file = try Safetensors.decode(VLAEModel(config: smallConfig(), seed: 3).fileBytes())
        func load(_ f: Safetensors.File) throws { _ = try ModelFile(bytes: Safetensors.encode(f), origin: .file(path: "m")) }
        var extra = file
        extra.tensors["decoder.extra"] = .init(shape: [1], values: [0])
        XCTAssertThrowsError(try load(extra)) { XCTAssertEqual($0 as? ModelFileError, .unexpectedTensor("decoder.extra")) }
        var other = file
        other.metadata["format"] = "something-else"
        XCTAssertThrowsError(try load(other)) { guard case ModelFileError.notAVLAEModel = $0 else { return XCTFail("\($0)") } }
        var garbled = file
        garbled.metadata["vlae.config"] = "{not json"
        XCTAssertThrowsError(try load(garbled)) { guard case ModelFileError.configurationMismatch = $0 else { return XCTFail("\($0)") } }
        var oddTile = file
        oddTile.metadata["vlae.config"] = oddTile.metadata["vlae.config"]!.replacingOccurrences(of: "\"tile\":28", with: "\"tile\":30")
        XCTAssertThrowsError(try load(oddTile)) { guard case ModelFileError.configurationMismatch = $0 else { return XCTFail("\($0)") } }
        var legacy = file
        legacy.metadata["vlae.config"] = legacy.metadata["vlae.config"]!.replacingOccurrences(of: "\"tile\":28", with: "\"height\":28,\"width\":28")
        XCTAssertNoThrow(try load(legacy), "files written before tiles had a side of their own")
    }

    func test_decode_neverTrapsOnTruncatedOrCorruptedBytes() {
        let bytes = VLAEModel(config: smallConfig(), seed: 3).fileBytes()
        for length in [0, 4, 8, 9, 100, bytes.count / 2, bytes.count - 1] {
            XCTAssertThrowsError(try ModelFile(bytes: Array(bytes.prefix(length)), origin: .file(path: "m")), "length \(length)")
        }
        var huge = bytes
        huge[7] = 0x7F   // header length far beyond the file
        XCTAssertThrowsError(try Safetensors.decode(huge))
    }
}
