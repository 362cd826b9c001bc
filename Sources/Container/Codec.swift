import ModelFile
/// How the payload encodes the sample stream; byte 26 of the header.
public enum Codec: Hashable, Sendable {
    /// Id 0: the payload is the sample stream itself.
    case stored
    /// Id 1: the payload is one zstd frame whose content is the sample stream (see `Zstd`).
    case zstd
    /// Id 2: the payload is a bits-back message of the VLAE model identified by `model`; its
    /// format belongs to the vlae codec and its parameters to `CodecParameters`.
    case vlae(model: ModelIdentity)
    /// Id 3 (header version 3): the payload is the context codec's (no network); its
    /// parameters say whether the images are coded as bi-level.
    case context

    /// The codec's byte in the header.
    public var id: UInt8 {
        switch self {
        case .stored: return 0
        case .zstd: return 1
        case .vlae: return 2
        case .context: return 3
        }
    }

    /// The oldest header version that can name the codec: 3 for the context codec, else 1.
    public var firstVersion: UInt16 { self == .context ? 3 : 1 }

    /// The model a vlae payload needs; nil for the other codecs.
    public var model: ModelIdentity? {
        if case let .vlae(model) = self { return model }
        return nil
    }
}
