import CCodingKernels
import ModelFile

/// `CodingMADE` in integers for a quantised model (`TileArithmetic`): the same incremental
/// evaluation by degree, with int16 latents (at `latentBits`), hidden units and weights, int32
/// sums modulo 2^32, and the ELU table of each hidden layer's scale; each step is one kernel call
/// (`vlae_q_made_step`).
///
/// Modular sums do not depend on their order, so the hidden units are kept sorted by degree:
/// the units step i computes are then one contiguous run, and those it reads (degree ≤ i) a
/// prefix, which makes every sum one dot product of contiguous vectors.
final class IntegerMADE: @unchecked Sendable {
    let latents: Int, hidden: Int
    /// Per step i, its units `units[i]` (degree i) in sorted order; they and all before them are the units of degree ≤ i.
    let units: [Range<Int>]
    let latentBits: Int
    /// 2^−(scale of the last layer's sums).
    let outputScale: Double
    /// The kernel's view of the weights (rows in sorted unit order), which this object owns.
    private let network: vlae_q_made

    /// A tile's hidden units (sorted by degree) and quantised latents, filled as its steps run,
    /// zeros past them (padded to a multiple of 16, as `vlae_q_made_step` reads them).
    struct State {
        var z: [Int16], h1: [Int16], h2: [Int16]
        init(latents: Int, hidden: Int) {
            (z, h1, h2) = ([Int16](repeating: 0, count: roundUp(latents, 16)), [Int16](repeating: 0, count: roundUp(hidden, 16)),
                           [Int16](repeating: 0, count: roundUp(hidden, 16)))
        }

        mutating func clear() {
            for i in z.indices { z[i] = 0 }
            for i in h1.indices { (h1[i], h2[i]) = (0, 0) }
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
        let w1 = sorted.flatMap { j in (0..<d).map { k in Int16(Double(made.w1[j * d + k]) * s1.weight) } }
        let b1 = sorted.map { Int32(Double(made.b1[$0]) * s1.bias) }
        let w2 = sorted.flatMap { j in sorted.map { jj in Int16(Double(made.w2[j * h + jj]) * s2.weight) } }
        let b2 = sorted.map { Int32(Double(made.b2[$0]) * s2.bias) }
        let w3 = (0..<(2 * d)).flatMap { o in sorted.map { j in Int16(Double(made.w3[o * h + j]) * s3.weight) } }
        let b3 = made.b3.map { Int32(Double($0) * s3.bias) }
        let (o1, o2) = (tile.layers["\(role).made1"]!.outputBits!, tile.layers["\(role).made2"]!.outputBits!)
        let (elu1, elu2) = (integerELUTable(bits: o1), integerELUTable(bits: o2))
        latentBits = tile.latentBits
        outputScale = Double(sign: .plus, exponent: -s3.sumBits, significand: 1)
        // The tables end with a padding entry (see integerELUTable), which no index reaches.
        let padding = [Int16](repeating: 0, count: 16)   // what the kernel's last rows read past their ends
        network = vlae_q_made(latents: d, hidden: h, w1: allocateCopy(w1 + padding), w2: allocateCopy(w2 + padding), w3: allocateCopy(w3 + padding),
                              b1: allocateCopy(b1), b2: allocateCopy(b2), b3: allocateCopy(b3),
                              shift1: Int32(s1.sumBits - o1), shift2: Int32(s2.sumBits - o2),
                              elu1: allocateCopy(elu1), elu2: allocateCopy(elu2), elu1Count: elu1.count - 1, elu2Count: elu2.count - 1)
    }

    deinit {
        for p in [network.w1, network.w2, network.w3, network.elu1, network.elu2] { UnsafeMutablePointer(mutating: p!).deallocate() }
        for p in [network.b1, network.b2, network.b3] { UnsafeMutablePointer(mutating: p!).deallocate() }
    }

    /// The raw (mean, log-scale) of step i from z_<i, as `CodingMADE.conditional`: step i must
    /// follow steps 0 … i−1 of the same tile and `state`.
    func conditional(_ i: Int, z: [Float], state: inout State) -> (mean: Double, logScale: Double) {
        if i == 0 { state.clear() } else { state.z[i - 1] = quantizedInt16(z[i - 1], bits: latentBits) }
        var (m, s) = (Int32(0), Int32(0))
        withUnsafePointer(to: network) { net in
            state.z.withUnsafeBufferPointer { z in
                state.h1.withUnsafeMutableBufferPointer { h1 in
                    state.h2.withUnsafeMutableBufferPointer { h2 in
                        vlae_q_made_step(net, i, units[i].lowerBound, units[i].upperBound, z.baseAddress!, h1.baseAddress!, h2.baseAddress!, &m, &s)
                    }
                }
            }
        }
        return (Double(m) * outputScale, Double(s) * outputScale)
    }
}
