import ModelFile

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
    public var seed: UInt64 = Self.defaultSeed
    public static let defaultSeed: UInt64 = 0x766C_6165_0000_0001
    /// The name of a model that came from a file, so that a reader without that file can say
    /// which model it needs; nil for the shipped models, which every build has.
    public var modelName: String? = nil
    /// Whether a bi-level tile without ink is coded as a one-symbol flag instead of with the
    /// model (`BlankTileFlags`): set for models with neighbour context, whose pages are mostly
    /// blank tiles.
    public var skipsBlankTiles = false
    /// Particles of importance-weighted bits-back coding (`BitsBackCodec`): 1 codes toward the
    /// ELBO, N = 2, 4, … 64 toward the N-sample importance-weighted bound.
    public var particles = 1
    public static let particleCounts: [Int] = [1, 2, 4, 8, 16, 32, 64]
    /// How each chain's first tiles are coded (`ChainStart`); nil for the files before version 6,
    /// whose tiles are all coded alike. Setting it also frees the chain count.
    public var chainStart: ChainStart? = ChainStart()

    /// A chain's first tile pops its z from the seeded initial bits, which the file cannot get
    /// back, and the next few pop theirs from a message that still holds too few bits, so they
    /// draw on the seed too. So the tile at position k of its chain's push order has
    /// min(bucketBits, bits + k·ramp) bucket bits: the first pops about `latents · bits`, and each
    /// later one finds the bits it pops already on the message. With the defaults (1 and 3: 2,
    /// 16, 128, 1024, then 4096 buckets) a chain of binarized digits pops about 40 initial bits
    /// instead of 384. With particles, a tile pops `latents` full-precision slots (768 bits), which
    /// only a longer chain start holds: the first `oneParticleTiles` tiles, and any under
    /// bucketBits, have one particle.
    public struct ChainStart: Equatable, Sendable {
        public var bits = 1
        public var ramp = 3
        public var oneParticleTiles = 8
        public init(bits: Int = 1, ramp: Int = 3, oneParticleTiles: Int = 8) {
            (self.bits, self.ramp, self.oneParticleTiles) = (bits, ramp, oneParticleTiles)
        }
    }

    /// The bucket bits of the tile at `position` in its chain's push order.
    public func bucketBits(atPushPosition position: Int) -> Int {
        guard let start = chainStart else { return bucketBits }
        return min(bucketBits, start.bits + min(position, bucketBits) * start.ramp)
    }

    /// The particles of the tile at `position` in its chain's push order.
    public func particles(atPushPosition position: Int) -> Int {
        guard let start = chainStart else { return particles }
        return position < start.oneParticleTiles || bucketBits(atPushPosition: position) < bucketBits ? 1 : particles
    }

    /// The longest model name stored (UTF-8 bytes); longer names are cut at a character boundary.
    public static let maxNameBytes = 255

    public init() {}

    /// The defaults for a model whose decoder has `pixelModel`.
    public init(for pixelModel: PixelModel, modelName: String? = nil) {
        if case .logisticMixture = pixelModel { pixelPrecision = 24 }
        self.modelName = modelName.map(Self.truncated)
    }

    /// The defaults for a model of `config`: blank tiles are skipped for bi-level models with
    /// neighbour context (models for pages).
    public init(for config: VLAEConfig, modelName: String? = nil) {
        self.init(for: config.pixelModel, modelName: modelName)
        skipsBlankTiles = config.neighbourContext && config.pixelModel == .bernoulli
    }

    /// The byte form's version: 4 (one byte) when the precisions and seed are the defaults, there
    /// is no model name, one particle, and chains start with 2 buckets or as the other tiles;
    /// otherwise with cheap chain starts 6; without them (the forms of earlier files) 5 with more
    /// than one particle, else 1 without a model name, 2 with one, 3 with flags.
    public var version: UInt8 {
        let compact = modelName == nil && latentPrecision == 24 && seed == Self.defaultSeed
            && (pixelPrecision == 16 || pixelPrecision == 24) && (1...20).contains(bucketBits)
            && particles == 1 && (chainStart == nil || chainStart == ChainStart())
        if compact { return 4 }
        if chainStart != nil { return 6 }
        if particles > 1 { return 5 }
        return skipsBlankTiles ? 3 : modelName == nil ? 1 : 2
    }

    /// Whether the encoder chose the chain count (cheap chain starts); earlier files have
    /// `min(2, tiles)` chains.
    public var chainCountIsFree: Bool { chainStart != nil }

    /// Version 1: bucketBits, latentPrecision, pixelPrecision (1 byte each), seed (8, LE).
    /// Version 2: the same, then the model name's length (1 byte) and its UTF-8 bytes.
    /// Version 3: the version 1 bytes, a flags byte (bit 0: blank tiles skipped; the others 0),
    /// then the name's length (0 for none) and its bytes.
    /// Version 4: one byte: bucket bits (bits 0-4), pixel precision 24 rather than 16 (bit 5),
    /// blank tiles skipped (bit 6); latent precision 24, the default seed, no name.
    /// Version 5: the version 3 bytes with log2 of the particle count (1 byte, 1…6) after the
    /// flags byte.
    /// Version 4, bit 7: chains start with the default `ChainStart` (earlier files have 0).
    /// Version 6: the version 3 bytes with log2 of the particle count (1 byte, 0…6), then the
    /// chain start's bits (1 byte, 1…bucketBits), ramp (1 byte, 0…20) and one-particle tiles
    /// (1 byte) after the flags byte.
    public var bytes: [UInt8] { bytes(inVersion: version) }

    /// The byte form of `version`, which must be able to hold these parameters (files of earlier
    /// versions, for tests of the reader).
    public func bytes(inVersion version: UInt8) -> [UInt8] {
        let log2Particles = UInt8(particles.trailingZeroBitCount)
        if version == 4 {
            return [UInt8(bucketBits) | (pixelPrecision == 24 ? 1 << 5 : 0) | (skipsBlankTiles ? 1 << 6 : 0) | (chainStart != nil ? 1 << 7 : 0)]
        }
        let fixed = [UInt8(bucketBits), UInt8(latentPrecision), UInt8(pixelPrecision)] + (0..<8).map { UInt8(truncatingIfNeeded: seed >> (8 * $0)) }
        let name = Array((modelName ?? "").utf8)
        switch version {
        case 1: return fixed
        case 2: return fixed + [UInt8(name.count)] + name
        case 3: return fixed + [skipsBlankTiles ? 1 : 0, UInt8(name.count)] + name
        case 5: return fixed + [skipsBlankTiles ? 1 : 0, log2Particles, UInt8(name.count)] + name
        default:
            let start = chainStart!
            return fixed + [skipsBlankTiles ? 1 : 0, log2Particles, UInt8(start.bits), UInt8(start.ramp), UInt8(start.oneParticleTiles), UInt8(name.count)] + name
        }
    }

    /// The versions this build reads.
    public static let versions: ClosedRange<UInt8> = 1...6

    /// Parses and range-checks the byte form of `version`.
    public init(version: UInt8, bytes: [UInt8]) throws(VLAECodingError) {
        guard Self.versions.contains(version) else { throw .badParameters("codec parameters version \(version); this build reads 1 to 6") }
        chainStart = nil
        if version == 4 {
            guard bytes.count == 1 else { throw .badParameters("expected 1 byte, found \(bytes.count)") }
            let byte = bytes[0]
            bucketBits = Int(byte & 0x1F)
            guard (1...20).contains(bucketBits) else { throw .badParameters("bad version 4 byte \(byte)") }
            pixelPrecision = byte & 1 << 5 != 0 ? 24 : 16
            skipsBlankTiles = byte & 1 << 6 != 0
            if byte & 1 << 7 != 0 { chainStart = ChainStart() }
            return
        }
        guard bytes.count >= 11 else { throw .badParameters("expected at least 11 bytes, found \(bytes.count)") }
        bucketBits = Int(bytes[0]); latentPrecision = Int(bytes[1]); pixelPrecision = Int(bytes[2])
        seed = (0..<8).reduce(0) { $0 | UInt64(bytes[3 + $1]) << (8 * UInt64($1)) }
        guard (1...20).contains(bucketBits), (bucketBits + 2...31).contains(latentPrecision), (2...31).contains(pixelPrecision) else {
            throw .badParameters("bucket bits \(bucketBits), latent precision \(latentPrecision), pixel precision \(pixelPrecision) out of range")
        }
        if version == 1 {
            guard bytes.count == 11 else { throw .badParameters("expected 11 bytes, found \(bytes.count)") }
            return
        }
        var rest = bytes[11...]
        if version >= 3 {
            guard let flags = rest.first else { throw .badParameters("version \(version) parameters end before their flags byte") }
            guard flags <= 1 else { throw .badParameters("unknown codec flags \(flags)") }
            skipsBlankTiles = flags == 1
            rest = rest.dropFirst()
        }
        if version == 5 {
            guard let log2Particles = rest.first else { throw .badParameters("version 5 parameters end before their particle count") }
            guard log2Particles >= 1 else { throw .badParameters("version 5 with one particle") }
            try readParticles(log2Particles)
            rest = rest.dropFirst()
        }
        if version == 6 {
            guard rest.count >= 4 else { throw .badParameters("version 6 parameters end before their particle count and chain start") }
            let i = rest.startIndex
            try readParticles(rest[i])
            guard (1...bucketBits).contains(Int(rest[i + 1])), rest[i + 2] <= 20 else {
                throw .badParameters("chain start of \(rest[i + 1]) bucket bits and ramp \(rest[i + 2]) out of range (1…\(bucketBits), 0…20)")
            }
            chainStart = ChainStart(bits: Int(rest[i + 1]), ramp: Int(rest[i + 2]), oneParticleTiles: Int(rest[i + 3]))
            rest = rest.dropFirst(4)
        }
        guard let length = rest.first, rest.count == 1 + Int(length) else { throw .badParameters("model name length does not match \(bytes.count) bytes") }
        if version >= 3 && length == 0 { return }
        guard let name = String(validating: rest.dropFirst(), as: UTF8.self), !name.isEmpty,
              !name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw .badParameters("model name is not printable UTF-8")
        }
        modelName = name
    }

    private mutating func readParticles(_ log2Particles: UInt8) throws(VLAECodingError) {
        guard (0...6).contains(log2Particles) else { throw .badParameters("particle count 2^\(log2Particles) out of range (1 to 64)") }
        // The particles' slots are the latent precision's range cut into N shifts.
        guard Int(log2Particles) < latentPrecision else { throw .badParameters("2^\(log2Particles) particles need a latent precision above \(log2Particles)") }
        particles = 1 << Int(log2Particles)
    }

    static func truncated(_ name: String) -> String {
        var out = ""
        for c in name {
            guard out.utf8.count + String(c).utf8.count <= maxNameBytes else { break }
            out.append(c)
        }
        return out
    }
}
