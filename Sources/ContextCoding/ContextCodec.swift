/// A lossless image codec without a neural network: adaptive context modelling driving the
/// project's rANS coder (FORMAT.md, "The context codec"). It is the fallback for images no
/// model fits (photographs, drawings, pages unlike the page model's): far smaller than zstd
/// on them, and fast (a few million pixels a second).
///
/// Bi-level images are coded pixel by pixel from three mixed context models
/// (`BiLevelContextModel`), grayscale ones by prediction and coded errors
/// (`GrayscaleContextModel`). The images of a file are coded in order with one set of
/// probabilities, so a file of many small images (an IDX of digits) learns across them.
/// The decisions go onto rANS messages of `chunkPixels` pixels each, so the encoder's memory
/// stays bounded for any file size.
public enum ContextCodec {
    /// The size and range of one image: samples 0 … `maxValue`.
    public struct Image: Equatable, Sendable {
        public let width: Int
        public let height: Int
        public let maxValue: Int
        public init(width: Int, height: Int, maxValue: Int) {
            precondition((1...255).contains(maxValue) && (0...ContextCodec.maxWidth).contains(width) && height >= 0)
            self.width = width; self.height = height; self.maxValue = maxValue
        }
    }

    /// The widest image the codec codes: its models keep a few rows of state, tens of bytes per
    /// column, so this bounds their memory (to about 256 MiB) whatever a header declares.
    public static let maxWidth = 1 << 22

    /// Pixels per rANS message.
    static let chunkPixels = 1 << 20
    /// Seed of every message's clean start (no bits-back here: nothing is drawn from it).
    static let seed: UInt64 = 0x766C_6165_0000_0003

    /// Codes the samples (the images' pixels one after another, raster order); `biLevel`
    /// codes every image with the bi-level model and needs every sample to be 0 or 1.
    public static func encode(_ samples: [UInt8], images: [Image], biLevel: Bool) -> [UInt8] {
        var copy = samples
        var channel = RecordingChannel()
        do {
            try code(&copy, images: images, biLevel: biLevel, channel: &channel)
        } catch {
            preconditionFailure("the encoder's channel does not fail: \(error)")
        }
        channel.flush()
        return channel.payload
    }

    /// Decodes a payload of `encode` for the same images and mode.
    public static func decode(_ payload: [UInt8], images: [Image], biLevel: Bool) throws(ContextCodecError) -> [UInt8] {
        let pixels = images.reduce(0) { $0 + $1.width * $1.height }
        var channel = try ReadingChannel(payload: payload, pixels: pixels)
        var samples = [UInt8](repeating: 0, count: pixels)
        try code(&samples, images: images, biLevel: biLevel, channel: &channel)
        try channel.finish()
        return samples
    }

    private static func code<Channel: BitChannel>(_ samples: inout [UInt8], images: [Image], biLevel: Bool,
                                                  channel: inout Channel) throws(ContextCodecError) {
        precondition(samples.count == images.reduce(0) { $0 + $1.width * $1.height })
        var biLevelModel = biLevel ? BiLevelContextModel() : nil
        var grayscaleModel = biLevel ? nil : GrayscaleContextModel()
        var offset = 0
        for image in images {
            let count = image.width * image.height
            try samples.withUnsafeMutableBufferPointer { (all) throws(ContextCodecError) in
                let pixels = UnsafeMutableBufferPointer(rebasing: all[offset..<(offset + count)])
                if biLevelModel != nil {
                    try biLevelModel!.code(pixels, width: image.width, height: image.height, channel: &channel)
                } else {
                    try grayscaleModel!.code(pixels, width: image.width, height: image.height, maxValue: image.maxValue, channel: &channel)
                }
            }
            offset += count
        }
    }
}
