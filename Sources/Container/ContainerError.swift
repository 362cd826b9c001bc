import ImageIO

/// Everything that can be wrong with a `.vz` file or with the values given to build one.
/// Parsing never traps: every malformed byte string ends in one of these.
public enum ContainerError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The file ends before byte `needed`; it has `available` bytes.
    case truncated(needed: UInt64, available: Int)
    /// The first 8 bytes are not `VZFormat.magic`.
    case badMagic
    /// The version field is not in `VZFormat.readableVersions`.
    case unsupportedVersion(found: UInt16, supported: UInt16)
    /// The header-length field is outside `VZFormat.minHeaderLength...VZFormat.maxHeaderLength`.
    case badHeaderLength(UInt64)
    /// The CRC-32 of the header bytes differs from the one stored at its end.
    case headerChecksumMismatch(stored: UInt32, computed: UInt32)
    /// Version 2: the CRC-16 of the header bytes differs from the one stored at its end.
    case headerCheckMismatch(stored: UInt16, computed: UInt16)
    /// Version 2: a field written otherwise than its one allowed form (reason given): a number not
    /// in its fewest bytes, a default written out, a flag that the codec does not allow.
    case nonCanonicalHeader(String)
    /// Version 2: a shipped-model index that names no model in `VZFormat.shippedModels`.
    case unknownShippedModel(UInt8)
    /// A packed bi-level row whose padding bits are not zero (rows counted over all images).
    case nonzeroPadding(row: Int)
    /// A header field extends past the declared header length.
    case headerFieldsOverrun(field: String)
    /// The declared header length leaves bytes that no field uses.
    case headerHasUnusedBytes(Int)
    /// The codec byte names no known codec.
    case unknownCodec(UInt8)
    /// The codec-parameters section breaks its rules (reason given).
    case badCodecParameters(String)
    /// The kind byte names no known input kind.
    case unknownKind(UInt8)
    /// A Netpbm variant or IDX element type that this version does not know.
    case badVariant(kind: SourceKind, value: UInt8)
    /// A maxval that the Netpbm variant does not allow.
    case maxvalOutOfRange(variant: NetpbmVariant, maxval: Int)
    /// A width, height, image count or IDX dimension below 1 or too large to store.
    case badDimension(field: String, value: Int)
    /// An IDX rank outside 1...4.
    case badRank(Int)
    /// A PNG bit depth outside `PNGShape.bitDepths`.
    case badBitDepth(Int)
    /// More pixels than `VZFormat.maxPixelsPerFile`.
    case pixelCountOverLimit(UInt64, limit: Int)
    /// The image-list form byte is neither 0 (uniform) nor 1 (explicit).
    case badImageListForm(UInt8)
    /// An explicit image list whose entries are all equal: the uniform form is the only encoding.
    case nonCanonicalImageList
    /// The file is longer than header plus declared payload (trailing bytes).
    case payloadLengthMismatch(declared: UInt64, actual: UInt64)
    /// A stored payload whose length is not the sample stream length.
    case storedSizeMismatch(expected: Int, payload: UInt64)
    /// Decoded samples whose count of bytes differs from the header's sample stream length.
    case sampleStreamLengthMismatch(expected: Int, actual: Int)
    /// Decoded samples whose CRC-32 differs from the one in the header.
    case pixelChecksumMismatch(stored: UInt32, computed: UInt32)
    /// The header (image list, layout) would exceed `VZFormat.maxHeaderLength`.
    case headerTooLarge(Int)
    /// An archive entry's path that an extractor must not write: absolute, with `.` or `..`
    /// components, empty components, control characters, not UTF-8, too long, named twice, or
    /// both a file and a directory of another entry. `path` is printable (see `printablePath`).
    case badArchivePath(path: String, reason: String)
    /// An archive's structure breaks a rule of FORMAT.md (reason given): groups, forms, order.
    case badArchive(String)

    public var description: String {
        switch self {
        case let .truncated(needed, available):
            return "truncated .vz file: \(needed) bytes needed, \(available) present"
        case .badMagic:
            return "not a .vz file (bad magic)"
        case let .unsupportedVersion(found, supported):
            let readable = "this reads v\(VZFormat.readableVersions.lowerBound) to v\(supported)"
            if found > supported {
                return "made by a newer version: v\(found), \(readable)"
            }
            return "unknown version: v\(found), \(readable)"
        case let .badHeaderLength(length):
            return "header length \(length) is outside \(VZFormat.minHeaderLength)...\(VZFormat.maxHeaderLength)"
        case let .headerChecksumMismatch(stored, computed):
            return "corrupt header: CRC-32 is \(hex(computed)), header says \(hex(stored))"
        case let .headerCheckMismatch(stored, computed):
            return "corrupt header: CRC-16 is \(hex16(computed)), header says \(hex16(stored))"
        case let .nonCanonicalHeader(reason):
            return "corrupt header: \(reason)"
        case let .unknownShippedModel(index):
            return "unknown shipped model \(index) (this build knows 1 to \(VZFormat.shippedModels.count); a newer vlae made the file)"
        case let .nonzeroPadding(row):
            return "corrupt payload: padding bits of packed row \(row) are not zero"
        case let .headerFieldsOverrun(field):
            return "corrupt header: field '\(field)' runs past the header's end"
        case let .headerHasUnusedBytes(count):
            return "corrupt header: \(count) unused bytes at its end"
        case let .unknownCodec(value):
            return "unknown codec \(value) (0 stored, 1 zstd, 2 vlae)"
        case let .badCodecParameters(reason):
            return "bad codec parameters: \(reason)"
        case let .unknownKind(value):
            return "unknown input kind \(value) (1 Netpbm, 2 IDX, 3 PNG, 4 archive)"
        case let .badVariant(kind, value):
            return "unknown \(kind) variant \(value)"
        case let .maxvalOutOfRange(variant, maxval):
            return "maxval \(maxval) is out of range for \(variant) (\(variant.vzMaxvals))"
        case let .badDimension(field, value):
            return "\(field) must be at least 1 and fit in 32 bits, got \(value)"
        case let .badRank(rank):
            return "IDX rank \(rank) is outside 1...4"
        case let .badBitDepth(depth):
            return "PNG bit depth \(depth) is not 1, 2, 4 or 8"
        case let .pixelCountOverLimit(count, limit):
            return "\(count) pixels exceed the limit of \(limit) per file"
        case let .badImageListForm(value):
            return "unknown image-list form \(value) (0 uniform, 1 explicit)"
        case .nonCanonicalImageList:
            return "explicit image list with all entries equal (must use the uniform form)"
        case let .payloadLengthMismatch(declared, actual):
            return "payload is \(actual) bytes but the header declares \(declared) (trailing bytes)"
        case let .storedSizeMismatch(expected, payload):
            return "stored payload is \(payload) bytes, the images need \(expected)"
        case let .sampleStreamLengthMismatch(expected, actual):
            return "decoded \(actual) sample bytes, the header describes \(expected)"
        case let .pixelChecksumMismatch(stored, computed):
            return "decoded pixels have CRC-32 \(hex(computed)), the file says \(hex(stored))"
        case let .headerTooLarge(length):
            return "header of \(length) bytes exceeds \(VZFormat.maxHeaderLength)"
        case let .badArchivePath(path, reason):
            return "archive entry \(path): \(reason)"
        case let .badArchive(reason):
            return "corrupt archive: \(reason)"
        }
    }
}

/// `0x` and 4 lowercase hex digits.
func hex16(_ value: UInt16) -> String {
    let digits = String(value, radix: 16)
    return "0x" + String(repeating: "0", count: 4 - digits.count) + digits
}

/// `0x` and 8 lowercase hex digits.
func hex(_ value: UInt32) -> String {
    let digits = String(value, radix: 16)
    return "0x" + String(repeating: "0", count: 8 - digits.count) + digits
}
