import Foundation

/// The trained models that ship inside the VLAE module as SwiftPM resources, so a built binary
/// finds them wherever it is built or installed.
public enum ShippedModel {
    public static let binarizedMNISTName = "vlae-binarized-mnist"

    /// The bytes of the model trained on statically binarized MNIST (50k training split): a
    /// safetensors file, whose SHA-256 is the model identity stored in `.vz` files.
    public static func binarizedMNISTFile() throws -> [UInt8] {
        guard let url = Bundle.module.url(forResource: binarizedMNISTName, withExtension: "safetensors") else {
            throw ModelFileError.notAVLAEModel("the shipped model \(binarizedMNISTName).safetensors is not in this build")
        }
        return Array(try Data(contentsOf: url))
    }

    /// The model trained on statically binarized MNIST.
    public static func binarizedMNIST() throws -> VLAEModel {
        try VLAEModel(file: Safetensors.decode(binarizedMNISTFile()))
    }

    /// The model in the safetensors file at `path`, or the shipped binarized-MNIST model when nil.
    public static func load(path: String?) throws -> VLAEModel {
        guard let path else { return try binarizedMNIST() }
        return try VLAEModel(file: Safetensors.decode(Array(try Data(contentsOf: URL(fileURLWithPath: path)))))
    }
}
