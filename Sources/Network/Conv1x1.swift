import DeterministicMath

/// A 1×1 convolution on `[C, N, H, W]`: one GEMM over channels, no lowering needed.
public struct Conv1x1: Sendable {
    public let inChannels: Int
    public let outChannels: Int
    /// `[Cout, Cin]`
    public let weight: ParameterView
    /// `[Cout]`
    public let bias: ParameterView

    public init(_ name: String, inChannels: Int, outChannels: Int, store: ParameterStore, rng: inout SplitMix64) {
        self.inChannels = inChannels
        self.outChannels = outChannels
        weight = store.declare("\(name).weight", shape: [outChannels, inChannels],
                               initial: Initializer.uniform(count: outChannels * inChannels, fanIn: inChannels, rng: &rng))
        bias = store.declare("\(name).bias", shape: [outChannels],
                             initial: Initializer.uniform(count: outChannels, fanIn: inChannels, rng: &rng))
    }

    /// x `[Cin, P]` → y `[Cout, P]` with P = N·H·W.
    public func forward(x: UnsafePointer<Float>, planes p: Int, y: UnsafeMutablePointer<Float>, params: ParameterStore) {
        Rows.fill(bias: params.value(bias), rows: outChannels, columns: p, into: y)
        Gemm.multiply(transA: false, transB: false, m: outChannels, n: p, k: inChannels,
                      a: params.value(weight), lda: inChannels, b: x, ldb: p, beta: 1, c: y, ldc: p)
    }

    /// Accumulates weight and bias gradients; adds the input gradient into dx `[Cin, P]` when given.
    public func backward(dy: UnsafePointer<Float>, x: UnsafePointer<Float>, planes p: Int,
                         dx: UnsafeMutablePointer<Float>?, params: ParameterStore) {
        Gemm.multiply(transA: false, transB: true, m: outChannels, n: inChannels, k: p,
                      a: dy, lda: p, b: x, ldb: p, beta: 1, c: params.gradient(weight), ldc: inChannels)
        Rows.accumulateSums(dy, rows: outChannels, columns: p, into: params.gradient(bias))
        guard let dx else { return }
        Gemm.multiply(transA: true, transB: false, m: inChannels, n: p, k: outChannels,
                      a: params.value(weight), lda: inChannels, b: dy, ldb: p, beta: 1, c: dx, ldc: p)
    }
}
