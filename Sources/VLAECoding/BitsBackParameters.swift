import VLAE

/// The coder's settings, stored in every `.vz` file's codec parameters so a decoder uses the same.
public struct BitsBackParameters: Equatable, Sendable {
    /// log2 K: each latent is discretised into K = 2^bucketBits buckets of equal prior mass.
    /// 2^12 keeps the discretisation gap small while the spare mass of the posterior's table,
    /// 2K / 2^latentPrecision, stays below 0.05%.
    public var bucketBits = 12
    /// Precision of the posterior's bucket tables.
    public var latentPrecision = 24
    /// Precision of the pixels' tables: 16 for Bernoulli tables (probabilities clamped to
    /// [2^-16, 1 − 2^-16]), 24 for logistic mixtures over up to 256 values, whose one slot per
    /// value then costs under 0.0001 bits per pixel.
    public var pixelPrecision = 16
    /// Seed of the initial bits beneath each chain's message.
    public var seed: UInt64 = 0x766C_6165_0000_0001

    public init() {}

    /// The defaults for a model whose decoder has `pixelModel`.
    public init(for pixelModel: PixelModel) {
        if case .logisticMixture = pixelModel { pixelPrecision = 24 }
    }

    /// Version-1 byte form: bucketBits, latentPrecision, pixelPrecision (1 byte each), seed (8, LE).
    public var bytes: [UInt8] {
        [UInt8(bucketBits), UInt8(latentPrecision), UInt8(pixelPrecision)] + (0..<8).map { UInt8(truncatingIfNeeded: seed >> (8 * $0)) }
    }

    public static let version: UInt8 = 1

    /// Parses and range-checks the version-1 byte form.
    public init(bytes: [UInt8]) throws {
        guard bytes.count == 11 else { throw VLAECodingError.badParameters("expected 11 bytes, found \(bytes.count)") }
        bucketBits = Int(bytes[0]); latentPrecision = Int(bytes[1]); pixelPrecision = Int(bytes[2])
        seed = (0..<8).reduce(0) { $0 | UInt64(bytes[3 + $1]) << (8 * UInt64($1)) }
        guard (1...20).contains(bucketBits), (bucketBits + 2...31).contains(latentPrecision), (2...31).contains(pixelPrecision) else {
            throw VLAECodingError.badParameters("bucket bits \(bucketBits), latent precision \(latentPrecision), pixel precision \(pixelPrecision) out of range")
        }
    }
}
