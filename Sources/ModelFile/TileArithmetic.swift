/// The scales of a quantised model's per-tile layers (encoder, MADE, upsampling, the 1×1
/// conditioning), held in `PixelArithmetic.tile`: with them the latents' tables are exact by
/// construction too, computed with the integer PixelCNN's arithmetic (int16 values and weights,
/// int32 sums modulo 2^32, ELU from a table).
///
/// Each layer reads values at a binary scale fixed by the layer before it (the pixels at the
/// PixelCNN's `inputBits`, the latents at `latentBits`), holds its weights at `weightBits`, so
/// its sums lie at the sum of the two, and — where the next layer reads its output as a map —
/// rounds them to `outputBits`.
public struct TileArithmetic: Codable, Equatable, Sendable {
    /// The latents z (bucket centres) times 2^latentBits, as the MADE and the upsampling read them.
    public var latentBits: Int
    /// Per layer, by its tensors' name prefix ("encoder.conv1", "decoder.cond3", …).
    public var layers: [String: Scales]

    public struct Scales: Codable, Equatable, Sendable {
        public var weightBits: Int
        /// The scale of the map the next layer reads; nil for a layer whose sums are its result
        /// (the encoder's and the MADE's last layers, the conditioning).
        public var outputBits: Int?

        public init(weightBits: Int, outputBits: Int?) { (self.weightBits, self.outputBits) = (weightBits, outputBits) }
    }

    public init(latentBits: Int, layers: [String: Scales]) { (self.latentBits, self.layers) = (latentBits, layers) }

    /// What a per-tile layer reads.
    public enum Source: Equatable, Sendable { case pixels, latents, layer(String) }

    /// The per-tile layers of a configuration in evaluation order, each with what it reads and
    /// whether it produces a map (so needs `outputBits`).
    public static func layers(_ config: VLAEConfig) -> [(name: String, reads: Source, producesMap: Bool)] {
        var list: [(String, Source, Bool)] = [
            ("encoder.conv1", .pixels, true), ("encoder.conv2", .layer("encoder.conv1"), true),
            ("encoder.dense1", .layer("encoder.conv2"), true), ("encoder.dense2", .layer("encoder.dense1"), false),
        ]
        if let role = config.madeRole {
            list += [("\(role).made1", .latents, true), ("\(role).made2", .layer("\(role).made1"), true),
                     ("\(role).made3", .layer("\(role).made2"), false)]
        }
        list += [("decoder.up0", .latents, true), ("decoder.up1", .layer("decoder.up0"), true), ("decoder.up2", .layer("decoder.up1"), true)]
        list += (1...max(1, config.layers)).filter { $0 <= config.layers }.map { ("decoder.cond\($0)", .layer("decoder.up2"), false) }
        return list.map { (name: $0.0, reads: $0.1, producesMap: $0.2) }
    }

    /// The scale of the values `layer` reads.
    public func inputBits(of layer: String, config: VLAEConfig, pixelInputBits: Int) -> Int {
        switch Self.layers(config).first(where: { $0.name == layer })!.reads {
        case .pixels: return pixelInputBits
        case .latents: return latentBits
        case .layer(let previous): return layers[previous]!.outputBits!
        }
    }

    /// The scale of `layer`'s sums.
    public func sumBits(of layer: String, config: VLAEConfig, pixelInputBits: Int) -> Int {
        inputBits(of: layer, config: config, pixelInputBits: pixelInputBits) + layers[layer]!.weightBits
    }

    /// The gridded tensors: each weight at its layer's weight scale, each bias at its sums'.
    func grids(_ config: VLAEConfig, pixelInputBits: Int) -> [(tensor: String, bits: Int)] {
        Self.layers(config).flatMap { layer in
            [("\(layer.name).weight", layers[layer.name]!.weightBits),
             ("\(layer.name).bias", sumBits(of: layer.name, config: config, pixelInputBits: pixelInputBits))]
        }.map { (tensor: $0.0, bits: $0.1) }
    }

    /// Checks that every layer has its scales and that every shift they imply is in range.
    func validate(_ config: VLAEConfig, pixel: PixelArithmetic) throws(ModelFileError) {
        func require(_ ok: Bool, _ why: @autoclosure () -> String) throws(ModelFileError) {
            if !ok { throw .configurationMismatch("\(PixelArithmetic.metadataKey) tile: \(why())") }
        }
        try require((0...14).contains(latentBits), "latentBits \(latentBits) not in 0…14")
        let expected = Self.layers(config)
        try require(Set(layers.keys) == Set(expected.map(\.name)), "scales for \(layers.keys.sorted()), expected \(expected.map(\.name))")
        for layer in expected {
            let scales = layers[layer.name]!
            try require((-8...30).contains(scales.weightBits), "\(layer.name)'s weight scale \(scales.weightBits) outside −8…30")
            try require((scales.outputBits != nil) == layer.producesMap, "\(layer.name) \(layer.producesMap ? "needs" : "has no") output scale")
            if let out = scales.outputBits { try require((0...13).contains(out), "\(layer.name)'s output scale \(out) not in 0…13") }
        }
        for layer in expected {
            let sums = sumBits(of: layer.name, config: config, pixelInputBits: pixel.inputBits)
            try require(sums <= 40, "\(layer.name)'s sums' scale above 2^40")
            if let out = layers[layer.name]!.outputBits {
                try require((1...30).contains(sums - out), "\(layer.name)'s shift \(sums - out) not in 1…30")
            }
        }
        for (l, shift) in conditioningShifts(config, pixel: pixel).enumerated() {
            try require((-30...30).contains(shift), "conditioning \(l)'s shift \(shift) not in −30…30")
        }
    }

    /// The shifts that take the upsampling's sums to the first layer's sums (element 0) and each
    /// conditioning layer's sums to its residual layer's (1 … L).
    public func conditioningShifts(_ config: VLAEConfig, pixel: PixelArithmetic) -> [Int] {
        let first = sumBits(of: "decoder.up2", config: config, pixelInputBits: pixel.inputBits) - (pixel.inputBits + pixel.weightBits[0])
        return [first] + (1...max(1, config.layers)).filter { $0 <= config.layers }.map { l in
            sumBits(of: "decoder.cond\(l)", config: config, pixelInputBits: pixel.inputBits) - (pixel.hiddenBits + pixel.weightBits[l])
        }
    }
}
