import Foundation

/// A trained VLAE as a file: a safetensors file (F32 tensors named after their layers) whose
/// metadata holds the format tag, the configuration as JSON and a human name. Its SHA-256 is
/// the model identity that every vlae `.vz` header records.
///
/// Loading checks the format tag and the configuration, and that the tensors are exactly the
/// ones the configuration describes (`VLAEConfig.tensorShapes`), so the training model and the
/// coding model can both be built from `tensors` without further checks.
public struct ModelFile: Sendable {
    /// Where a model was found, for listings and messages.
    public enum Origin: Sendable, Equatable, CustomStringConvertible {
        case shipped(ShippedModel)
        case file(path: String)

        /// The shipped model, if it is one.
        public var shipped: ShippedModel? {
            if case .shipped(let which) = self { return which }
            return nil
        }

        public var description: String {
            switch self {
            case .shipped: "shipped"
            case .file(let path): path
            }
        }
    }

    /// Metadata keys and the format tag.
    public static let formatKey = "format"
    public static let formatValue = "vlae-model-1"
    public static let configKey = "vlae.config"
    public static let nameKey = "vlae.name"

    public let identity: ModelIdentity
    public let config: VLAEConfig
    /// The name stored in the file; files without one are named after the file.
    public let name: String
    public let origin: Origin
    public let tensors: [String: Safetensors.Entry]
    public let metadata: [String: String]
    /// The integer PixelCNN's scales, for a model quantised by `vlae-train quantize`; nil: float.
    public let pixelArithmetic: PixelArithmetic?
    /// Size of the file in bytes.
    public let byteCount: Int

    /// Parses and checks a model file's bytes.
    public init(bytes: [UInt8], origin: Origin) throws(ModelFileError) {
        let file = try Safetensors.decode(bytes)
        guard file.metadata[Self.formatKey] == Self.formatValue else {
            throw .notAVLAEModel("metadata format is \(file.metadata[Self.formatKey] ?? "missing"), expected \(Self.formatValue)")
        }
        guard let json = file.metadata[Self.configKey],
              let config = try? JSONDecoder().decode(VLAEConfig.self, from: Data(json.utf8)) else {
            throw .configurationMismatch("metadata \(Self.configKey) is missing or unreadable")
        }
        try config.validate()
        let expected = config.tensorShapes
        for (tensorName, shape) in expected.sorted(by: { $0.key < $1.key }) {
            guard let entry = file.tensors[tensorName] else { throw .missingTensor(tensorName) }
            guard entry.shape == shape else { throw .shapeMismatch(name: tensorName, expected: shape, found: entry.shape) }
        }
        if let extra = file.tensors.keys.sorted().first(where: { expected[$0] == nil }) { throw .unexpectedTensor(extra) }
        if let json = file.metadata[PixelArithmetic.metadataKey] {
            guard let arithmetic = try? JSONDecoder().decode(PixelArithmetic.self, from: Data(json.utf8)) else {
                throw .configurationMismatch("metadata \(PixelArithmetic.metadataKey) is unreadable")
            }
            try arithmetic.validate(config, tensors: file.tensors)
            pixelArithmetic = arithmetic
        } else {
            pixelArithmetic = nil
        }
        self.config = config
        self.tensors = file.tensors
        self.metadata = file.metadata
        self.origin = origin
        self.byteCount = bytes.count
        identity = ModelIdentity(bytes: SHA256.digest(bytes))!
        switch origin {
        case .shipped(let which): name = file.metadata[Self.nameKey] ?? which.rawValue
        case .file(let path): name = file.metadata[Self.nameKey] ?? URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        }
    }

    /// Reads and checks the model file at `path`.
    public init(contentsOfFile path: String) throws(ModelFileError) {
        let bytes: [UInt8]
        do {
            bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw .unreadable(path: path, reason: (error as NSError).localizedDescription)
        }
        do {
            try self.init(bytes: bytes, origin: .file(path: path))
        } catch {
            throw .inFile(path: path, error)
        }
    }

    /// The values of a tensor the configuration describes (checked when the file was loaded).
    public func values(_ tensorName: String) -> [Float] {
        guard let entry = tensors[tensorName] else { preconditionFailure("\(tensorName) is not a tensor of this configuration") }
        return entry.values
    }

    /// The bytes of a model file: `values` (every tensor of `config.tensorShapes`, by name),
    /// the configuration, the name and any `extra` metadata. Deterministic for the same content.
    public static func encode(config: VLAEConfig, values: [String: [Float]], name: String?, extra: [String: String] = [:]) -> [UInt8] {
        var tensors: [String: Safetensors.Entry] = [:]
        for (tensorName, shape) in config.tensorShapes {
            guard let v = values[tensorName] else { preconditionFailure("no values for \(tensorName)") }
            tensors[tensorName] = Safetensors.Entry(shape: shape, values: v)
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        var metadata = extra
        metadata[formatKey] = formatValue
        metadata[configKey] = String(decoding: try! encoder.encode(config), as: UTF8.self)
        if let name { metadata[nameKey] = name }
        return Safetensors.encode(Safetensors.File(tensors: tensors, metadata: metadata))
    }
}
