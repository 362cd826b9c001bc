import DeterministicMath
import EntropyCoder
@testable import VLAE
import ModelFile
@testable import VLAECoding
import XCTest

/// Importance-weighted bits-back coding with coupled particles (`BitsBackCodec+Particles`).
final class ParticleCodecTests: XCTestCase {
    let coding = CodingModel(CodingModelTests.smallModel(seed: 11, channels: 8))
    let grayCoding = CodingModel(CodingModelTests.smallModel(seed: 16, channels: 8, pixelModel: CodingModelTests.mixture))

    private func parameters(_ particles: Int, gray: Bool = false) -> BitsBackParameters {
        var p = gray ? BitsBackParameters(for: CodingModelTests.mixture) : BitsBackParameters()
        p.particles = particles
        return p
    }

    /// Tiles pushed then popped come back, and so does everything beneath them on the message:
    /// enough beneath the tiles that the first draws no seeded words (each particle slot pops the
    /// latent precision's bits), so the message must come back word for word.
    func test_particles_pushThenPop_restoresPixelsAndLeftoverMessage() {
        let bi = CodingModelTests.randomTiles(5, seed: 31).map { Tile(image: $0, width: 28, height: 28, tileRow: 0, tileColumn: 0, side: 28) }
        let gray = CodingModelTests.grayTiles(3, maxValue: 255, seed: 32).map { Tile(image: $0, width: 28, height: 28, tileRow: 0, tileColumn: 0, side: 28) }
        for n in [2, 4, 16] {
            check(coding, parameters(n), bi, maxValue: 1)
        }
        check(grayCoding, parameters(4, gray: true), gray, maxValue: 255)
        // The widest slots a file may declare, and the most particles: offsets of up to 2^31 values.
        var widest = parameters(64)
        widest.latentPrecision = 31
        check(coding, widest, Array(bi.prefix(2)), maxValue: 1)
    }

    private func check(_ coding: CodingModel, _ parameters: BitsBackParameters, _ tiles: [Tile], maxValue: Int,
                       file: StaticString = #filePath, line: UInt = #line) {
        BitsBackCodecTests.checkChain(coding, parameters: parameters, tiles: tiles, maxValue: maxValue, sentinels: 1000,
                                      drawsNoInitialWords: true, file: file, line: line)
    }

    /// The message grows by the reported net cost, which follows the importance-weighted bound
    /// (at most the particles' mean −ELBO), and the first tile pops no more initial bits than the
    /// latents' slots and the index: they do not grow with the particle count.
    func test_particles_netCostIsTheBound_andInitialBitsDoNotGrowWithN() {
        let tiles = CodingModelTests.randomTiles(12, seed: 33).map { Tile(image: $0, width: 28, height: 28, tileRow: 0, tileColumn: 0, side: 28) }
        var drawn: [Int: Int] = [:]
        for n in [2, 16] {
            let codec = BitsBackCodec(model: coding, parameters: parameters(n)), workspace = CodingWorkspace(model: coding)
            var stack = RansStack(seed: 1)
            var cost = TileCost()
            for t in tiles { cost = cost + codec.push(t, maxValue: 1, to: &stack, using: workspace) }
            let real = stack.informationBits
            XCTAssertEqual(real, cost.netBits + Double(32 * stack.initialWordsConsumed) + 31, accuracy: 0.001 * real)
            XCTAssertEqual(cost.netBits, cost.boundBits, accuracy: 0.01 * Double(tiles.count), "the index table is close to the weights")
            XCTAssertLessThanOrEqual(cost.boundBits, cost.negELBOBits)
            drawn[n] = stack.initialWordsConsumed
        }
        let slotsAndIndex = (coding.latents * BitsBackParameters().latentPrecision + 32) / 32 + 2
        XCTAssertLessThanOrEqual(drawn[16]!, slotsAndIndex)
        XCTAssertLessThanOrEqual(drawn[16]!, drawn[2]! + 1)
    }

    func test_particles_imageCoder_roundTripsAndIsDeterministic() throws {
        // One chain of 12 tiles: past the chain start (8 tiles of one particle), 4 with particles.
        let coder = VLAEImageCoder(codec: BitsBackCodec(model: coding, parameters: parameters(8)), chains: 1)
        var rng = SplitMix64(seed: 34)
        let sizes = [ImageSize(width: 28, height: 28), ImageSize(width: 45, height: 30), ImageSize(width: 5, height: 61), ImageSize(width: 56, height: 56)]
        let images = sizes.map { s in (0..<(s.width * s.height)).map { _ in UInt8(rng.next() % 4 == 0 ? 1 : 0) } }
        let (payload, _) = coder.encode(images: images, sizes: sizes)
        XCTAssertEqual(try coder.decode(payload, sizes: sizes), images)
        XCTAssertEqual(coder.encode(images: images, sizes: sizes).payload, payload, "compressing twice must give the same bytes")
        // Decoding with another particle count does not give the images back silently.
        let other = VLAEImageCoder(codec: BitsBackCodec(model: coding, parameters: parameters(4)), chains: 1)
        XCTAssertNotEqual(try? other.decode(payload, sizes: sizes), images)
    }

    func test_parameters_withParticles_roundTripAsVersion5() throws {
        var p = BitsBackParameters()
        p.chainStart = nil   // the form before cheap chain starts
        for n in BitsBackParameters.particleCounts.dropFirst() {
            p.particles = n
            XCTAssertEqual(p.version, 5)
            XCTAssertEqual(try BitsBackParameters(version: 5, bytes: p.bytes), p)
        }
        var named = BitsBackParameters(for: CodingModelTests.mixture, modelName: "scans")
        named.particles = 8
        named.skipsBlankTiles = true
        named.chainStart = nil
        XCTAssertEqual(try BitsBackParameters(version: 5, bytes: named.bytes), named)
        var bytes = p.bytes
        bytes[12] = 7
        XCTAssertThrowsError(try BitsBackParameters(version: 5, bytes: bytes), "2^7 particles")
        bytes[12] = 0
        XCTAssertThrowsError(try BitsBackParameters(version: 5, bytes: bytes), "one particle is never version 5")
        XCTAssertThrowsError(try BitsBackParameters(version: 5, bytes: Array(p.bytes.prefix(12))))
        XCTAssertThrowsError(try BitsBackParameters(version: 6, bytes: p.bytes))
        var narrow = BitsBackParameters()
        narrow.chainStart = nil
        narrow.bucketBits = 1
        narrow.latentPrecision = 3
        narrow.particles = 8
        XCTAssertThrowsError(try BitsBackParameters(version: 5, bytes: narrow.bytes), "8 shifts of a 3-bit slot")
        narrow.particles = 4
        XCTAssertEqual(try BitsBackParameters(version: 5, bytes: narrow.bytes), narrow)
    }
}
