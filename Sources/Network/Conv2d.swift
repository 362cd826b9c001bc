import DeterministicMath

/// A 2-D convolution lowered to one GEMM per batch (im2col); masked PixelCNN convolutions are the
/// same layer with fewer taps.
public struct Conv2d: Sendable {
    public let geometry: ConvGeometry
    public let outChannels: Int
    /// `[Cout, Cin·T]`, columns ordered as im2col rows (`c·T + t`).
    public let weight: ParameterView
    /// `[Cout]`
    public let bias: ParameterView

    public init(_ name: String, geometry: ConvGeometry, outChannels: Int, store: ParameterStore, rng: inout SplitMix64) {
        self.geometry = geometry
        self.outChannels = outChannels
        let k = geometry.patchSize
        weight = store.declare("\(name).weight", shape: [outChannels, k],
                               initial: Initializer.uniform(count: outChannels * k, fanIn: k, rng: &rng))
        bias = store.declare("\(name).bias", shape: [outChannels],
                             initial: Initializer.uniform(count: outChannels, fanIn: k, rng: &rng))
    }

    /// Number of columns of the lowered input for a batch of `n`.
    public func columns(batch n: Int) -> Int { n * geometry.outHeight * geometry.outWidth }

    /// x `[Cin, N, H, W]` → y `[Cout, N, Ho, Wo]`. `cols` `[Cin·T, N·Ho·Wo]` receives the lowered
    /// input, which `backward` needs.
    public func forward(x: UnsafePointer<Float>, batch n: Int, cols: UnsafeMutablePointer<Float>,
                        y: UnsafeMutablePointer<Float>, params: ParameterStore) {
        Im2Col.lower(geometry, batch: n, x: x, cols: cols)
        forward(lowered: cols, batch: n, y: y, params: params)
    }

    /// The same from an input already lowered into `cols` by the caller (a layer whose input
    /// is not a plain padded map).
    public func forward(lowered cols: UnsafePointer<Float>, batch n: Int, y: UnsafeMutablePointer<Float>, params: ParameterStore) {
        Rows.fill(bias: params.value(bias), rows: outChannels, columns: columns(batch: n), into: y)
        accumulate(lowered: cols, batch: n, into: y, params: params)
    }

    /// y += W·cols, without the bias: for a caller that has already put the bias (its own, or a
    /// sum of biases of layers adding into the same y) in y.
    public func accumulate(lowered cols: UnsafePointer<Float>, batch n: Int, into y: UnsafeMutablePointer<Float>, params: ParameterStore) {
        let np = columns(batch: n), k = geometry.patchSize
        Gemm.multiply(transA: false, transB: false, m: outChannels, n: np, k: k,
                      a: params.value(weight), lda: k, b: cols, ldb: np, beta: 1, c: y, ldc: np)
    }

    /// Accumulates the weight and bias gradients from dy `[Cout, N, Ho, Wo]` and, when `dx` is
    /// given, adds the input gradient into dx `[Cin, N, H, W]` (`dcols` is scratch of cols' size).
    public func backward(dy: UnsafePointer<Float>, batch n: Int, cols: UnsafePointer<Float>,
                         dcols: UnsafeMutablePointer<Float>, dx: UnsafeMutablePointer<Float>?, params: ParameterStore) {
        let np = columns(batch: n), k = geometry.patchSize
        Gemm.multiply(transA: false, transB: true, m: outChannels, n: k, k: np,
                      a: dy, lda: np, b: cols, ldb: np, beta: 1, c: params.gradient(weight), ldc: k)
        Rows.accumulateSums(dy, rows: outChannels, columns: np, into: params.gradient(bias))
        guard let dx else { return }
        Gemm.multiply(transA: true, transB: false, m: k, n: np, k: outChannels,
                      a: params.value(weight), lda: k, b: dy, ldb: np, beta: 0, c: dcols, ldc: np)
        Im2Col.scatterAdd(geometry, batch: n, cols: dcols, x: dx)
    }
}
