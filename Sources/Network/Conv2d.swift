import CTrainingKernels
import DeterministicMath

/// A 2-D convolution; masked PixelCNN convolutions are the same layer with fewer taps.
///
/// A stride-1 convolution whose padding keeps the map's size (the PixelCNN's layers) runs
/// direct: its input is copied into a zero-padded map and the C kernels of `CTrainingKernels`
/// sum every tap at a fixed offset from each output, with no im2col matrix (T times the input)
/// and no GEMM packing. Other convolutions (the encoder's strided ones) are lowered to one GEMM
/// per batch (im2col).
public struct Conv2d: Sendable {
    public let geometry: ConvGeometry
    public let outChannels: Int
    /// `[Cout, Cin·T]`, columns ordered as im2col rows (`c·T + t`).
    public let weight: ParameterView
    /// `[Cout]`
    public let bias: ParameterView
    /// Whether the layer runs as a direct convolution (see above).
    public let isDirect: Bool
    /// Each tap's row and column offset from the output pixel, for the direct kernels.
    private let tapRows: [Int32], tapColumns: [Int32]

    /// `direct: false` keeps a stride-1 layer on im2col, for a caller that lowers its input itself.
    public init(_ name: String, geometry: ConvGeometry, outChannels: Int, direct: Bool = true, store: ParameterStore, rng: inout SplitMix64) {
        self.geometry = geometry
        self.outChannels = outChannels
        let k = geometry.patchSize
        weight = store.declare("\(name).weight", shape: [outChannels, k],
                               initial: Initializer.uniform(count: outChannels * k, fanIn: k, rng: &rng))
        bias = store.declare("\(name).bias", shape: [outChannels],
                             initial: Initializer.uniform(count: outChannels, fanIn: k, rng: &rng))
        let g = geometry
        isDirect = direct && g.stride == 1 && g.kernelHeight == g.kernelWidth && g.kernelWidth % 2 == 1 && g.padding == g.kernelWidth / 2
        tapRows = g.taps.map { Int32($0 / g.kernelWidth - g.padding) }
        tapColumns = g.taps.map { Int32($0 % g.kernelWidth - g.padding) }
    }

    /// Number of columns of the lowered input for a batch of `n`.
    public func columns(batch n: Int) -> Int { n * geometry.outHeight * geometry.outWidth }

    /// Floats of the `cols` buffer that `forward` fills and `backward` reads: the padded input
    /// of a direct layer, the im2col matrix `[Cin·T, N·Ho·Wo]` otherwise.
    public func inputScratchCount(batch n: Int) -> Int {
        isDirect ? vlae_padded_count(geometry.inChannels, n, geometry.height, geometry.width, geometry.padding)
                 : geometry.patchSize * columns(batch: n)
    }

    /// Floats of the `dcols` scratch of `backward`.
    public func gradientScratchCount(batch n: Int) -> Int {
        isDirect ? vlae_padded_count(outChannels, n, geometry.height, geometry.width, geometry.padding)
                 : geometry.patchSize * columns(batch: n)
    }

    /// x `[Cin, N, H, W]` → y `[Cout, N, Ho, Wo]`. `cols` (`inputScratchCount`) receives the
    /// padded or lowered input, which `backward` needs.
    public func forward(x: UnsafePointer<Float>, batch n: Int, cols: UnsafeMutablePointer<Float>,
                        y: UnsafeMutablePointer<Float>, params: ParameterStore) {
        Rows.fill(bias: params.value(bias), rows: outChannels, columns: columns(batch: n), into: y)
        accumulate(x: x, batch: n, cols: cols, into: y, params: params)
    }

    /// y += W∗x, without the bias: for a caller that has already put the bias (its own, or a sum
    /// of biases of layers adding into the same y) in y.
    public func accumulate(x: UnsafePointer<Float>, batch n: Int, cols: UnsafeMutablePointer<Float>,
                           into y: UnsafeMutablePointer<Float>, params: ParameterStore) {
        guard isDirect else {
            Im2Col.lower(geometry, batch: n, x: x, cols: cols)
            accumulate(lowered: cols, batch: n, into: y, params: params)
            return
        }
        let g = geometry
        vlae_pad(x, g.inChannels, n, g.height, g.width, g.padding, cols)
        directAccumulate(padded: cols, channels: g.inChannels, batch: n, tapRows: tapRows, tapColumns: tapColumns,
                         weights: params.value(weight), outputs: outChannels, into: y)
    }

