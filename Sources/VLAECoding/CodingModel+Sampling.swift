import DeterministicMath

extension CodingModel {
    /// An S×S tile of values 0 … `maxValue` drawn from p(x|z), pixel by pixel in raster order
    /// with the decoder's incremental PixelCNN and the coder's own tables (a uniform slot per
    /// pixel): what the model puts on top of the global code z.
    public func sample(z: [Float], maxValue: Int, state: PixelCNNState, rng: inout SplitMix64) -> [UInt8] {
        state.condition(on: z, maxValue: maxValue)
        let precision = BitsBackParameters(for: config.pixelModel).pixelPrecision
        var table = PixelTable(model: self, maxValue: maxValue, precision: precision)
        var pixels = [UInt8](repeating: 0, count: config.pixels)
        var outputs = [Float](repeating: 0, count: config.pixelModel.outputChannels)
        outputs.withUnsafeMutableBufferPointer { out in
            for p in 0..<config.pixels {
                state.outputs(at: p, into: out.baseAddress!)
                table.set(out.baseAddress!, model: self)
                pixels[p] = table.value(containing: UInt32(truncatingIfNeeded: rng.next() >> UInt64(64 - precision)))
                state.setPixel(p, pixels[p])
            }
        }
        return pixels
    }

    /// z drawn from the posterior q(z|x) of a tile of values 0 … `maxValue`, one latent at a
    /// time from its conditionals.
    public func posteriorSample(_ pixels: [UInt8], maxValue: Int, rng: inout SplitMix64) -> [Float] {
        let q = Posterior(model: self)
        q.start(posterior(pixels, maxValue: maxValue))
        var z = [Float](repeating: 0, count: latents)
        for i in 0..<latents {
            let (mean, std) = q.next(z: z)
            z[i] = Float(mean + std * rng.nextGaussian())
        }
        return z
    }
}
