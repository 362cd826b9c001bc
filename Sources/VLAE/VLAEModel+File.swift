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
}

extension JSONEncoder {
    static var sorted: JSONEncoder {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys]
        return e
    }
}
