import Foundation
import XCTest
@testable import ModelFile

final class ModelFileTests: XCTestCase {
    /// The identities documented in docs/MODEL.md: the shipped files never change.
    func test_shippedModels_haveTheirDocumentedIdentity() throws {
        XCTAssertEqual(try ShippedModel.binarizedMNIST.load().identity.description, "41fca73d85b568bdcf104b0f60b15a3a16d53045f068dea49f151c89b0cf6594")
        XCTAssertEqual(try ShippedModel.fashionMNIST.load().identity.description, "23b8297685adb9a5710082b09da9ce3ad6dd7f07d03cce2931e21b6376d6bd02")
        XCTAssertEqual(try ShippedModel.mnist.load().identity.description, "05ab4dccc5568c8ec405125e555ebbf223cd73b83c05d8c083544f4193dc5b91")
        XCTAssertEqual(try ShippedModel.pages.load().identity.description, "ea5a2f72e6f4d2dc744dc7a7d0f70d9d4730bff95d11e26dd18e90e90e8ab180")
        XCTAssertEqual(try ShippedModel.mnist64.load().identity.description, "353c6adbf8fa1f49fbf4beb4c10f6702e6bc38cc6ecb71e4bf1992226efa20e3")
        XCTAssertEqual(try ShippedModel.mnist64b.load().identity.description, "f637c86ff68d4a0e963e11e3867a74ae9a9233bdcc380a3ee16c630305dc6707")
        XCTAssertEqual(try ShippedModel.binarizedMNISTInt16.load().identity.description, "8e5f885b883101e9cf3705a522e4126728fe940890e1be88e6990fc43bfa0209")
        XCTAssertEqual(try ShippedModel.fashionMNISTInt16.load().identity.description, "1c52dd7ad496b166c6d6842d6aeb56f4660911a102c3d7e81df39c7a80fe3234")
        XCTAssertEqual(try ShippedModel.mnist64bInt16.load().identity.description, "574ec9d3fd1cd7716b0281d42aee2de13f2db998909a2f7c32532a184e02112e")
        XCTAssertEqual(try ShippedModel.pagesInt16.load().identity.description, "828096cee1f70071e4c6fd4afac574c6fda0af09a1e0d5d839afa9f5fe3062d7")
        XCTAssertEqual(try ShippedModel.binarizedMNISTFastInt16.load().identity.description, "c67fc4f924f6ca8feb0c54beed038ccd196fa3043120680ba6d348a7115b7059")
        XCTAssertEqual(try ShippedModel.fashionMNISTFastInt16.load().identity.description, "f9df03e5af25e58090c771ece2588d1586bc92b0d456360fae1934b7ae19b12b")
        for model in ShippedModel.allCases {
            XCTAssertEqual(try model.load().identity, model.identity)
            XCTAssertEqual(ShippedModel(identity: model.identity), model)
        }
        for model in [ShippedModel.binarizedMNISTInt16, .fashionMNISTInt16, .mnist64bInt16, .pagesInt16, .binarizedMNISTFastInt16, .fashionMNISTFastInt16] {
            XCTAssertNotNil(try model.load().pixelArithmetic?.tile, "\(model.rawValue) runs every layer in integers")
        }
    }

    func test_shippedModels_legacyHeightWidth_readAsTile28() throws {
        let model = try ShippedModel.binarizedMNIST.load()
        XCTAssertEqual(model.config.tile, VLAEConfig.shippedTile)
        XCTAssertEqual(model.config.parameterCount, 1_696_803)
        XCTAssertEqual(model.name, "vlae-binarized-mnist")
        XCTAssertEqual(try ShippedModel.fashionMNIST.load().config.pixelModel, .logisticMixture(components: 5))
    }

