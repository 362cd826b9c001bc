import Foundation
import ModelFile

extension VLAEModel {
    /// The model file of this network: every parameter under its layer name (the names and
    /// shapes of `VLAEConfig.tensorShapes`), the configuration, `name`, and `extra` metadata.
    /// `values` overrides the live weights (e.g. Polyak averages).
    public func fileBytes(values: [Float]? = nil, name: String? = nil, extra: [String: String] = [:]) -> [UInt8] {
        let source = values ?? Array(store.values)
        precondition(source.count == store.count)
        var tensors: [String: [Float]] = [:]
        for v in store.views { tensors[v.name] = Array(source[v.offset..<(v.offset + v.count)]) }
        return ModelFile.encode(config: config, values: tensors, name: name, extra: extra)
    }

    /// The training model of a model file, with its weights (for evaluation, sampling, or
    /// fine-tuning). The file's tensors were checked against its configuration when it loaded.
    public convenience init(file: ModelFile) {
        self.init(config: file.config, seed: 0)
        for v in store.views {
            (store.values.baseAddress! + v.offset).update(from: file.values(v.name), count: v.count)
        }
    }

    /// Starts from another model's weights (fine-tuning): every tensor of `file` with the name
    /// and shape of one of this model's replaces it; the others keep their fresh initialisation
    /// (e.g. the dense layers whose shapes depend on the tile side). Returns the names not taken.
    @discardableResult
    public func adopt(_ file: ModelFile) -> [String] {
        var fresh: [String] = []
        for v in store.views {
            guard let entry = file.tensors[v.name], entry.shape == v.shape else { fresh.append(v.name); continue }
            (store.values.baseAddress! + v.offset).update(from: entry.values, count: v.count)
        }
        return fresh
    }
}

extension JSONEncoder {
    static var sorted: JSONEncoder {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys]
        return e
    }
}
