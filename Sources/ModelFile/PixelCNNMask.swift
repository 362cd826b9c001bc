/// PixelCNN masks (van den Oord et al. 2016): mask A excludes the centre pixel (first layer, so a
/// pixel never sees itself), mask B includes it (later layers).
public enum PixelCNNMask: String, Sendable, Codable {
    case a = "A", b = "B"

    /// The causal taps of a `k×k` kernel centred on the output pixel: every row above the centre,
    /// and the centre row left of the centre (plus the centre itself for mask B).
    public func taps(kernel k: Int) -> [Int] {
        precondition(k % 2 == 1, "PixelCNN kernels have odd size")
        let c = k / 2
        var taps: [Int] = []
        for dy in 0...c {
            for dx in 0..<k where dy < c || dx < c || (self == .b && dx == c) {
                taps.append(dy * k + dx)
            }
        }
        return taps
    }
}
