import Foundation

/// The trained models that ship inside this module as SwiftPM resources, so a built binary finds
/// them wherever it is built or installed. Each file's SHA-256 is the model identity stored in
/// `.vz` files, so these files never change; a new model ships under a new name.
public enum ShippedModel: String, CaseIterable, Sendable {
    /// Bi-level 28×28 tiles: trained on statically binarized MNIST (50k training split).
    case binarizedMNIST = "vlae-binarized-mnist"
    /// 8-bit grayscale 28×28 tiles: trained on Fashion-MNIST (55k of its 60k training images,
    /// the last 5k validating).
    case fashionMNIST = "vlae-fashion-mnist"
    /// 8-bit grayscale 28×28 tiles: trained on MNIST digits (55k of its 60k training images, the
    /// last 5k validating). Superseded by `mnist64`; kept so that its files decode.
    case mnist = "vlae-mnist"
    /// Bi-level 32×32 tiles with neighbour context: trained on rendered and scan-degraded
    /// document pages (docs/CORPUS.md); codes pages, forms and line art.
    case pages = "vlae-pages"
    /// 8-bit grayscale 28×28 tiles: MNIST digits as `mnist`, with 64 channels in the decoder and
    /// the PixelCNN. Superseded by `mnist64b`; kept so that its files decode.
    case mnist64 = "vlae-mnist-c64"
    /// `mnist64` trained 7 epochs longer, the last ones at half the learning rate.
    case mnist64b = "vlae-mnist-c64b"
    /// `binarizedMNIST` quantised (`vlae-train quantize`): the coder runs every layer in integers,
    /// so its tables are exact by construction on any CPU. Likewise the three below. (Declared in
    /// the order of their indices in `VZFormat.shippedModels`.)
    case binarizedMNISTInt16 = "vlae-binarized-mnist-int16"
    case fashionMNISTInt16 = "vlae-fashion-mnist-int16"
    case mnist64bInt16 = "vlae-mnist-c64b-int16"
    case pagesInt16 = "vlae-pages-int16"
    /// Bi-level 28×28 tiles: `binarizedMNIST`'s design at a quarter of its cost (16 channels, two
    /// residual layers; docs/MODEL.md), trained longer, quantised. It supersedes
    /// `binarizedMNISTInt16`: more than twice as fast, and its files are no larger.
    case binarizedMNISTFastInt16 = "vlae-binarized-mnist-fast-int16"
    /// 8-bit grayscale 28×28 tiles: `fashionMNIST`'s design with 16 channels in the decoder and the
    /// PixelCNN (docs/MODEL.md), quantised: the default for 8-bit tiles, about 1.7 times as fast
    /// for slightly more bytes. `--best` codes with `fashionMNISTInt16` in its place.
    case fashionMNISTFastInt16 = "vlae-fashion-mnist-fast-int16"

    /// Whether compression still picks it: a model superseded by a better one of its kind (or by
    /// its integer version) stays in the build only so that the files coded with it decode.
    public var codesNewFiles: Bool {
        ![.mnist, .mnist64, .binarizedMNIST, .fashionMNIST, .mnist64b, .pages, .binarizedMNISTInt16].contains(self)
    }

    /// The slower model of the same data that `--best` codes with in this one's place.
    public var strongerModel: ShippedModel? { self == .fashionMNISTFastInt16 ? .fashionMNISTInt16 : nil }

    /// The default shipped model for images of values 0 … `maxValue`: bi-level or grayscale (the
    /// compressor measures every shipped model of the kind instead).
    public init(maxValue: Int) {
        self = maxValue == 1 ? .binarizedMNISTFastInt16 : .fashionMNISTFastInt16
    }

    /// The model's safetensors bytes.
    public func fileBytes() throws(ModelFileError) -> [UInt8] {
        guard let url = Bundle.module.url(forResource: rawValue, withExtension: "safetensors"),
              let data = try? Data(contentsOf: url) else {
            throw .unreadable(path: "\(rawValue).safetensors", reason: "the shipped model is not in this build")
        }
        return Array(data)
    }

    /// The shipped model, read and checked on first use, once per process.
    public func load() throws(ModelFileError) -> ModelFile {
        try Self.loaded[self]!.get()
    }

    private static let loaded: [ShippedModel: Result<ModelFile, ModelFileError>] = Dictionary(uniqueKeysWithValues: allCases.map { which in
        (which, Result { () throws(ModelFileError) -> ModelFile in try ModelFile(bytes: which.fileBytes(), origin: .shipped(which)) })
    })
}
