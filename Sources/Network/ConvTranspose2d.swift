import DeterministicMath

/// A transposed convolution: the adjoint of the `Conv2d` whose geometry maps the output space back
/// to the input space, so its forward pass is that convolution's input-gradient pass and vice
/// versa (used to upsample z's feature map: 7×7 → 14×14 → 28×28 with 4×4 kernels, stride 2).
public struct ConvTranspose2d: Sendable {
    /// Geometry of the adjoint convolution: from the *output* `[Cout, N, H, W]` to the input grid.
    public let adjoint: ConvGeometry
    public let inChannels: Int
    /// `[Cin, Cout·T]`
    public let weight: ParameterView
    /// `[Cout]`
    public let bias: ParameterView

    public init(_ name: String, inChannels: Int, outChannels: Int, outHeight: Int, outWidth: Int,
                kernel: Int, stride: Int, padding: Int, store: ParameterStore, rng: inout SplitMix64) {
        adjoint = ConvGeometry(inChannels: outChannels, height: outHeight, width: outWidth,
                               kernelHeight: kernel, kernelWidth: kernel, stride: stride, padding: padding)
        self.inChannels = inChannels
        let k = adjoint.patchSize
        let fanIn = inChannels * kernel * kernel
        weight = store.declare("\(name).weight", shape: [inChannels, k],
                               initial: Initializer.uniform(count: inChannels * k, fanIn: fanIn, rng: &rng))
        bias = store.declare("\(name).bias", shape: [outChannels],
                             initial: Initializer.uniform(count: outChannels, fanIn: fanIn, rng: &rng))
    }

    public var outChannels: Int { adjoint.inChannels }
    public var inHeight: Int { adjoint.outHeight }
    public var inWidth: Int { adjoint.outWidth }

    /// x `[Cin, N, h, w]` → y `[Cout, N, H, W]` (overwritten); `cols` `[Cout·T, N·h·w]` is scratch.
    public func forward(x: UnsafePointer<Float>, batch n: Int, cols: UnsafeMutablePointer<Float>,
                        y: UnsafeMutablePointer<Float>, params: ParameterStore) {
        let np = n * inHeight * inWidth, k = adjoint.patchSize
        Gemm.multiply(transA: true, transB: false, m: k, n: np, k: inChannels,
                      a: params.value(weight), lda: k, b: x, ldb: np, beta: 0, c: cols, ldc: np)
        Rows.fill(bias: params.value(bias), rows: outChannels, columns: n * adjoint.height * adjoint.width, into: y)
        Im2Col.scatterAdd(adjoint, batch: n, cols: cols, x: y)
    }

    /// Accumulates weight and bias gradients and, when `dx` is given, adds the input gradient
    /// into dx `[Cin, N, h, w]`. `x` is the forward input; `dcols` is scratch of cols' size.
    public func backward(dy: UnsafePointer<Float>, x: UnsafePointer<Float>, batch n: Int,
                         dcols: UnsafeMutablePointer<Float>, dx: UnsafeMutablePointer<Float>?, params: ParameterStore) {
        let np = n * inHeight * inWidth, k = adjoint.patchSize
        Im2Col.lower(adjoint, batch: n, x: dy, cols: dcols)
        Gemm.multiply(transA: false, transB: true, m: inChannels, n: k, k: np,
                      a: x, lda: np, b: dcols, ldb: np, beta: 1, c: params.gradient(weight), ldc: k)
        Rows.accumulateSums(dy, rows: outChannels, columns: n * adjoint.height * adjoint.width,
                            into: params.gradient(bias))
        guard let dx else { return }
        Gemm.multiply(transA: false, transB: false, m: inChannels, n: np, k: k,
                      a: params.value(weight), lda: k, b: dcols, ldb: np, beta: 1, c: dx, ldc: np)
    }
}
