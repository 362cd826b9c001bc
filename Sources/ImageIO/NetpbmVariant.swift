/// The four Netpbm formats this module reads and writes, named after their magic numbers.
///
/// P1/P4 are bitmaps (PBM) and P2/P5 are graymaps (PGM); P1/P2 are the "plain" (ASCII)
/// encodings and P4/P5 the binary ones. PPM (P3/P6) and PAM (P7) are not supported.
public enum NetpbmVariant: UInt8, CaseIterable, Sendable {
    case p1 = 1
    case p2 = 2
    case p4 = 4
    case p5 = 5

    /// Whether samples are written as ASCII text (P1, P2).
    public var isPlain: Bool { self == .p1 || self == .p2 }

    /// Whether this is a bitmap format (P1, P4): one bit per pixel, maxval fixed at 1.
    public var isBitmap: Bool { self == .p1 || self == .p4 }

    /// The binary encoding of the same kind of image: P1 → P4, P2 → P5; P4 and P5 map to themselves.
    public var binary: NetpbmVariant {
        switch self {
        case .p1, .p4: return .p4
        case .p2, .p5: return .p5
        }
    }

    /// The plain encoding of the same kind of image: P4 → P1, P5 → P2; P1 and P2 map to themselves.
    public var plain: NetpbmVariant {
        switch self {
        case .p1, .p4: return .p1
        case .p2, .p5: return .p2
        }
    }

    /// The two magic bytes, e.g. `"P5"`.
    public var magic: [UInt8] { [UInt8(ascii: "P"), UInt8(ascii: "0") + rawValue] }
}

extension NetpbmVariant: CustomStringConvertible {
    public var description: String { "P\(rawValue)" }
}
