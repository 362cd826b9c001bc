import DeterministicMath

/// The MADE of the AF prior or of the IAF posterior step for coding, evaluated incrementally: the conditional of z_i needs hidden
/// units of degree ≤ i only, and a unit of degree d depends on z_0 … z_{d−1} only (Germain et al.
/// 2015), so step i computes just the units of degree i, each once per tile. A whole tile's D
/// conditionals then cost one MADE pass instead of D. Sums skip the masked-out terms and run in
/// a fixed order, so encoder and decoder (which both step i = 0, 1, …) get identical numbers.
struct CodingMADE: Sendable {
    let latents: Int
    let hidden: Int
    /// Hidden units grouped by degree (each unit's in 1…D−1, the same assignment as training's
    /// `MADEMasks`): `byDegree[d]`.
    let byDegree: [[Int]]
    /// The hidden units of degree ≤ d in increasing order, `upToDegree[d]`: the terms step d
    /// sums, in the order the sums have always run (so files do not change).
    let upToDegree: [[Int]]
    /// Row-major weights: `w1[j·D + k]`, `w2[j·H + j']`, `w3[o·H + j]` (o < D means, o ≥ D log-scales).
    let w1: [Float], b1: [Float], w2: [Float], b2: [Float], w3: [Float], b3: [Float]

    init(made1: CodingDense, made2: CodingDense, made3: CodingDense) {
        latents = made1.inputs
        hidden = made1.outputs
        let (d, h) = (latents, hidden)
        let degrees = (0..<h).map { $0 % (d - 1) + 1 }
        var groups = [[Int]](repeating: [], count: d)
        for j in 0..<h { groups[degrees[j]].append(j) }
        byDegree = groups
        upToDegree = (0..<d).map { i in (0..<h).filter { degrees[$0] <= i } }
        func rows(_ layer: CodingDense) -> [Float] {
            var r = [Float](repeating: 0, count: layer.weight.count)
            for i in 0..<layer.inputs { for o in 0..<layer.outputs { r[o * layer.inputs + i] = layer.weight[i * layer.outputs + o] } }
            return r
        }
        w1 = rows(made1); b1 = made1.bias
        w2 = rows(made2); b2 = made2.bias
        w3 = rows(made3); b3 = made3.bias
    }

    /// The raw (mean, log-scale) of step i from z_<i. Step `i` computes the hidden units of
    /// degree i into `h1`/`h2` (`[H]` each), so it must follow steps 0 … i−1 for the same z.
    func conditional(_ i: Int, z: [Float], h1: inout [Float], h2: inout [Float]) -> (mean: Float, logScale: Float) {
        z.withUnsafeBufferPointer { zp in
            h1.withUnsafeMutableBufferPointer { a in
                h2.withUnsafeMutableBufferPointer { b in conditional(i, z: zp.baseAddress!, h1: a.baseAddress!, h2: b.baseAddress!) }
            }
        }
    }

    func conditional(_ i: Int, z: UnsafePointer<Float>, h1: UnsafeMutablePointer<Float>, h2: UnsafeMutablePointer<Float>) -> (mean: Float, logScale: Float) {
        if i > 0 {
            for j in byDegree[i] {
                var a = b1[j]
                for k in 0..<i { a = a + w1[j * latents + k] * z[k] }
                h1[j] = DMath.elu(a)
            }
            w2.withUnsafeBufferPointer { w in
                upToDegree[i].withUnsafeBufferPointer { active in
                    for j in byDegree[i] {
                        var a = b2[j]
                        let row = w.baseAddress! + j * hidden
                        for jj in active { a = a + row[jj] * h1[jj] }
                        h2[j] = DMath.elu(a)
                    }
                }
            }
        }
        var m = b3[i], s = b3[latents + i]
        w3.withUnsafeBufferPointer { w in
            upToDegree[i].withUnsafeBufferPointer { active in
                let means = w.baseAddress! + i * hidden, scales = w.baseAddress! + (latents + i) * hidden
                for j in active {
                    m = m + means[j] * h2[j]
                    s = s + scales[j] * h2[j]
                }
            }
        }
        return (m, s)
    }
}
