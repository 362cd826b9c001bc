/// Resource limits applied while parsing untrusted image files.
///
/// Every reader checks these limits against the sizes announced by a header *before* it
/// allocates anything for the pixels, so a tiny hostile file cannot make it reserve gigabytes.
public enum ImageIOLimits {
    /// Default maximum number of pixels (Netpbm) or elements (IDX) in one file: 2^28
    /// (268,435,456), i.e. 256 MiB of 8-bit samples. The full binarized-MNIST training set
    /// (50,000 × 28 × 28 = 39.2 M) is well inside it.
    public static let defaultMaxPixels = 1 << 28

    /// Largest number of images in one Netpbm file: 2^20 (1,048,576). Every image costs some
    /// memory besides its pixels, so this bounds what many tiny images can make a reader hold;
    /// a whole MNIST split (≤ 60,000 images) fits easily.
    public static let maxImagesPerFile = 1 << 20

    /// Largest value accepted for one header number (a Netpbm width, height or maxval):
    /// 2^31 − 1, the range of the C `int` that Netpbm tools use.
    public static let maxHeaderNumber = Int(Int32.max)
}
