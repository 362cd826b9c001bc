import ArgumentParser
import DeterministicMath
import Foundation
import ImageIO
import ModelFile
import VLAE
import VLAECoding

/// The picture of the VLAE's lossy code (Chen et al. 2017, Fig. 2): each row is a test image,
/// then images drawn from p(x|z) with one z drawn from q(z|x). What the samples share is what z
/// keeps; what varies is what the small-field PixelCNN fills in.
struct LossyCode: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lossy-code", abstract: "Draw originals beside samples from p(x|z), z from the posterior, as a PNG.")

    @Option(help: "Images (the kinds `train --data` reads), cut into the model's tiles; bi-level or grayscale, matching the model.")
    var data = "../shared/data/binarized-mnist/test-images-idx3-ubyte.gz"
    @Option(help: "Model file (safetensors); default: the shipped model for the data (bi-level or 8-bit).")
    var model: String?
    @Option(help: "Rows: images taken evenly across the file.")
    var digits = 16
    @Option(help: "Samples per image.")
    var samples = 5
    @Option var seed: UInt64 = 1
    @Option(help: "Output PNG.")
    var out = "Bench/results/lossy-code.png"

    func run() throws {
        let source = try TrainingImages.load(paths: [data])
        let file = try modelFile(path: model, maxValue: source.maxValue)
        let images = evaluationTiles(source, config: file.config)
        try images.check(fits: file.config.pixelModel)
        let coding = CodingModel(file)
        let side = file.config.tile
        let state = PixelCNNState(model: coding)
        var rng = SplitMix64(seed: seed)
        let (scale, gap, columns) = (3, 4, samples + 1)
        let cell = side * scale + gap
        let (width, height) = (columns * cell + gap, digits * cell + gap)
        var canvas = [UInt8](repeating: 200, count: width * height)
        for row in 0..<digits {
            let index = row * images.count / digits
            let original = images.tile(index)
            let z = coding.posteriorSample(original, maxValue: images.maxValue, rng: &rng)
            let tiles = [original] + (0..<samples).map { _ in coding.sample(z: z, maxValue: images.maxValue, state: state, rng: &rng) }
            for (column, tile) in tiles.enumerated() {
                for p in 0..<(side * side * scale * scale) {
                    let (y, x) = (p / (side * scale), p % (side * scale))
                    let v = Int(tile[(y / scale) * side + x / scale])
                    // Bi-level: ink (1) black on white; grayscale as it is.
                    let value = UInt8(images.maxValue == 1 ? 255 * (1 - v) : v * 255 / images.maxValue)
                    canvas[(gap + row * cell + y) * width + gap + column * cell + x] = value
                }
            }
        }
        try Data(PNGWriter.grayscale(width: width, height: height, pixels: canvas)).write(to: URL(fileURLWithPath: out), options: .atomic)
        print("wrote \(out): \(digits) images (first column) and \(samples) samples each from p(x|z), z ~ q(z|x)")
    }
}