    func test_sha256_matchesKnownDigest() {
        XCTAssertEqual(ModelIdentity(bytes: SHA256.digest(Array("abc".utf8)))!.description,
                       "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    func test_validate_refusesTileSidesOutside16to64OrNotMultipleOf4() {
        for side in [12, 30, 68] {
            var c = VLAEConfig()
            c.tile = side
            XCTAssertThrowsError(try c.validate(), "tile \(side)")
        }
        for side in [16, 32, 64] {
            var c = VLAEConfig()
            c.tile = side
            XCTAssertNoThrow(try c.validate(), "tile \(side)")
        }
    }

    /// The prior, the posterior and a factorized decoder: written only when not the default (so
    /// older configurations read as before), one MADE at most, and the tensors each one has.
    func test_priorPosteriorAndFactorizedDecoder_roundTripValidateAndNameTheirTensors() throws {
        var c = VLAEConfig()
        c.prior = .diagonal; c.posterior = .inverseAutoregressive; c.firstKernel = 1; c.layers = 0
        let json = String(decoding: try JSONEncoder().encode(c), as: UTF8.self)
        XCTAssertTrue(json.contains("\"prior\":\"diagonal\"") && json.contains("\"posterior\":\"iaf\""), json)
        XCTAssertEqual(try JSONDecoder().decode(VLAEConfig.self, from: Data(json.utf8)), c)
        XCTAssertNoThrow(try c.validate())
        XCTAssertEqual(c.receptiveField.up, 0)
        let shapes = c.tensorShapes
        XCTAssertNotNil(shapes["posterior.made1.weight"])
        XCTAssertNil(shapes["prior.made1.weight"])
        XCTAssertNil(shapes["decoder.pixel0.weight"])
        XCTAssertEqual(shapes["decoder.pixel0.bias"], [c.channels])

        let plain = String(decoding: try JSONEncoder().encode(VLAEConfig()), as: UTF8.self)
        XCTAssertFalse(plain.contains("prior") || plain.contains("posterior"), plain)
        XCTAssertEqual(VLAEConfig().madeRole, "prior")
        c.posterior = .diagonal
        XCTAssertNil(c.madeRole)
        XCTAssertNil(c.tensorShapes.keys.first { $0.contains("made") })

        var both = VLAEConfig()
        both.posterior = .inverseAutoregressive
        XCTAssertThrowsError(try both.validate(), "an AF prior and an IAF posterior")
        var blind = VLAEConfig()
        blind.firstKernel = 1; blind.neighbourContext = true
        XCTAssertThrowsError(try blind.validate(), "neighbour context without pixels to read")
    }

    /// A model file written for tile 32 reads back with its name, configuration and tensors.
    func test_encode_thenLoad_roundTripsNameConfigAndTensors() throws {
        var config = VLAEConfig()
        config.tile = 32; config.latents = 4; config.channels = 8; config.encoderHidden = 16; config.madeHidden = 12
        config.encoderChannels = [4, 8]; config.layers = 1
        let bytes = Self.modelBytes(config, name: "drawings")
        let model = try ModelFile(bytes: bytes, origin: .file(path: "x.safetensors"))
        XCTAssertEqual(model.name, "drawings")
        XCTAssertEqual(model.config, config)
        XCTAssertEqual(model.values("encoder.dense1.weight").count, 16 * 8 * 8 * 8)
        XCTAssertEqual(model.identity, ModelIdentity(bytes: SHA256.digest(bytes)))
    }

    func test_load_refusesMissingAndMisshapenTensors() throws {
        var config = VLAEConfig()
        config.latents = 4; config.channels = 8; config.encoderHidden = 16; config.madeHidden = 12; config.encoderChannels = [4, 8]
        let good = try ModelFile(bytes: Self.modelBytes(config, name: nil), origin: .file(path: "m.safetensors"))
        var tensors = good.tensors
        tensors["decoder.out.bias"] = nil
        XCTAssertThrowsError(try ModelFile(bytes: Safetensors.encode(.init(tensors: tensors, metadata: good.metadata)), origin: .file(path: "m"))) {
            XCTAssertEqual($0 as? ModelFileError, .missingTensor("decoder.out.bias"))
        }
        tensors = good.tensors
        tensors["decoder.out.bias"] = Safetensors.Entry(shape: [2], values: [0, 0])
        XCTAssertThrowsError(try ModelFile(bytes: Safetensors.encode(.init(tensors: tensors, metadata: good.metadata)), origin: .file(path: "m"))) {
            XCTAssertEqual($0 as? ModelFileError, .shapeMismatch(name: "decoder.out.bias", expected: [1], found: [2]))
        }
        XCTAssertEqual(good.name, "m", "a file without a stored name is named after the file")
    }

    /// Models are found by identity in VLAE_MODEL_PATH's directories, given files first; the
    /// shipped ones always.
    func test_catalog_findsByIdentity_inSearchPathAndShipped() throws {
        var config = VLAEConfig()
        config.latents = 4; config.channels = 8; config.encoderHidden = 16; config.madeHidden = 12; config.encoderChannels = [4, 8]
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vlae-catalog-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let bytes = Self.modelBytes(config, name: "mine")
        try Data(bytes).write(to: dir.appendingPathComponent("mine.safetensors"))
        try Data("not a model".utf8).write(to: dir.appendingPathComponent("broken.safetensors"))
        let identity = ModelIdentity(bytes: SHA256.digest(bytes))!
        let catalog = try ModelCatalog(searchPath: "/nonexistent:" + dir.path)
        XCTAssertEqual(catalog.model(identity: identity)?.name, "mine")
        XCTAssertNil(try ModelCatalog().model(identity: identity))
        let shipped = try ShippedModel.fashionMNIST.load().identity
        XCTAssertEqual(try ModelCatalog().model(identity: shipped)?.origin, .shipped(.fashionMNIST))
        let listed = catalog.all()
        XCTAssertEqual(listed.models.map(\.name), ["mine"] + ShippedModel.allCases.map(\.rawValue))
        XCTAssertEqual(listed.problems.count, 1)
        XCTAssertEqual(try catalog.candidates(forMaxValue: 1).map(\.origin), [.shipped(.pagesInt16), .shipped(.binarizedMNISTFastInt16)])
        XCTAssertEqual(try catalog.candidates(forMaxValue: 255).map(\.origin),
                       [.shipped(.fashionMNISTInt16), .shipped(.mnist64bInt16), .shipped(.fashionMNISTFastInt16)],
                       "the superseded and the float models are no candidate")
        let strongest = try ModelCatalog(searchPath: dir.path, strongest: true)
        XCTAssertEqual(try strongest.candidates(forMaxValue: 255).map(\.origin), [.shipped(.fashionMNISTInt16), .shipped(.mnist64bInt16)],
                       "--best: not the fast garment model")
        let given = try ModelCatalog(modelFiles: [dir.appendingPathComponent("mine.safetensors").path])
        XCTAssertEqual(try given.candidates(forMaxValue: 255).map(\.name), ["mine"], "a given model is the only candidate")
    }

    /// A model file with small random weights for `config`.
    static func modelBytes(_ config: VLAEConfig, name: String?) -> [UInt8] {
        var values: [String: [Float]] = [:]
        var x: UInt32 = 1
        for (tensorName, shape) in config.tensorShapes {
            values[tensorName] = (0..<shape.reduce(1, *)).map { _ in
                x = x &* 1_664_525 &+ 1_013_904_223
                return Float(Int(x >> 16) - 32768) / 327_680
            }
        }
        return ModelFile.encode(config: config, values: values, name: name)
    }
}
