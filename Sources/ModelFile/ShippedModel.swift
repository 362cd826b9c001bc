import Foundation
import Synchronization

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
    /// the order of their indices in `VZFormat.shippedModels`: a new model goes last.)
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

    /// The SHA-256 of the model's file: its identity in `.vz` files, known without reading it.
    /// `VZFormat.shippedModels` is this list in declaration order, whose positions are the format's
    /// shipped-model indices.
    public var identity: ModelIdentity {
        let hex = switch self {
        case .binarizedMNIST: "41fca73d85b568bdcf104b0f60b15a3a16d53045f068dea49f151c89b0cf6594"
        case .fashionMNIST: "23b8297685adb9a5710082b09da9ce3ad6dd7f07d03cce2931e21b6376d6bd02"
        case .mnist: "05ab4dccc5568c8ec405125e555ebbf223cd73b83c05d8c083544f4193dc5b91"
        case .pages: "ea5a2f72e6f4d2dc744dc7a7d0f70d9d4730bff95d11e26dd18e90e90e8ab180"
        case .mnist64: "353c6adbf8fa1f49fbf4beb4c10f6702e6bc38cc6ecb71e4bf1992226efa20e3"
        case .mnist64b: "f637c86ff68d4a0e963e11e3867a74ae9a9233bdcc380a3ee16c630305dc6707"
        case .binarizedMNISTInt16: "8e5f885b883101e9cf3705a522e4126728fe940890e1be88e6990fc43bfa0209"
        case .fashionMNISTInt16: "1c52dd7ad496b166c6d6842d6aeb56f4660911a102c3d7e81df39c7a80fe3234"
        case .mnist64bInt16: "574ec9d3fd1cd7716b0281d42aee2de13f2db998909a2f7c32532a184e02112e"
        case .pagesInt16: "828096cee1f70071e4c6fd4afac574c6fda0af09a1e0d5d839afa9f5fe3062d7"
        case .binarizedMNISTFastInt16: "c67fc4f924f6ca8feb0c54beed038ccd196fa3043120680ba6d348a7115b7059"
        case .fashionMNISTFastInt16: "f9df03e5af25e58090c771ece2588d1586bc92b0d456360fae1934b7ae19b12b"
        }
        return ModelIdentity(hex: hex)!
    }

    /// The shipped model whose file has `identity`, if one has.
    public init?(identity: ModelIdentity) {
        guard let found = Self.allCases.first(where: { $0.identity == identity }) else { return nil }
        self = found
    }

    /// The shipped model, read and checked on its first use in a process (only the models a run
    /// needs are read: each is megabytes). A file whose bytes are not its `identity` is refused.
    public func load() throws(ModelFileError) -> ModelFile {
        if let cached = Self.loaded.withLock({ $0[self] }) { return try cached.get() }
        let result = Result { () throws(ModelFileError) -> ModelFile in
            let model = try ModelFile(bytes: fileBytes(), origin: .shipped(self))
            guard model.identity == identity else {
                throw .unreadable(path: "\(rawValue).safetensors", reason: "the shipped file's SHA-256 is \(model.identity), not \(identity)")
            }
            return model
        }
        Self.loaded.withLock { $0[self] = $0[self] ?? result }
        return try result.get()
    }

    private static let loaded = Mutex<[ShippedModel: Result<ModelFile, ModelFileError>]>([:])
}
