import DeterministicMath
@testable import EntropyCoder
import XCTest

/// A toy latent-variable model: z ~ N(0, 1), then `pixels` independent bits with
/// P(x_j = 1 | z) = sigmoid(a_j z + b_j); the approximate posterior is a Laplace fit.
/// Everything the coder sees is computed with DMath, so encoder and decoder agree bit for bit.
private struct ToyModel {
    let slopes: [Double]
    let offsets: [Double]
    let buckets = GaussianBuckets(bucketBits: 12)
    let prior = UniformBucketCodec(bucketBits: 12)

    init(pixels: Int, using rng: inout SplitMix64) {
        slopes = (0..<pixels).map { _ in (rng.next() % 2 == 0 ? 1 : -1) * (1 + 2 * rng.nextDouble()) }
        offsets = (0..<pixels).map { _ in 0.5 * rng.nextGaussian() }
    }

    func sample(using rng: inout SplitMix64) -> [Bool] {
        let z = rng.nextGaussian()
        return zip(slopes, offsets).map { a, b in rng.nextDouble() < DMath.sigmoid(a * z + b) }
    }

    func likelihood(pixel j: Int, z: Double) -> BernoulliCodec {
        BernoulliCodec(logit: slopes[j] * z + offsets[j], precision: 16)
    }

    /// q(z | x) = N(mode, 1 / sqrt(curvature)) after five Newton steps on log p(x, z) from z = 0.
    func posterior(_ x: [Bool]) -> (mean: Double, std: Double) {
        var z = 0.0
        var curvature = 1.0
        for _ in 0..<5 {
            var gradient = -z
            curvature = 1
            for j in x.indices {
                let p = DMath.sigmoid(slopes[j] * z + offsets[j])
                gradient += slopes[j] * ((x[j] ? 1 : 0) - p)
                curvature += slopes[j] * slopes[j] * p * (1 - p)
            }
            z += gradient / curvature
        }
        return (z, 1 / curvature.squareRoot())
    }

    func posteriorCodec(_ x: [Bool]) -> GaussianBucketCodec {
        let q = posterior(x)
        return GaussianBucketCodec(buckets: buckets, priorMean: 0, priorStd: 1, mean: q.mean, std: q.std, precision: 24)
    }

    /// Encode one image: pop z under q, push x under p(x | z) in reverse raster order, push z under p(z).
    func encode(_ x: [Bool], to stack: inout RansStack) {
        let k = posteriorCodec(x).pop(from: &stack)
        let z = buckets.centre(k, mean: 0, std: 1)
        for j in x.indices.reversed() {
            likelihood(pixel: j, z: z).push(x[j], to: &stack)
        }
        prior.push(k, to: &stack)
    }

    /// The mirror: pop z under p(z), pop x in raster order, push z back under q(z | x).
    func decode(from stack: inout RansStack) -> [Bool] {
        let k = prior.pop(from: &stack)
        let z = buckets.centre(k, mean: 0, std: 1)
        let x = slopes.indices.map { j in likelihood(pixel: j, z: z).pop(from: &stack) }
        posteriorCodec(x).push(k, to: &stack)
        return x
    }

    /// -ELBO(x) in bits: E_q[-log2 p(x | z)] by 256-point equal-mass quadrature, plus KL(q || p).
    func negativeELBO(_ x: [Bool]) -> Double {
        let q = posterior(x)
        var expectedNLL = 0.0
        for i in 0..<256 {
            let z = q.mean + q.std * DMath.normalQuantile((Double(i) + 0.5) / 256)
            for j in x.indices {
                let logit = slopes[j] * z + offsets[j]
                expectedNLL += DMath.softplus(x[j] ? -logit : logit) / 256
            }
        }
        let kl = -DMath.log(q.std) + (q.std * q.std + q.mean * q.mean - 1) / 2
        return (expectedNLL + kl) / DMath.log(2)
    }
}

final class BitsBackTests: XCTestCase {
    func test_bitsBackChain_decoderRecoversAllImagesAndEndsAtCleanStart() throws {
        let seed: UInt64 = 0xB175_BAC4
        var rng = SplitMix64(seed: seed)
        let model = ToyModel(pixels: 48, using: &rng)
        let images = (0..<120).map { _ in model.sample(using: &rng) }

        var encoder = RansStack(seed: seed)
        for image in images { model.encode(image, to: &encoder) }
        XCTAssertGreaterThan(encoder.initialWordsConsumed, 0, "the first image pops initial bits")

        var decoder = try RansStack(serialized: encoder.serialized(), seed: seed)
        var decoded: [[Bool]] = []
        for _ in images { decoded.append(model.decode(from: &decoder)) }
        XCTAssertEqual(Array(decoded.reversed()), images, "seed \(seed)")
        XCTAssertNoThrow(try decoder.finishDecoding(), "seed \(seed)")
        XCTAssertEqual(decoder.words.count, encoder.initialWordsConsumed, "seed \(seed)")
    }

    func test_bitsBackChain_netCostPerImageApproachesNegativeELBO() {
        let seed: UInt64 = 0xE1B0
        var rng = SplitMix64(seed: seed)
        let model = ToyModel(pixels: 64, using: &rng)
        let images = (0..<300).map { _ in model.sample(using: &rng) }

        var stack = RansStack(seed: seed)
        let start = stack.informationBits
        for image in images { model.encode(image, to: &stack) }
        let net = stack.informationBits - start - 32 * Double(stack.initialWordsConsumed)
        let expected = images.reduce(0) { $0 + model.negativeELBO($1) }
        // Sampling noise of the popped latents is about 1% of the total here; the discretisation
        // gap (4096 buckets, 24-bit posterior, 16-bit pixels) is far smaller.
        XCTAssertEqual(net / expected, 1, accuracy: 0.03, "seed \(seed): net \(net) bits, -ELBO \(expected) bits")
        // And the file: net bits plus the initial words actually used plus at most 64 bits.
        let fileBits = Double(stack.serialized().count * 8)
        XCTAssertLessThanOrEqual(fileBits, net + 32 * Double(stack.initialWordsConsumed) + 64 + 1)
    }
}
