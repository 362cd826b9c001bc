import Foundation

extension VLAEModel {
    /// The metadata key under which the configuration is stored as JSON, and the format tag.
    static let configKey = "vlae.config"
    static let formatKey = "format"
    static let formatValue = "vlae-model-1"

    /// The model as a safetensors file: every parameter under its layer name, with the
    /// configuration in the metadata. `values` overrides the live weights (e.g. Polyak averages).
    public func modelFile(values: [Float]? = nil, metadata extra: [String: String] = [:]) -> Safetensors.File {
        let source = values ?? Array(store.values)
        precondition(source.count == store.count)
        var tensors: [String: Safetensors.Entry] = [:]
        for v in store.views {
            tensors[v.name] = Safetensors.Entry(shape: v.shape, values: Array(source[v.offset..<(v.offset + v.count)]))
        }
        let config = String(decoding: try! JSONEncoder.sorted.encode(self.config), as: UTF8.self)
        return Safetensors.File(tensors: tensors, metadata: extra.merging([Self.configKey: config, Self.formatKey: Self.formatValue]) { $1 })
    }

    /// Builds a model from a safetensors model file, checking the format tag, the configuration,
    /// and that every parameter is present with its shape and nothing else is.
    public convenience init(file: Safetensors.File) throws {
        guard file.metadata[Self.formatKey] == Self.formatValue else {
            throw ModelFileError.notAVLAEModel("metadata format is \(file.metadata[Self.formatKey] ?? "missing"), expected \(Self.formatValue)")
        }
        guard let json = file.metadata[Self.configKey],
              let config = try? JSONDecoder().decode(VLAEConfig.self, from: Data(json.utf8)) else {
            throw ModelFileError.configurationMismatch("metadata \(Self.configKey) is missing or unreadable")
        }
        guard config.height == 28, config.width == 28, config.latents >= 2, config.encoderChannels.count == 2,
              config.firstKernel % 2 == 1, config.pixelModel.outputChannels <= 3 * 32, config.kernel % 2 == 1, config.layers >= 0,
              [config.latents, config.channels, config.madeHidden, config.encoderHidden, config.encoderChannels[0], config.encoderChannels[1]].allSatisfy({ $0 > 0 && $0 <= 4096 })
        else { throw ModelFileError.configurationMismatch("unsupported configuration \(json)") }
        self.init(config: config, seed: 0)
        try load(file)
    }

    /// Replaces the weights with those of `file`, which must match this model's layout exactly.
    public func load(_ file: Safetensors.File) throws {
        for v in store.views {
            guard let e = file.tensors[v.name] else { throw ModelFileError.missingTensor(v.name) }
            guard e.shape == v.shape else { throw ModelFileError.shapeMismatch(name: v.name, expected: v.shape, found: e.shape) }
            (store.values.baseAddress! + v.offset).update(from: e.values, count: v.count)
        }
        if let extra = file.tensors.keys.sorted().first(where: { name in !store.views.contains { $0.name == name } }) {
            throw ModelFileError.unexpectedTensor(extra)
        }
    }
}

extension JSONEncoder {
    static var sorted: JSONEncoder {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys]
        return e
    }
}