    /// y += W·cols from an input already lowered into `cols` by the caller (a layer whose input
    /// is not a plain padded map); im2col layers only.
    public func accumulate(lowered cols: UnsafePointer<Float>, batch n: Int, into y: UnsafeMutablePointer<Float>, params: ParameterStore) {
        precondition(!isDirect, "a direct convolution takes its input unlowered")
        let np = columns(batch: n), k = geometry.patchSize
        Gemm.multiply(transA: false, transB: false, m: outChannels, n: np, k: k,
                      a: params.value(weight), lda: k, b: cols, ldb: np, beta: 1, c: y, ldc: np)
    }

    /// Accumulates the weight and bias gradients from dy `[Cout, N, Ho, Wo]` and, when `dx` is
    /// given, adds the input gradient into dx `[Cin, N, H, W]` (`dcols` is scratch of
    /// `gradientScratchCount` floats).
    public func backward(dy: UnsafePointer<Float>, batch n: Int, cols: UnsafePointer<Float>,
                         dcols: UnsafeMutablePointer<Float>, dx: UnsafeMutablePointer<Float>?, params: ParameterStore) {
        let np = columns(batch: n), k = geometry.patchSize
        Rows.accumulateSums(dy, rows: outChannels, columns: np, into: params.gradient(bias))
        if isDirect {
            directBackward(dy: dy, batch: n, paddedX: cols, paddedDy: dcols, dx: dx, params: params)
            return
        }
        Gemm.multiply(transA: false, transB: true, m: outChannels, n: k, k: np,
                      a: dy, lda: np, b: cols, ldb: np, beta: 1, c: params.gradient(weight), ldc: k)
        guard let dx else { return }
        Gemm.multiply(transA: true, transB: false, m: k, n: np, k: outChannels,
                      a: params.value(weight), lda: k, b: dy, ldb: np, beta: 0, c: dcols, ldc: np)
        Im2Col.scatterAdd(geometry, batch: n, cols: dcols, x: dx)
    }

    /// The weight gradient from the padded x and dy; the input gradient is the convolution of the
    /// padded dy with the taps negated and the weights transposed per tap.
    private func directBackward(dy: UnsafePointer<Float>, batch n: Int, paddedX: UnsafePointer<Float>,
                                paddedDy: UnsafeMutablePointer<Float>, dx: UnsafeMutablePointer<Float>?, params: ParameterStore) {
        let g = geometry
        vlae_pad(dy, outChannels, n, g.height, g.width, g.padding, paddedDy)
        DirectConvolution.weightGradient(paddedX: paddedX, channels: g.inChannels, paddedDy: paddedDy, batch: n, height: g.height,
                                         width: g.width, pad: g.padding, tapRows: tapRows, tapColumns: tapColumns,
                                         outputs: outChannels, into: params.gradient(weight))
        guard let dx else { return }
        var transposed = [Float](repeating: 0, count: outChannels * g.patchSize)
        vlae_transpose_taps(params.value(weight), outChannels, g.inChannels, g.taps.count, &transposed)
        directAccumulate(padded: paddedDy, channels: outChannels, batch: n, tapRows: tapRows.map { -$0 },
                         tapColumns: tapColumns.map { -$0 }, weights: transposed, outputs: g.inChannels, into: dx)
    }

    /// y `[outputs, N, H, W]` += the convolution of a padded map of the layer's size.
    private func directAccumulate(padded: UnsafePointer<Float>, channels: Int, batch n: Int, tapRows: [Int32], tapColumns: [Int32],
                                  weights: UnsafePointer<Float>, outputs: Int, into y: UnsafeMutablePointer<Float>) {
        DirectConvolution.accumulate(padded: padded, channels: channels, batch: n, height: geometry.height, width: geometry.width,
                                     pad: geometry.padding, tapRows: tapRows, tapColumns: tapColumns, weights: weights,
                                     outputs: outputs, into: y)
    }
}
