import ImageIO

/// Constants of the `.vz` container format, version 1. FORMAT.md at the repository root is the
/// byte-level specification; every number here appears there.
///
/// Invariant: the first 10 bytes of every `.vz` file, whatever its version, are `magic` followed by
/// the version as a little-endian `UInt16`; that prefix is frozen forever so any reader can name
/// the version of a file it cannot read.
public enum VZFormat {
    /// `89 56 4C 41 45 0D 0A 1A`, i.e. `\x89VLAE\r\n\x1A`. The high first byte catches 7-bit
    /// transfers, CR LF catches newline translation, `0x1A` stops `type` on DOS, as in PNG.
    public static let magic: [UInt8] = [0x89, 0x56, 0x4C, 0x41, 0x45, 0x0D, 0x0A, 0x1A]

    /// The only version this code writes and reads.
    public static let version: UInt16 = 1

    /// Largest number of pixels (samples) in one file, summed over all images: 2^28, ImageIO's
    /// `ImageIOLimits.defaultMaxPixels`, so that whatever ImageIO reads fits in a `.vz` file. A
    /// header is checked against it before any pixel buffer is allocated.
    public static let maxPixelsPerFile = ImageIOLimits.defaultMaxPixels

    /// Largest sample stream (see `InputSource.sampleStreamLength`): two bytes per sample at most.
    public static let maxSampleStreamLength = 2 * maxPixelsPerFile

    /// Smallest header length a reader accepts: the fixed fields and the header CRC.
    public static let minHeaderLength = fixedFieldsLength + 4

    /// Largest header length a reader accepts (1 GiB); it bounds the image list and layout.
    public static let maxHeaderLength = 1 << 30

    /// Bytes from offset 0 up to the first variable-length section (offset 28).
    static let fixedFieldsLength = 28

    /// Bytes of one explicit image-list entry: variant u8, maxval u16, width u32, height u32.
    static let imageEntryLength = 11
}
