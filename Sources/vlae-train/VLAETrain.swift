import ArgumentParser
import Foundation
import ImageIO
import Network
import VLAE

@main
struct VLAETrain: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vlae-train",
        abstract: "Train and evaluate VLAE models on 28×28 IDX data (bi-level or 8-bit).",
        subcommands: [Train.self, Eval.self, LossyCode.self])
}

struct Train: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Train a VLAE; resumable, keeps the best model by validation -ELBO.")

    @Option(help: """
        Folder with train-images-idx3-ubyte.gz and, if it has one, valid-images-idx3-ubyte.gz. \
        Bi-level data trains a Bernoulli decoder, 8-bit data a discretized logistic mixture.
        """)
    var data = "../shared/data/binarized-mnist"
    @Option(help: "Without a validation file, the last N training images validate instead of training.")
    var holdout = 5000
    @Option(help: "Logistic mixture components per pixel (8-bit data).")
    var mixtures = 5
    @Option(help: "Where the best model (safetensors) is written.")
    var out = "runs/model.safetensors"
    @Option(help: "Checkpoint file, written every few minutes and at the end.")
    var checkpoint = "runs/checkpoint.safetensors"
    @Flag(help: "Continue from --checkpoint.")
    var resume = false
    @Option(help: "Wall-clock budget in minutes (counting time before a resume).")
    var minutes = 60.0
    @Option(help: "Stop after this many epochs.")
    var epochs = 1000
    @Option(help: "Minutes between checkpoints.")
    var checkpointMinutes = 3.0
    @Option(help: "Seed of initialisation, data order and noise.")
    var seed: UInt64 = 1
    @Option var batch = 64
    @Option(name: .customLong("lr")) var learningRate: Float = 2e-3
    @Option(help: "Free bits: nats of KL per image that get no gradient.")
    var freeNats = 2.0
    @Option var latents = 32
    @Option var channels = 32
    @Option(help: "Residual mask-B PixelCNN layers.")
    var layers = 3
    @Option(help: "Kernel size of the mask-B layers.")
    var kernel = 3
    @Option(help: "Kernel size of the first (mask-A) layer.")
    var firstKernel = 5
    @Option var madeHidden = 320

    func run() throws {
        var config = VLAEConfig()
        config.latents = latents; config.channels = channels; config.layers = layers
        config.kernel = kernel; config.firstKernel = firstKernel; config.madeHidden = madeHidden
        var options = TrainingOptions()
        options.minutes = minutes; options.maxEpochs = epochs; options.checkpointMinutes = checkpointMinutes
        options.seed = seed; options.batch = batch; options.learningRate = learningRate; options.freeNats = freeNats
        var train = try ImageSet(idx: IDXReader.read(contentsOfFile: "\(data)/train-images-idx3-ubyte.gz"))
        let valid: ImageSet
        if FileManager.default.fileExists(atPath: "\(data)/valid-images-idx3-ubyte.gz") {
            valid = try ImageSet(idx: IDXReader.read(contentsOfFile: "\(data)/valid-images-idx3-ubyte.gz"))
        } else {
            guard holdout > 0 && holdout < train.count else { throw ValidationError("--holdout must be in 1..<\(train.count)") }
            (train, valid) = (train[0..<(train.count - holdout)], train[(train.count - holdout)..<train.count])
        }
        config.pixelModel = train.maxValue == 1 ? .bernoulli : .logisticMixture(components: mixtures)
        try valid.check(fits: config.pixelModel)
        for path in [out, checkpoint] {
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent.isEmpty ? "." : (path as NSString).deletingLastPathComponent,
                                                    withIntermediateDirectories: true)
        }
        let trainer = Trainer(config: config, options: options, train: train, validation: valid)
        trainer.log = { print($0); fflush(stdout) }
        if resume { try trainer.resume(from: checkpoint) }
        try trainer.run(modelPath: out, checkpointPath: checkpoint)
    }
}

struct Eval: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Test -ELBO, KL, reconstruction and importance-weighted NLL of a model.")

    @Option(help: "IDX file (.idx or .idx.gz) of 28×28 images.")
    var data: String
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
        var images = try ImageSet(idx: IDXReader.read(contentsOfFile: data))
        if let limit { images = images.prefix(limit) }
        let vlae = try ShippedModel.load(path: model, fallback: ShippedModel(maxValue: images.maxValue))
        try images.check(fits: vlae.config.pixelModel)
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
