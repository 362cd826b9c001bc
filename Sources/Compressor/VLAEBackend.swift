import Foundation
import ModelFile
import VLAECoding

/// A model ready to code: the model file (its identity goes into every vlae `.vz` header) and
/// the coder with the default parameters for its pixel model. Built once per model and process.
struct VLAEBackend: Sendable {
    let model: ModelFile
    let coder: VLAEImageCoder

    private init(model: ModelFile) {
        self.model = model
        // Files from a model file carry its name, so that a reader without it can say which it needs.
        var name: String? = model.name
        if case .shipped = model.origin { name = nil }
        let parameters = BitsBackParameters(for: model.config, modelName: name)
        coder = VLAEImageCoder(codec: BitsBackCodec(model: CodingModel(model), parameters: parameters))
    }

    nonisolated(unsafe) private static var built: [ModelIdentity: VLAEBackend] = [:]
    private static let lock = NSLock()

    /// The backend of `model`, built on first use.
    static func of(_ model: ModelFile) -> VLAEBackend {
        lock.lock()
        defer { lock.unlock() }
        if let backend = built[model.identity] { return backend }
        let backend = VLAEBackend(model: model)
        built[model.identity] = backend
        return backend
    }

    /// The coder for a file's stored parameters (the defaults, or what an older file used).
    func coder(parameters: BitsBackParameters) -> VLAEImageCoder {
        parameters == coder.codec.parameters ? coder : VLAEImageCoder(codec: BitsBackCodec(model: coder.codec.model, parameters: parameters))
    }
}
