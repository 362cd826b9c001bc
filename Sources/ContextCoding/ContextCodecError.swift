/// Why a context-codec payload cannot be decoded.
public enum ContextCodecError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The payload ends inside a chunk's length or message.
    case truncated
    /// A chunk's rANS message is malformed or did not decode to its clean start.
    case badMessage(String)
    /// A decoded value lies outside 0 … maxval: the payload is corrupt.
    case valueOutOfRange
    /// Bytes follow the last chunk.
    case trailingBytes(Int)

    public var description: String {
        switch self {
        case .truncated: return "the payload ends inside a chunk"
        case .badMessage(let why): return "a chunk's rANS message is corrupt: \(why)"
        case .valueOutOfRange: return "a decoded sample lies outside 0 … maxval"
        case .trailingBytes(let count): return "\(count) bytes follow the last chunk"
        }
    }
}
