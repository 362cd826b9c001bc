import ArgumentParser
import Foundation
import ModelFile
import VLAE
import VLAECoding

/// Writes the integer version of a model (`PixelQuantizer`, `TileQuantizer`), whose pixel and
/// latent tables are exact by construction on any CPU, and reports what it costs in bits on
/// calibration tiles.
struct Quantize: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a model the coder runs in integers (int16 weights and activations, int32 sums), choosing its scales on your images.")

    @Option(help: ArgumentHelp("The float model: a model file, or a shipped model's name such as vlae-binarized-mnist.", valueName: "model"))
    var model: String
    @Option(parsing: .upToNextOption, help: ArgumentHelp("Calibration images (the kinds `train --data` reads), cut into the model's tiles: held-out images, not the training set (on these the rounding can look free and is not).", valueName: "path"))
    var data: [String]
    @Option(help: "Calibration tiles taken from --data.")
    var tiles = 1000
    @Option(help: "The model file to write.")
    var out: String
    @Option(help: "The model's name (default: the float model's, with -int16 added).")
    var name: String?

    func run() throws {
        let file = try ShippedModel(rawValue: model)?.load() ?? ModelFile(contentsOfFile: model)
        guard file.pixelArithmetic == nil else { throw ValidationError("\(model) is already quantised") }
        let source = try TrainingImages.load(paths: data)
        let images = evaluationTiles(source, config: file.config).prefix(tiles)
        try images.check(fits: file.config.pixelModel)
        let s2 = file.config.pixels
        let calibration = (0..<images.count).map { Array(images.pixels[($0 * s2)..<(($0 + 1) * s2)]) }
        let result = try PixelQuantizer.quantize(file, tiles: calibration, maxValue: images.maxValue)
        for c in result.candidates {
            print("hidden bits \(c.hiddenBits), headroom \(c.headroom): " + (c.bits.map { String(format: "%.1f pixel bits", $0) } ?? "not representable"))
        }
        let a = result.arithmetic, pixels = Double(calibration.count * s2)
        print(String(format: "chosen: hidden bits %d, weight bits %@ | pixel bits on %d tiles: float %.4f, integer %.4f bits/dim (%+.3f%%)",
                     a.hiddenBits, a.weightBits.map(String.init).joined(separator: " "), calibration.count,
                     result.floatBits / pixels, result.integerBits / pixels, 100 * (result.integerBits / result.floatBits - 1)))
        // The float model's other metadata (its training summary) travels along.
        var extra = file.metadata.filter { ![ModelFile.formatKey, ModelFile.configKey, ModelFile.nameKey].contains($0.key) }
        extra[PixelArithmetic.metadataKey] = a.json
        let bytes = ModelFile.encode(config: file.config, values: result.values, name: name ?? file.name + "-int16", extra: extra)
        _ = try ModelFile(bytes: bytes, origin: .file(path: out))
        try Data(bytes).write(to: URL(fileURLWithPath: out), options: .atomic)
        print("wrote \(out)")
    }
}
