import DeterministicMath

extension CodingModel {
    /// A 28×28 tile drawn from p(x|z), pixel by pixel in raster order with the decoder's
    /// incremental PixelCNN: what the model puts on top of the global code z.
    public func sample(z: [Float], state: PixelCNNState, rng: inout SplitMix64) -> [UInt8] {
        state.condition(on: z)
        var pixels = [UInt8](repeating: 0, count: 784)
        for p in 0..<784 {
            let probability = DMath.sigmoid(Double(state.logit(at: p)))
            pixels[p] = rng.nextDouble() < probability ? 1 : 0
            state.setPixel(p, pixels[p])
        }
        return pixels
    }

    /// z drawn from the posterior q(z|x) of a tile.
    public func posteriorSample(_ pixels: [UInt8], rng: inout SplitMix64) -> [Float] {
        let (mean, std) = posterior(pixels)
        return (0..<latents).map { Float(mean[$0] + std[$0] * rng.nextGaussian()) }
    }
}
