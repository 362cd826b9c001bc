import ArgumentParser
import Foundation
import ImageIO
import ModelFile
import Network
import VLAE

@main
struct VLAETrain: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vlae-train",
        abstract: "Train VLAE models on your images (bi-level or grayscale) and evaluate them.",
        subcommands: [Train.self, Eval.self, LossyCode.self, Export.self, Quantize.self])
}

struct Train: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Train a VLAE on your images; resumable, keeps the best model by validation -ELBO.")

    @Option(parsing: .upToNextOption, help: ArgumentHelp("""
        Training images: IDX (.idx, .idx.gz), Netpbm (P1/P2/P4/P5, every image of a file) or PNG (1- to 8-bit \
        grayscale) files, or directories searched recursively for them. A directory with \
        train-images-idx3-ubyte.gz (MNIST layout) trains on that file and validates on its \
        valid-images-idx3-ubyte.gz if it has one. Bi-level data trains a Bernoulli decoder, grayscale data a \
        discretized logistic mixture.
        """, valueName: "path"))
    var data: [String] = ["../shared/data/binarized-mnist"]
    @Option(parsing: .upToNextOption, help: ArgumentHelp("Validation images (same kinds); default: held out from --data.", valueName: "path"))
    var valid: [String] = []
    @Option(help: "Without validation images, the last N images of --data validate instead of training (default: a tenth, at most 5000).")
    var holdout: Int?
    @Option(help: "Tile side S (a multiple of 4 from 16 to 64): the model sees S×S tiles, trains on S×S crops, and the coder cuts images into S×S tiles.")
    var tile = VLAEConfig.shippedTile
    @Option(help: "A human name stored in the model file (vlae-compress --list-models shows it).")
    var name: String?
    @Option(help: ArgumentHelp("Start from this model's weights (a model file, or a shipped model's name such as vlae-binarized-mnist): every tensor whose shape fits is taken, the rest start fresh.", valueName: "model"))
    var start: String?
    @Option(help: "Logistic mixture components per pixel (grayscale data).")
    var mixtures = 5
    @Option(help: "Where the best model (safetensors) is written.")
    var out = "runs/model.safetensors"
    @Option(help: "Checkpoint file, written every few minutes and at the end (default: OUT with .ckpt added).")
    var checkpoint: String?
    @Flag(help: "Continue from --checkpoint.")
    var resume = false
    @Option(help: "Wall-clock budget in minutes (counting time before a resume).")
    var minutes = 60.0
    @Option(help: "Stop after this many epochs.")
    var epochs = 1000
    @Option(help: "Minutes between checkpoints.")
    var checkpointMinutes = 3.0
    @Option(help: "Seed of initialisation, crops, data order and noise.")
    var seed: UInt64 = 1
    @Option var batch = 64
    @Option(help: "Worker threads (default: one per core). A run's arithmetic depends on it: resume with the same count to continue bit for bit.")
    var threads: Int?
    @Option(name: .customLong("lr")) var learningRate: Float = 2e-3
    @Option(help: "Free bits: nats of KL per image that get no gradient.")
    var freeNats = 2.0
    @Option var latents = 32
    @Option(parsing: .upToNextOption, help: "Channels of the encoder's two strided convolutions.")
    var encoderChannels = [32, 64]
    @Option(help: "Width of the encoder's dense layer.")
    var encoderHidden = 450
    @Option var channels = 32
    @Option(help: "Residual mask-B PixelCNN layers.")
    var layers = 3
    @Option(help: "Kernel size of the mask-B layers.")
    var kernel = 3
    @Option(help: "Kernel size of the first (mask-A) layer; 1 reads no pixels, making the decoder factorized (no PixelCNN context).")
    var firstKernel = 5
    @Option(help: "Hidden width of the MADE (the AF prior's, or the IAF step's).")
    var madeHidden = 320
    @Option(help: "Latent prior: af (an autoregressive flow, the VLAE's) or diagonal (standard normal).")
    var prior = LatentPrior.autoregressive
    @Option(help: "Posterior: diagonal (Gaussian) or iaf (one inverse autoregressive flow step after it; needs --prior diagonal).")
    var posterior = LatentPosterior.diagonal
    @Flag(help: "Train a bi-level model on 8-bit training images, binarized afresh every epoch (each pixel ink with probability v/256); validation images stay as they are.")
    var binarize = false
    @Flag(help: "Let the first PixelCNN layer read the pixels of neighbouring tiles decoded earlier (for large images such as scanned pages).")
    var neighbourContext = false

    func validate() throws {
        if let threads, !(1...1024).contains(threads) { throw ValidationError("--threads must be in 1…1024") }
        guard VLAEConfig.tileSides.contains(tile) else { throw ValidationError("--tile must be a multiple of 4 from 16 to 64") }
        if let name, name.isEmpty || name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) || name.utf8.count > 255 {
            throw ValidationError("--name must be 1 to 255 bytes of printable text")
        }
    }

    func run() throws {
        if let threads { Parallel.workers = threads }
        var config = VLAEConfig()
        config.tile = tile
        config.latents = latents; config.channels = channels; config.layers = layers
        config.encoderChannels = encoderChannels; config.encoderHidden = encoderHidden
        config.kernel = kernel; config.firstKernel = firstKernel; config.madeHidden = madeHidden
        config.neighbourContext = neighbourContext
        config.prior = prior; config.posterior = posterior
        var options = TrainingOptions()
        options.minutes = minutes; options.maxEpochs = epochs; options.checkpointMinutes = checkpointMinutes
        options.seed = seed; options.batch = batch; options.learningRate = learningRate; options.freeNats = freeNats
        options.name = name
        var train = try TrainingImages.load(paths: data)
        if binarize {
            guard train.maxValue == 255 else { throw ValidationError("--binarize needs 8-bit training images (maxval 255); these have maxval \(train.maxValue)") }
            train = train.binarizedEachEpoch()
        }
        let validation: TrainingImages
        if let validPaths = valid.isEmpty ? TrainingImages.validationFile(besides: data).map({ [$0] }) : valid {
            validation = try TrainingImages.load(paths: validPaths)
        } else if train.count == 1 {
            print("note: one training image; validating on crops of it")
            validation = train
        } else {
            let n = holdout ?? min(5000, max(1, train.count / 10))
            guard n > 0 && n < train.count else { throw ValidationError("--holdout must be in 1..<\(train.count)") }
            (train, validation) = (train[0..<(train.count - n)], train[(train.count - n)..<train.count])
        }
        config.pixelModel = train.maxValue == 1 ? .bernoulli : .logisticMixture(components: mixtures)
        try config.validate()
        let validTiles = evaluationTiles(validation, config: config)
        try validTiles.check(fits: config.pixelModel)
        guard train.cropsPerEpoch(side: tile) >= batch else {
            throw ValidationError("the training images give \(train.cropsPerEpoch(side: tile)) tiles per epoch, fewer than a batch of \(batch)")
        }
        let checkpoint = checkpoint ?? out + ".ckpt"
        for path in [out, checkpoint] {
            let folder = (path as NSString).deletingLastPathComponent
            try FileManager.default.createDirectory(atPath: folder.isEmpty ? "." : folder, withIntermediateDirectories: true)
        }
        let startModel = try start.map { name in try ShippedModel(rawValue: name)?.load() ?? ModelFile(contentsOfFile: name) }
        let trainer = Trainer(config: config, options: options, train: train, validation: validTiles, start: startModel)
        trainer.log = { print($0); fflush(stdout) }
        if resume { try trainer.resume(from: checkpoint) }
        try trainer.run(modelPath: out, checkpointPath: checkpoint)
    }
}

