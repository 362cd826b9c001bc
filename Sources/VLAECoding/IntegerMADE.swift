import ModelFile

/// `CodingMADE` in integers for a quantised model (`TileArithmetic`): the same incremental
/// evaluation by degree, with int16 latents (at `latentBits`), hidden units and weights, int32
/// sums modulo 2^32 (`&+`, `&*`), and the ELU table of each hidden layer's scale.
struct IntegerMADE: Sendable {
    let structure: CodingMADE
    let w1: [Int16], b1: [Int32], w2: [Int16], b2: [Int32], w3: [Int16], b3: [Int32]
    let shift1: Int, shift2: Int, elu1: [Int16], elu2: [Int16]
    let latentBits: Int
    /// 2^−(scale of the last layer's sums).
    let outputScale: Double

    /// A tile's hidden units and quantised latents, filled as its steps run.
    struct State {
        var z: [Int16], h1: [Int16], h2: [Int16]
        init(latents: Int, hidden: Int) {
            (z, h1, h2) = ([Int16](repeating: 0, count: latents), [Int16](repeating: 0, count: hidden), [Int16](repeating: 0, count: hidden))
        }
    }

    init(_ made: CodingMADE, role: String, tile: TileArithmetic, config: VLAEConfig) {
        structure = made
        func scales(_ layer: String) -> (weight: Double, bias: Double, sumBits: Int) {
            let sums = tile.sumBits(of: "\(role).\(layer)", config: config, pixelInputBits: 0)
            return (Double(sign: .plus, exponent: tile.layers["\(role).\(layer)"]!.weightBits, significand: 1),
                    Double(sign: .plus, exponent: sums, significand: 1), sums)
        }
        let (s1, s2, s3) = (scales("made1"), scales("made2"), scales("made3"))
        w1 = made.w1.map { Int16(Double($0) * s1.weight) }; b1 = made.b1.map { Int32(Double($0) * s1.bias) }
        w2 = made.w2.map { Int16(Double($0) * s2.weight) }; b2 = made.b2.map { Int32(Double($0) * s2.bias) }
        w3 = made.w3.map { Int16(Double($0) * s3.weight) }; b3 = made.b3.map { Int32(Double($0) * s3.bias) }
        let (o1, o2) = (tile.layers["\(role).made1"]!.outputBits!, tile.layers["\(role).made2"]!.outputBits!)
        (shift1, shift2) = (s1.sumBits - o1, s2.sumBits - o2)
        (elu1, elu2) = (integerELUTable(bits: o1), integerELUTable(bits: o2))
        latentBits = tile.latentBits
        outputScale = Double(sign: .plus, exponent: -s3.sumBits, significand: 1)
    }

    /// The raw (mean, log-scale) of step i from z_<i, as `CodingMADE.conditional`: step i must
    /// follow steps 0 … i−1 of the same tile and `state`.
    func conditional(_ i: Int, z: [Float], state: inout State) -> (mean: Double, logScale: Double) {
        let (d, h) = (structure.latents, structure.hidden)
        if i > 0 {
            state.z[i - 1] = quantizedInt16(z[i - 1], bits: latentBits)
            for j in structure.byDegree[i] {
                var a = b1[j]
                for k in 0..<i { a = a &+ Int32(w1[j * d + k]) &* Int32(state.z[k]) }
                state.h1[j] = Self.requantize(a, shift: shift1, elu: elu1)
            }
            for j in structure.byDegree[i] {
                var a = b2[j]
                for jj in structure.upToDegree[i] { a = a &+ Int32(w2[j * h + jj]) &* Int32(state.h1[jj]) }
                state.h2[j] = Self.requantize(a, shift: shift2, elu: elu2)
            }
        }
        var m = b3[i], s = b3[d + i]
        for j in structure.upToDegree[i] {
            m = m &+ Int32(w3[i * h + j]) &* Int32(state.h2[j])
            s = s &+ Int32(w3[(d + i) * h + j]) &* Int32(state.h2[j])
        }
        return (Double(m) * outputScale, Double(s) * outputScale)
    }

    /// The rounded shift, clamp and table ELU of `vlae_q_activate`.
    @inline(__always)
    static func requantize(_ s: Int32, shift: Int, elu: [Int16]) -> Int16 {
        let y = min(max((s &+ Int32(1 << (shift - 1))) >> Int32(shift), -32767), 32767)
        return y >= 0 ? Int16(y) : elu[min(Int(-y), elu.count - 2)]
    }
}
