import ModelFile
import DeterministicMath
import VLAE

/// Seeded inputs, so that every run of the benchmark measures the same arithmetic without needing
/// the MNIST files.
enum SyntheticData {
    /// `count` 28×28 bi-level images whose pixels are 1 with probability `ink` (about MNIST's 13 %),
    /// independently. The engine's cost does not depend on pixel values, only on the shapes.
    static func images(count: Int, ink: Double = 0.13, seed: UInt64) -> TrainingImages {
        var rng = SplitMix64(seed: seed)
        let side = VLAEConfig.shippedTile
        return TrainingImages(images: (0..<count).map { _ in
            TrainingImages.Image(width: side, height: side, pixels: (0..<(side * side)).map { _ in rng.nextDouble() < ink ? 1 : 0 })
        }, maxValue: 1)
    }

    /// `count` values uniform in [-1, 1).
    static func uniform(count: Int, rng: inout SplitMix64) -> [Float] {
        (0..<count).map { _ in Float(2 * rng.nextDouble() - 1) }
    }
}

/// Slicing of channel-major `[C, N, P]` tensors, whose images are not contiguous.
enum ChannelMajor {
    /// The first `keep` images of every channel of `a` `[channels, batch, plane]`: `[channels, keep, plane]`.
    static func prefix(_ a: [Float], channels: Int, batch: Int, plane: Int, keep: Int) -> [Float] {
        precondition(a.count == channels * batch * plane && keep <= batch)
        var out: [Float] = []
        out.reserveCapacity(channels * keep * plane)
        for c in 0..<channels { out += a[(c * batch * plane)..<((c * batch + keep) * plane)] }
        return out
    }
}
