import ModelFile
import VLAE

/// The model file a command works with: `path` when given, else the shipped model for images
/// of values 0 … `maxValue` (bi-level or grayscale).
func modelFile(path: String?, maxValue: Int) throws -> ModelFile {
    guard let path else { return try ShippedModel(maxValue: maxValue).load() }
    return try ModelFile(contentsOfFile: path)
}

/// The model's tiles of a data set: the images themselves when they are tile-sized, else the
/// crops `TrainingImages` draws with a fixed seed (the same tiles on every run), each in the
/// canvas of a model's first layer.
func evaluationTiles(_ images: TrainingImages, config: VLAEConfig) -> ImageSet {
    images.tiles(canvas: config.canvas, seed: 0xE7A1)
}
