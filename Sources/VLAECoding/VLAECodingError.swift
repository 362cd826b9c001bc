/// Why a vlae-coded payload could not be decoded.
public enum VLAECodingError: Error, Equatable, CustomStringConvertible {
    case badParameters(String)
    case malformedPayload(String)
    case notClean(chain: Int, reason: String)

    public var description: String {
        switch self {
        case .badParameters(let why): "bad vlae codec parameters: \(why)"
        case .malformedPayload(let why): "malformed vlae payload: \(why)"
        case .notClean(let chain, let reason): "vlae payload is corrupt: chain \(chain) did not decode back to its clean start (\(reason))"
        }
    }
}
