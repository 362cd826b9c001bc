import DeterministicMath

/// Seeded weight initialisation, as PyTorch's default for linear and conv layers: uniform in
/// ±1/√fanIn, so a replayed seed gives the same model.
public enum Initializer {
    public static func uniform(count: Int, fanIn: Int, rng: inout SplitMix64) -> [Float] {
        let bound = 1 / Double(fanIn).squareRoot()
        return (0..<count).map { _ in Float((rng.nextDouble() * 2 - 1) * bound) }
    }
}
