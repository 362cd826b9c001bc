/// Connectivity masks of a MADE (Germain et al. 2015) with natural ordering over `d` variables and
/// two hidden layers: output `i` (a mean or log-scale of variable `i`) depends only on inputs `< i`,
/// which makes the network an autoregressive Gaussian conditional for an AF prior.
public struct MADEMasks: Sendable {
    /// `[h, d]`, `[h, h]`, `[2d, h]` (means first, then log-scales).
    public let input: [Float]
    public let hidden: [Float]
    public let output: [Float]

    public init(variables d: Int, hidden h: Int) {
        precondition(d >= 2 && h >= 1)
        let degIn = (0..<d).map { $0 + 1 }
        let degH = (0..<h).map { $0 % (d - 1) + 1 }
        input = degH.flatMap { dh in degIn.map { dh >= $0 ? 1 : 0 } }
        hidden = degH.flatMap { a in degH.map { a >= $0 ? 1 : 0 } }
        let half: [Float] = degIn.flatMap { di in degH.map { di > $0 ? 1 : 0 } }
        output = half + half
    }
}
