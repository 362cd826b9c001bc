import DeterministicMath

/// A fully connected layer `y = x·Wᵀ + b` on `[N, F]` activations, optionally with a fixed binary
/// mask on W (MADE). Masked weights are zero from the start and their gradients are zeroed, so
/// they stay zero under any optimiser and the forward pass needs no mask multiply.
public struct Dense: Sendable {
    public let inputs: Int
    public let outputs: Int
    /// `[out, in]`
    public let weight: ParameterView
    /// `[out]`
    public let bias: ParameterView
    /// `[out, in]` of 0/1, or nil for a dense layer.
    public let mask: [Float]?

    public init(_ name: String, inputs: Int, outputs: Int, mask: [Float]? = nil, store: ParameterStore, rng: inout SplitMix64) {
        precondition(mask == nil || mask!.count == inputs * outputs)
        self.inputs = inputs
        self.outputs = outputs
        self.mask = mask
        var w = Initializer.uniform(count: outputs * inputs, fanIn: inputs, rng: &rng)
        if let mask { for i in w.indices { w[i] *= mask[i] } }
        weight = store.declare("\(name).weight", shape: [outputs, inputs], initial: w)
        bias = store.declare("\(name).bias", shape: [outputs],
                             initial: Initializer.uniform(count: outputs, fanIn: inputs, rng: &rng))
    }

    /// x `[N, in]` → y `[N, out]` (overwritten).
    public func forward(x: UnsafePointer<Float>, batch n: Int, y: UnsafeMutablePointer<Float>, params: ParameterStore) {
        let b = params.value(bias)
        for r in 0..<n { (y + r * outputs).update(from: b, count: outputs) }
        Gemm.multiply(transA: false, transB: true, m: n, n: outputs, k: inputs,
                      a: x, lda: inputs, b: params.value(weight), ldb: inputs, beta: 1, c: y, ldc: outputs)
    }

    /// Accumulates weight and bias gradients from dy `[N, out]`; adds the input gradient into
    /// dx `[N, in]` when given.
    public func backward(dy: UnsafePointer<Float>, x: UnsafePointer<Float>, batch n: Int,
                         dx: UnsafeMutablePointer<Float>?, params: ParameterStore) {
        let gw = params.gradient(weight)
        Gemm.multiply(transA: true, transB: false, m: outputs, n: inputs, k: n,
                      a: dy, lda: outputs, b: x, ldb: inputs, beta: 1, c: gw, ldc: inputs)
        if let mask { for i in 0..<mask.count { gw[i] *= mask[i] } }
        Rows.accumulateColumnSums(dy, rows: n, columns: outputs, into: params.gradient(bias))
        guard let dx else { return }
        Gemm.multiply(transA: false, transB: false, m: n, n: inputs, k: outputs,
                      a: dy, lda: outputs, b: params.value(weight), ldb: inputs, beta: 1, c: dx, ldc: inputs)
    }
}
