import CCodingKernels
import ModelFile

/// `CodingMADE` in integers for a quantised model (`TileArithmetic`): the same incremental
/// evaluation by degree, with int16 latents (at `latentBits`), hidden units and weights, int32
/// sums modulo 2^32 (`vlae_q_dot`), and the ELU table of each hidden layer's scale.
///
/// Modular sums do not depend on their order, so the hidden units are kept sorted by degree:
/// the units step i computes are then one contiguous run, and those it reads (degree ≤ i) a
/// prefix, which makes every sum one dot product of contiguous vectors.
struct IntegerMADE: Sendable {
    let latents: Int, hidden: Int
    /// Per step i, its units `units[i]` (degree i) in sorted order; they and all before them are the units of degree ≤ i.
    let units: [Range<Int>]
    /// Rows in sorted unit order: `w1[j·D + k]`, `w2[j·H + j']` and `w3[o·H + j]` (o < D means, o ≥ D log-scales).
    let w1: [Int16], b1: [Int32], w2: [Int16], b2: [Int32], w3: [Int16], b3: [Int32]
    let shift1: Int, shift2: Int, elu1: [Int16], elu2: [Int16]
    let latentBits: Int
    /// 2^−(scale of the last layer's sums).
    let outputScale: Double

    /// A tile's hidden units (sorted by degree) and quantised latents, filled as its steps run.
    struct State {
        var z: [Int16], h1: [Int16], h2: [Int16]
        init(latents: Int, hidden: Int) {
            (z, h1, h2) = ([Int16](repeating: 0, count: latents), [Int16](repeating: 0, count: hidden), [Int16](repeating: 0, count: hidden))
        }
    }

    init(_ made: CodingMADE, role: String, tile: TileArithmetic, config: VLAEConfig) {
        let (d, h) = (made.latents, made.hidden)
        (latents, hidden) = (d, h)
        let sorted = made.byDegree.flatMap { $0 }
        var end = 0
        units = made.byDegree.map { group in
            defer { end += group.count }
            return end..<(end + group.count)
        }
        func scales(_ layer: String) -> (weight: Double, bias: Double, sumBits: Int) {
            let sums = tile.sumBits(of: "\(role).\(layer)", config: config, pixelInputBits: 0)
            return (Double(sign: .plus, exponent: tile.layers["\(role).\(layer)"]!.weightBits, significand: 1),
                    Double(sign: .plus, exponent: sums, significand: 1), sums)
        }
        let (s1, s2, s3) = (scales("made1"), scales("made2"), scales("made3"))
        w1 = sorted.flatMap { j in (0..<d).map { k in Int16(Double(made.w1[j * d + k]) * s1.weight) } }
        b1 = sorted.map { Int32(Double(made.b1[$0]) * s1.bias) }
        w2 = sorted.flatMap { j in sorted.map { jj in Int16(Double(made.w2[j * h + jj]) * s2.weight) } }
        b2 = sorted.map { Int32(Double(made.b2[$0]) * s2.bias) }
        w3 = (0..<(2 * d)).flatMap { o in sorted.map { j in Int16(Double(made.w3[o * h + j]) * s3.weight) } }
        b3 = made.b3.map { Int32(Double($0) * s3.bias) }
        let (o1, o2) = (tile.layers["\(role).made1"]!.outputBits!, tile.layers["\(role).made2"]!.outputBits!)
        (shift1, shift2) = (s1.sumBits - o1, s2.sumBits - o2)
        (elu1, elu2) = (integerELUTable(bits: o1), integerELUTable(bits: o2))
        latentBits = tile.latentBits
        outputScale = Double(sign: .plus, exponent: -s3.sumBits, significand: 1)
    }

    /// The raw (mean, log-scale) of step i from z_<i, as `CodingMADE.conditional`: step i must
    /// follow steps 0 … i−1 of the same tile and `state`.
    func conditional(_ i: Int, z: [Float], state: inout State) -> (mean: Double, logScale: Double) {
        let (d, h, reads) = (latents, hidden, units[i].upperBound)
        if i > 0 {
            state.z[i - 1] = quantizedInt16(z[i - 1], bits: latentBits)
            for j in units[i] { state.h1[j] = Self.requantize(b1[j] &+ Self.dot(w1, row: j * d, state.z, i), shift: shift1, elu: elu1) }
            for j in units[i] { state.h2[j] = Self.requantize(b2[j] &+ Self.dot(w2, row: j * h, state.h1, reads), shift: shift2, elu: elu2) }
        }
        let m = b3[i] &+ Self.dot(w3, row: i * h, state.h2, reads), s = b3[d + i] &+ Self.dot(w3, row: (d + i) * h, state.h2, reads)
        return (Double(m) * outputScale, Double(s) * outputScale)
    }

    /// `vlae_q_dot` of the first n weights of the row at `row` and the first n values of x.
    @inline(__always)
    static func dot(_ w: [Int16], row: Int, _ x: [Int16], _ n: Int) -> Int32 {
        w.withUnsafeBufferPointer { wp in x.withUnsafeBufferPointer { vlae_q_dot(wp.baseAddress! + row, $0.baseAddress!, n) } }
    }

    /// The rounded shift, clamp and table ELU of `vlae_q_activate`.
    @inline(__always)
    static func requantize(_ s: Int32, shift: Int, elu: [Int16]) -> Int16 {
        let y = min(max((s &+ Int32(1 << (shift - 1))) >> Int32(shift), -32767), 32767)
        return y >= 0 ? Int16(y) : elu[min(Int(-y), elu.count - 2)]
    }
}
