import DeterministicMath

/// The AF prior's MADE for coding, evaluated incrementally: the conditional of z_i needs hidden
/// units of degree ≤ i only, and a unit of degree d depends on z_0 … z_{d−1} only (Germain et al.
/// 2015), so step i computes just the units of degree i, each once per tile. A whole tile's D
/// conditionals then cost one MADE pass instead of D. Sums skip the masked-out terms and run in
/// a fixed order, so encoder and decoder (which both step i = 0, 1, …) get identical numbers.
struct CodingMADE: Sendable {
    let latents: Int
    let hidden: Int
    /// Degree of each hidden unit, in 1…D−1 (the same assignment as training's `MADEMasks`).
    let degree: [Int]
    /// Hidden units grouped by degree: `byDegree[d]`.
    let byDegree: [[Int]]
    /// Row-major weights: `w1[j·D + k]`, `w2[j·H + j']`, `w3[o·H + j]` (o < D means, o ≥ D log-scales).
    let w1: [Float], b1: [Float], w2: [Float], b2: [Float], w3: [Float], b3: [Float]

    init(made1: CodingDense, made2: CodingDense, made3: CodingDense) {
        latents = made1.inputs
        hidden = made1.outputs
        let (d, h) = (latents, hidden)
        degree = (0..<h).map { $0 % (d - 1) + 1 }
        var groups = [[Int]](repeating: [], count: d)
        for j in 0..<h { groups[degree[j]].append(j) }
        byDegree = groups
        func rows(_ layer: CodingDense) -> [Float] {
            var r = [Float](repeating: 0, count: layer.weight.count)
            for i in 0..<layer.inputs { for o in 0..<layer.outputs { r[o * layer.inputs + i] = layer.weight[i * layer.outputs + o] } }
            return r
        }
        w1 = rows(made1); b1 = made1.bias
        w2 = rows(made2); b2 = made2.bias
        w3 = rows(made3); b3 = made3.bias
    }

    /// The raw (mean, log-scale) of z_i's conditional. Step `i` computes the hidden units of
    /// degree i into `h1`/`h2` (`[H]` each), so it must follow steps 0 … i−1 for the same z.
    func conditional(_ i: Int, z: UnsafePointer<Float>, h1: UnsafeMutablePointer<Float>, h2: UnsafeMutablePointer<Float>) -> (mean: Float, logScale: Float) {
        if i > 0 {
            for j in byDegree[i] {
                var a = b1[j]
                for k in 0..<i { a = a + w1[j * latents + k] * z[k] }
                h1[j] = DMath.elu(a)
            }
            for j in byDegree[i] {
                var a = b2[j]
                for jj in 0..<hidden where degree[jj] <= i { a = a + w2[j * hidden + jj] * h1[jj] }
                h2[j] = DMath.elu(a)
            }
        }
        var m = b3[i], s = b3[latents + i]
        for j in 0..<hidden where degree[j] <= i {
            m = m + w3[i * hidden + j] * h2[j]
            s = s + w3[(latents + i) * hidden + j] * h2[j]
        }
        return (m, s)
    }
}
