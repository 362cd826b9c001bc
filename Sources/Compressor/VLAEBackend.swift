import Container
import Crypto
import VLAE
import VLAECoding

/// A shipped model ready to code: its identity (SHA-256 of the weights file, stored in every
/// vlae `.vz` header), the float model (for the −ELBO in reports) and the coder with the
/// default parameters for its pixel model.
struct VLAEBackend {
    let identity: ModelIdentity
    let model: VLAEModel
    let coder: VLAEImageCoder

    /// Each shipped model, loaded once per process on first use.
    static let biLevel = load(.binarizedMNIST)
    static let grayscale = load(.fashionMNIST)

    static func shipped(_ which: ShippedModel) -> Result<VLAEBackend, CompressorError> {
        which == .binarizedMNIST ? biLevel : grayscale
    }

    /// Each shipped model's identity from its file bytes alone, so that matching a header's
    /// model hash does not build a coder for a model the file was not made with.
    private static let biLevelIdentity = identity(of: .binarizedMNIST)
    private static let grayscaleIdentity = identity(of: .fashionMNIST)

    static func identity(_ which: ShippedModel) -> ModelIdentity? {
        which == .binarizedMNIST ? biLevelIdentity : grayscaleIdentity
    }

    private static func identity(of which: ShippedModel) -> ModelIdentity? {
        (try? which.fileBytes()).flatMap { ModelIdentity(bytes: Array(SHA256.hash(data: $0))) }
    }

    private static func load(_ which: ShippedModel) -> Result<VLAEBackend, CompressorError> {
        do {
            let bytes = try which.fileBytes()
            let model = try VLAEModel(file: Safetensors.decode(bytes))
            let identity = ModelIdentity(bytes: Array(SHA256.hash(data: bytes)))!
            let codec = BitsBackCodec(model: CodingModel(model), parameters: BitsBackParameters(for: model.config.pixelModel))
            return .success(VLAEBackend(identity: identity, model: model, coder: VLAEImageCoder(codec: codec)))
        } catch {
            return .failure(.modelUnavailable("\(which.rawValue): \(error)"))
        }
    }

    /// The coder for a file's stored parameters (the shipped defaults, or what an older file used).
    func coder(parameters: BitsBackParameters) -> VLAEImageCoder {
        parameters == coder.codec.parameters ? coder : VLAEImageCoder(codec: BitsBackCodec(model: coder.codec.model, parameters: parameters))
    }
}
