import Container
import Crypto
import VLAE
import VLAECoding

/// The shipped bi-level model, ready to code: its identity (SHA-256 of the weights file, stored
/// in every vlae `.vz` header), the float model (for the −ELBO in reports) and the coder.
struct VLAEBackend {
    let identity: ModelIdentity
    let model: VLAEModel
    let coder: VLAEImageCoder

    /// Loaded once per process.
    static let shipped: Result<VLAEBackend, CompressorError> = {
        do {
            let bytes = try ShippedModel.binarizedMNISTFile()
            let model = try VLAEModel(file: Safetensors.decode(bytes))
            let identity = ModelIdentity(bytes: Array(SHA256.hash(data: bytes)))!
            return .success(VLAEBackend(identity: identity, model: model,
                                        coder: VLAEImageCoder(codec: BitsBackCodec(model: CodingModel(model)))))
        } catch {
            return .failure(.modelUnavailable("\(error)"))
        }
    }()

    /// The coder for a file's stored parameters (the shipped defaults, or what an older file used).
    func coder(parameters: BitsBackParameters) -> VLAEImageCoder {
        parameters == coder.codec.parameters ? coder : VLAEImageCoder(codec: BitsBackCodec(model: coder.codec.model, parameters: parameters))
    }
}
