import DeterministicMath
@testable import EntropyCoder
import Foundation
import XCTest

/// Pins the exact bytes of one seeded message that exercises every codec.
///
/// The hash pins determinism across builds (debug/release) and machines (x86-64/arm64): the
/// Gaussian tables go through DMath's Φ and Φ⁻¹, the Bernoulli tables through its sigmoid, so any
/// change in those bits changes the message. Regenerate (only after an intended format change):
///     CODER_PRINT_PINNED=1 swift test --filter PinnedMessageTests
final class PinnedMessageTests: XCTestCase {
    private static let expectedByteCount = 204
    private static let expectedHash: UInt64 = 0xF51711A6989CA5CC

    /// FNV-1a, 64-bit.
    private func fnv1a(_ bytes: [UInt8]) -> UInt64 {
        bytes.reduce(0xCBF2_9CE4_8422_2325) { ($0 ^ UInt64($1)) &* 0x0000_0100_0000_01B3 }
    }

    /// A bits-back-like sequence: posterior pops from the clean start, then pushes of every kind.
    private func makeMessage() -> RansStack {
        var rng = SplitMix64(seed: 0x9_1AED)
        var stack = RansStack(seed: 2024)
        let buckets = GaussianBuckets(bucketBits: 10)
        for _ in 0..<200 {
            let posterior = GaussianBucketCodec(buckets: buckets, priorMean: rng.nextGaussian(), priorStd: 0.5 + rng.nextDouble(),
                                                mean: rng.nextGaussian(), std: 0.05 + rng.nextDouble(), precision: 24)
            let k = posterior.pop(from: &stack)
            BernoulliCodec(logit: 4 * rng.nextGaussian(), precision: 16).push(rng.next() % 2 == 0, to: &stack)
            let weights = (0..<7).map { _ in DMath.exp(rng.nextGaussian()) }
            try! CategoricalCodec(weights: weights, precision: 14).push(Int(rng.next() % 7), to: &stack)
            UniformBucketCodec(bucketBits: 10).push(k, to: &stack)
        }
        return stack
    }

    func test_message_bytesArePinnedAcrossBuildsAndMachines() {
        let bytes = makeMessage().serialized()
        XCTAssertEqual(makeMessage().serialized(), bytes, "coding twice gives the same bytes")
        if ProcessInfo.processInfo.environment["CODER_PRINT_PINNED"] == "1" {
            print("    private static let expectedByteCount = \(bytes.count)")
            print("    private static let expectedHash: UInt64 = 0x\(String(fnv1a(bytes), radix: 16, uppercase: true))")
        }
        XCTAssertEqual(bytes.count, Self.expectedByteCount)
        XCTAssertEqual(fnv1a(bytes), Self.expectedHash)
    }
}
