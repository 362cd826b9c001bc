/// Why a model or checkpoint file was refused.
public enum ModelFileError: Error, Equatable, CustomStringConvertible {
    case malformed(String)
    case notAVLAEModel(String)
    case configurationMismatch(String)
    case missingTensor(String)
    case unexpectedTensor(String)
    case shapeMismatch(name: String, expected: [Int], found: [Int])
    /// The file could not be read at all.
    case unreadable(path: String, reason: String)
    /// One of the errors above, in the file at `path`.
    indirect case inFile(path: String, ModelFileError)

    public var description: String {
        switch self {
        case .malformed(let why): "malformed safetensors file: \(why)"
        case .notAVLAEModel(let why): "not a vlae model file: \(why)"
        case .configurationMismatch(let why): "model configuration does not match: \(why)"
        case .missingTensor(let name): "model file lacks tensor \(name)"
        case .unexpectedTensor(let name): "model file has unexpected tensor \(name)"
        case .shapeMismatch(let name, let expected, let found): "tensor \(name) has shape \(found), expected \(expected)"
        case .unreadable(let path, let reason): "cannot read model file \(path): \(reason)"
        case .inFile(let path, let error): "\(path): \(error)"
        }
    }
}
