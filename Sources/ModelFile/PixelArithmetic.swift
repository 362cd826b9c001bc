/// How the coder evaluates a model's PixelCNN when the model file says so (metadata
/// `vlae.integer`, written by `vlae-train quantize`): in integers, with int16 activations and
/// weights and int32 sums, so that every pixel's table is exact by construction on any CPU.
///
/// Each number is a binary scale: a value v is held as the integer v·2^bits. The PixelCNN's
/// tensors in such a file lie on their grids (weights·2^weightBits are int16 integers, biases
/// times their sums' scale int32 integers), so the integers are the file's own numbers and the
/// float engines (training, evaluation) read the same model.
public struct PixelArithmetic: Codable, Equatable, Sendable {
    /// Canvas values (the pixels the first layer reads, in −1 … 1) times 2^inputBits.
    public var inputBits: Int
    /// Every hidden activation times 2^hiddenBits.
    public var hiddenBits: Int
    /// Per layer (the first, the residual ones in order, the output layer): weights times 2^bits.
    public var weightBits: [Int]
    /// The per-tile layers' scales; nil (files quantised before they had them): those layers in float.
    public var tile: TileArithmetic?

    public init(inputBits: Int, hiddenBits: Int, weightBits: [Int], tile: TileArithmetic? = nil) {
        (self.inputBits, self.hiddenBits, self.weightBits, self.tile) = (inputBits, hiddenBits, weightBits, tile)
    }

    public static let metadataKey = "vlae.integer"

    /// The tensors a quantised model holds on grids, with the binary scale of each: a weight's
    /// grid is its layer's weight scale, a bias's the scale of the layer's sums.
    public func grids(_ config: VLAEConfig) -> [(tensor: String, bits: Int)] {
        let layers = config.layers
        var grids = [("decoder.pixel0.weight", weightBits[0]), ("decoder.pixel0.bias", inputBits + weightBits[0])]
        for l in stride(from: 1, through: layers, by: 1) {
            grids += [("decoder.pixel\(l).weight", weightBits[l]), ("decoder.pixel\(l).bias", hiddenBits + weightBits[l])]
        }
        grids += [("decoder.out.weight", weightBits[layers + 1]), ("decoder.out.bias", hiddenBits + weightBits[layers + 1])]
        return grids.map { (tensor: $0.0, bits: $0.1) } + (tile?.grids(config, pixelInputBits: inputBits) ?? [])
    }

    /// The right shift that takes layer l's sums to the hidden scale (l = 0 the first layer).
    public func shift(layer l: Int) -> Int { (l == 0 ? inputBits : hiddenBits) + weightBits[l] - hiddenBits }

    /// Checks the scales against the configuration and every gridded tensor against its grid.
    func validate(_ config: VLAEConfig, tensors: [String: Safetensors.Entry]) throws(ModelFileError) {
        func require(_ ok: Bool, _ why: @autoclosure () -> String) throws(ModelFileError) {
            if !ok { throw .configurationMismatch("\(Self.metadataKey): \(why())") }
        }
        try require(config.readsPixels, "a PixelCNN that reads no pixels has no integer layers")
        try require((0...14).contains(inputBits), "inputBits \(inputBits) not in 0…14")
        try require((1...12).contains(hiddenBits), "hiddenBits \(hiddenBits) not in 1…12")
        try require(weightBits.count == config.layers + 2, "\(weightBits.count) weight scales for \(config.layers + 2) layers")
        try require(weightBits.allSatisfy { (-8...30).contains($0) }, "a weight scale outside −8…30")
        for l in 0...config.layers { try require((1...30).contains(shift(layer: l)), "layer \(l)'s shift \(shift(layer: l)) not in 1…30") }
        try require(inputBits + weightBits[0] <= 40 && hiddenBits + weightBits.max()! <= 40, "sums' scale above 2^40")
        try tile?.validate(config, pixel: self)
        for (name, bits) in grids(config) {
            guard let entry = tensors[name] else { continue }
            let isWeight = name.hasSuffix(".weight"), limit: Double = isWeight ? 32767 : 2_147_483_647
            let scale = Double(sign: .plus, exponent: bits, significand: 1)
            for v in entry.values {
                let q = Double(v) * scale
                try require(q == q.rounded() && abs(q) <= limit, "\(name) holds \(v), not on its grid of 2^−\(bits) within ±\(Int(limit))")
            }
        }
    }
}
