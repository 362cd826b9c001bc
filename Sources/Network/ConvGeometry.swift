/// The shape of a 2-D convolution over `[C, N, H, W]` tensors, with the kernel given as a list of
/// taps: the kernel positions whose weights exist. A full `k×k` kernel has `k²` taps; a PixelCNN
/// mask keeps only the causal ones, so masked convolutions skip the zero weights instead of
/// multiplying by them (mask B of a 3×3 kernel has 5 taps, not 9).
public struct ConvGeometry: Sendable, Equatable {
    public let inChannels: Int
    public let height: Int
    public let width: Int
    public let kernelHeight: Int
    public let kernelWidth: Int
    public let stride: Int
    public let padding: Int
    /// Kernel positions as `dy * kernelWidth + dx`, in increasing order.
    public let taps: [Int]

    public init(inChannels: Int, height: Int, width: Int, kernelHeight: Int, kernelWidth: Int,
                stride: Int = 1, padding: Int = 0, taps: [Int]? = nil) {
        precondition(inChannels > 0 && height > 0 && width > 0 && kernelHeight > 0 && kernelWidth > 0 && stride > 0 && padding >= 0)
        self.inChannels = inChannels
        self.height = height
        self.width = width
        self.kernelHeight = kernelHeight
        self.kernelWidth = kernelWidth
        self.stride = stride
        self.padding = padding
        self.taps = taps ?? Array(0..<(kernelHeight * kernelWidth))
        precondition(!self.taps.isEmpty && self.taps.allSatisfy { $0 >= 0 && $0 < kernelHeight * kernelWidth })
        precondition(outHeight > 0 && outWidth > 0, "kernel larger than padded input")
    }

    public var outHeight: Int { (height + 2 * padding - kernelHeight) / stride + 1 }
    public var outWidth: Int { (width + 2 * padding - kernelWidth) / stride + 1 }
    /// Whether `Im2Col` may split input columns by phase (a stride that divides the width).
    public var splitsIntoPhases: Bool { stride > 1 && width % stride == 0 }
    /// Rows of the im2col matrix: the GEMM's inner dimension.
    public var patchSize: Int { inChannels * taps.count }
}
