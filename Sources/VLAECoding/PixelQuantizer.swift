import Foundation
import ModelFile

/// Quantises a float model's PixelCNN for the integer coder: chooses its scales
/// (`PixelArithmetic`) and rounds its per-pixel layers' tensors onto their grids.
///
/// The hidden scale and the headroom of the sums are chosen by measurement: each candidate is
/// built as a model file and its pixel bits are counted on calibration tiles, each given its
/// posterior mean, from the very tables the coder would use; the cheapest wins. Within a
/// candidate, each layer's weights get as many fractional bits as int16 holds and the headroom
/// leaves its sums.
public enum PixelQuantizer {
    public struct Result: Sendable {
        public let arithmetic: PixelArithmetic
        /// Every tensor of the model, the gridded ones rounded.
        public let values: [String: [Float]]
        /// Pixel bits of the calibration tiles under the float model and under the chosen one.
        public let floatBits: Double, integerBits: Double
        /// Each candidate tried: hidden bits, headroom bits, pixel bits (nil: not representable).
        public let candidates: [(hiddenBits: Int, headroom: Int, bits: Double?)]
    }

    /// Canvas values lie in −1 … 1: 14 fractional bits keep them within int16.
    static let inputBits = 14

    /// - Parameters:
    ///   - tiles: calibration tiles, S² values each in 0 … maxValue, all real pixels.
    public static func quantize(_ file: ModelFile, tiles: [[UInt8]], maxValue: Int) throws -> Result {
        let floatBits = pixelBits(CodingModel(file), tiles: tiles, maxValue: maxValue)
        let tile = TileQuantizer.scales(file, tiles: tiles, maxValue: maxValue, pixelInputBits: inputBits)
        var best: (PixelArithmetic, [String: [Float]], Double)?
        var candidates: [(hiddenBits: Int, headroom: Int, bits: Double?)] = []
        for hiddenBits in 8...11 {
            for headroom in [5, 6, 7, 8, 9] {
                guard let (arithmetic, values) = candidate(file, hiddenBits: hiddenBits, headroom: headroom, tile: tile) else {
                    candidates.append((hiddenBits, headroom, nil))
                    continue
                }
                let bytes = ModelFile.encode(config: file.config, values: values, name: file.name,
                                             extra: [PixelArithmetic.metadataKey: arithmetic.json])
                let model = CodingModel(try ModelFile(bytes: bytes, origin: file.origin))
                let bits = pixelBits(model, tiles: tiles, maxValue: maxValue)
                candidates.append((hiddenBits, headroom, bits))
                if best == nil || bits < best!.2 { best = (arithmetic, values, bits) }
            }
        }
        guard let best else { throw ModelFileError.configurationMismatch("no integer scales represent this model's PixelCNN") }
        return Result(arithmetic: best.0, values: best.1, floatBits: floatBits, integerBits: best.2, candidates: candidates)
    }

    /// The scales of one candidate and the tensors rounded to them; nil when some layer's
    /// right shift would not be positive.
    static func candidate(_ file: ModelFile, hiddenBits: Int, headroom: Int, tile: TileArithmetic?) -> (PixelArithmetic, [String: [Float]])? {
        let cfg = file.config
        let layerNames = (0...cfg.layers).map { "decoder.pixel\($0)" } + ["decoder.out"]
        var weightBits: [Int] = []
        for (l, name) in layerNames.enumerated() {
            let largest = file.values("\(name).weight").map(abs).max() ?? 0
            // The most fractional bits with |w|·2^bits ≤ 32767, and sums (at 2^(in + bits)) within 2^(31 − headroom).
            let fitting = largest > 0 ? Int((32767 / Double(largest)).exponent) : 30
            let sumsIn = l == 0 ? inputBits : hiddenBits
            weightBits.append(min(fitting, 31 - headroom - sumsIn, 30))
        }
        let arithmetic = PixelArithmetic(inputBits: inputBits, hiddenBits: hiddenBits, weightBits: weightBits, tile: tile)
        guard (0...cfg.layers).allSatisfy({ arithmetic.shift(layer: $0) >= 1 }),
              tile?.conditioningShifts(cfg, pixel: arithmetic).allSatisfy({ abs($0) <= 30 }) ?? true else { return nil }
        var values: [String: [Float]] = [:]
        for name in cfg.tensorShapes.keys { values[name] = file.values(name) }
        for (name, bits) in arithmetic.grids(cfg) {
            let scale = Double(sign: .plus, exponent: bits, significand: 1), limit: Double = name.hasSuffix(".weight") ? 32767 : 2_147_483_647
            values[name] = values[name]!.map { v in Float(min(max((Double(v) * scale).rounded(.toNearestOrEven), -limit), limit) / scale) }
        }
        return (arithmetic, values)
    }

    /// The bits of the tiles' pixels under `model`'s tables, each tile given its posterior mean.
    public static func pixelBits(_ model: CodingModel, tiles: [[UInt8]], maxValue: Int) -> Double {
        let workspace = CodingWorkspace(model: model)
        let precision = BitsBackParameters(for: model.config.pixelModel).pixelPrecision
        var table = PixelTable(model: model, maxValue: maxValue, precision: precision)
        let count = model.config.pixelModel.outputChannels
        var bits = 0.0
        for pixels in tiles {
            let z = model.posterior(pixels, maxValue: maxValue).mean.map { Float($0) }
            workspace.pixelCNN.condition(on: z, maxValue: maxValue)
            var outputs = workspace.pixelCNN.outputs(for: pixels)
            outputs.withUnsafeMutableBufferPointer { out in
                for p in pixels.indices {
                    table.set(out.baseAddress! + p * count, model: model)
                    bits += table.informationContent(of: pixels[p])
                }
            }
        }
        return bits
    }
}

extension PixelArithmetic {
    /// The metadata value: this JSON with sorted keys.
    public var json: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try! encoder.encode(self), as: UTF8.self)
    }
}
