import Foundation

/// The trained models that ship inside the VLAE module as SwiftPM resources, so a built binary
/// finds them wherever it is built or installed. Each file's SHA-256 is the model identity
/// stored in `.vz` files.
public enum ShippedModel: String, CaseIterable, Sendable {
    /// Bi-level 28×28 tiles: trained on statically binarized MNIST (50k training split).
    case binarizedMNIST = "vlae-binarized-mnist"
    /// 8-bit grayscale 28×28 tiles: trained on Fashion-MNIST (55k of its 60k training images,
    /// the last 5k validating).
    case fashionMNIST = "vlae-fashion-mnist"

    /// The shipped model for images of values 0 … `maxValue`: bi-level or grayscale.
    public init(maxValue: Int) {
        self = maxValue == 1 ? .binarizedMNIST : .fashionMNIST
    }

    /// The model's safetensors bytes.
    public func fileBytes() throws -> [UInt8] {
        guard let url = Bundle.module.url(forResource: rawValue, withExtension: "safetensors") else {
            throw ModelFileError.notAVLAEModel("the shipped model \(rawValue).safetensors is not in this build")
        }
        return Array(try Data(contentsOf: url))
    }

    public func load() throws -> VLAEModel {
        try VLAEModel(file: Safetensors.decode(fileBytes()))
    }

    /// The model in the safetensors file at `path`, or the shipped model `fallback` when nil.
    public static func load(path: String?, fallback: ShippedModel) throws -> VLAEModel {
        guard let path else { return try fallback.load() }
        return try VLAEModel(file: Safetensors.decode(Array(try Data(contentsOf: URL(fileURLWithPath: path)))))
    }
}
