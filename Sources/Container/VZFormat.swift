import ImageIO
import ModelFile

/// Constants of the `.vz` container format, versions 1 to 3. FORMAT.md at the repository root is
/// the byte-level specification; every number here appears there.
///
/// Invariant: the first 10 bytes of every `.vz` file, whatever its version, are `magic` followed by
/// the version as a little-endian `UInt16`; that prefix is frozen forever so any reader can name
/// the version of a file it cannot read.
public enum VZFormat {
    /// `89 56 4C 41 45 0D 0A 1A`, i.e. `\x89VLAE\r\n\x1A`. The high first byte catches 7-bit
    /// transfers, CR LF catches newline translation, `0x1A` stops `type` on DOS, as in PNG.
    public static let magic: [UInt8] = [0x89, 0x56, 0x4C, 0x41, 0x45, 0x0D, 0x0A, 0x1A]

    /// The newest version this code writes. A file is written in the oldest version that can
    /// hold it (`VZHeader.oldestVersion`): version 2 unless it uses the context codec, which
    /// only version 3 can name, so older readers keep reading every file they could.
    public static let version: UInt16 = 3

    /// The versions this code reads: version 1 files stay readable forever.
    public static let readableVersions: ClosedRange<UInt16> = 1...3

    /// Version 2's index of each shipped model (index i names `shippedModels[i - 1]`), so that a
    /// file coded with one stores one byte instead of its 32-byte identity: `ShippedModel`'s
    /// cases in declaration order. Append only: an index, once given, names that model forever.
    public static let shippedModels: [ModelIdentity] = ShippedModel.allCases.map(\.identity)

    /// Largest number of pixels (samples) in one file, summed over all images: 2^28, ImageIO's
    /// `ImageIOLimits.defaultMaxPixels`, so that whatever ImageIO reads fits in a `.vz` file. A
    /// header is checked against it before any pixel buffer is allocated.
    public static let maxPixelsPerFile = ImageIOLimits.defaultMaxPixels

    /// Largest sample stream (see `InputSource.sampleStreamLength`): two bytes per sample at most.
    public static let maxSampleStreamLength = 2 * maxPixelsPerFile

    /// Smallest version-1 header length a reader accepts: the fixed fields and the header CRC.
    public static let minHeaderLength = fixedFieldsLength + 4

    /// Smallest version-2 header: magic, version, header length, form, payload length, a PNG's
    /// section (the shortest), pixel CRC and header check.
    public static let minCompactHeaderLength = 10 + 1 + 1 + 1 + 3 + 4 + 2

    /// Largest header length a reader accepts (1 GiB); it bounds the image list and layout.
    public static let maxHeaderLength = 1 << 30

    /// Version 2's header length: an LEB128 number at offset 10 of at most five bytes, read
    /// without judging it (the parser checks its range and its fewest-bytes form).
    /// - Returns: nil when `bytes` end inside it; else its value and the offset just after it,
    ///   with `end` nil when all five bytes say more follow (`value` then holds their 35 bits).
    public static func compactHeaderLengthField(in bytes: [UInt8]) -> (value: UInt64, end: Int?)? {
        var value: UInt64 = 0
        for index in 0..<5 {
            let offset = 10 + index
            guard offset < bytes.count else { return nil }
            value |= UInt64(bytes[offset] & 0x7F) << (7 * UInt64(index))
            if bytes[offset] & 0x80 == 0 { return (value, offset + 1) }
        }
        return (value, nil)
    }

    /// Version 1: bytes from offset 0 up to the first variable-length section (offset 28).
    static let fixedFieldsLength = 28

    /// Bytes of one explicit image-list entry: variant u8, maxval u16, width u32, height u32.
    static let imageEntryLength = 11
}
