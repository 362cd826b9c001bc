import Foundation

/// The trained models that ship inside the VLAE module as SwiftPM resources, so a built binary
/// finds them wherever it is built or installed.
public enum ShippedModel {
    public static let binarizedMNISTName = "vlae-binarized-mnist"

    /// The model trained on statically binarized MNIST (50k training split).
    public static func binarizedMNIST() throws -> VLAEModel {
        guard let url = Bundle.module.url(forResource: binarizedMNISTName, withExtension: "safetensors") else {
            throw ModelFileError.notAVLAEModel("the shipped model \(binarizedMNISTName).safetensors is not in this build")
        }
        return try VLAEModel(file: Safetensors.decode(Array(try Data(contentsOf: url))))
    }
}