extension LatentPrior: ExpressibleByArgument {}
extension LatentPosterior: ExpressibleByArgument {}

struct Eval: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Test -ELBO, KL, reconstruction and importance-weighted NLL of a model.")

    @Option(parsing: .upToNextOption, help: ArgumentHelp("Images to evaluate on (the kinds `train --data` reads), cut into the model's tiles.", valueName: "path"))
    var data: [String]
    @Option(help: "Model file (safetensors); default: the shipped model for the data (bi-level or 8-bit).")
    var model: String?
    @Option(help: "Importance samples per image for the IW bound (1 = plain -ELBO).")
    var samples = 16
    @Option(help: "Evaluate only the first N images.")
    var limit: Int?
    @Option(help: "Seed of the posterior draws.")
    var seed: UInt64 = 1
    @Flag(help: "Print one JSON object on the last line of stdout.")
    var json = false

    func run() throws {
        let source = try TrainingImages.load(paths: data)
        let file = try modelFile(path: model, maxValue: source.maxValue)
        var images = evaluationTiles(source, config: file.config)
        if let limit { images = images.prefix(limit) }
        try images.check(fits: file.config.pixelModel)
        let vlae = VLAEModel(file: file)
        let start = Date()
        let r = vlae.evaluate(images, samples: samples, seed: seed)
        let seconds = Date().timeIntervalSince(start)
        print(String(format: "images %d | -ELBO %.3f nats (%.4f bits/dim) | reconstruction %.3f nats | KL %.3f nats = %.2f bits | IW-NLL(k=%d) %.3f nats | %.1fs",
                     r.images, r.negELBONats, r.bitsPerDim, r.reconstructionNats, r.klNats, r.klBits, r.samples, r.importanceWeightedNLLNats, seconds))
        if json {
            let object: [String: Any] = ["images": r.images, "neg_elbo_nats": r.negELBONats, "bits_per_dim": r.bitsPerDim,
                                         "kl_bits": r.klBits, "kl_nats": r.klNats, "recon_nats": r.reconstructionNats,
                                         "iw_nll_nats": r.importanceWeightedNLLNats, "iw_samples": r.samples, "seconds": seconds]
            print(String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self))
        }
    }
}

struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a checkpoint's averaged weights as a model file, to try a run that has not ended with vlae-compress --model.")

    @Argument(help: "A checkpoint written by train (--checkpoint).")
    var checkpoint: String
    @Option(help: "The model file to write.")
    var out: String
    @Option(help: "The model's name (default: the run's --name).")
    var name: String?

    func run() throws {
        try CheckpointExport.export(checkpoint: checkpoint, to: out, name: name)
        print("wrote \(out)")
    }
}
