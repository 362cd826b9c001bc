import ModelFile

/// Chooses the scales of a float model's per-tile layers (`TileArithmetic`) from calibration
/// tiles: the float layers run on each tile (the latents at the posterior mean) and record the
/// largest magnitude of every layer's sums and of every map a later layer reads.
///
/// A map gets as many fractional bits as int16 holds at twice its largest value (at most 12,
/// the ELU tables' limit); a layer's weights as many as int16 holds and its sums keep 3 bits of
/// headroom below 2^31 (eight times the largest sum seen).
enum TileQuantizer {
    static func scales(_ file: ModelFile, tiles: [[UInt8]], maxValue: Int, pixelInputBits: Int) -> TileArithmetic {
        let model = CodingModel(file), cfg = file.config
        var sums: [String: Float] = [:], maps: [String: Float] = [:], latents: Float = 0
        func record(_ dict: inout [String: Float], _ name: String, _ values: [Float]) {
            dict[name] = max(dict[name] ?? 0, values.reduce(0) { max($0, abs($1)) })
        }
        func elu(_ v: [Float]) -> [Float] {
            var v = v
            CodingKernels.elu(&v, count: v.count)
            return v
        }
        let half = cfg.halfTile * cfg.halfTile, q2 = cfg.quarterTile * cfg.quarterTile
        for pixels in tiles {
            // The encoder.
            let x = pixels.map { cfg.pixelModel.input($0, maxValue: maxValue) }
            var s1 = [Float](repeating: 0, count: half * model.enc1.outChannels)
            model.enc1.applyAll(x, &s1)
            record(&sums, "encoder.conv1", s1)
            let a1 = elu(s1)
            record(&maps, "encoder.conv1", a1)
            var s2 = [Float](repeating: 0, count: q2 * model.enc2.outChannels)
            model.enc2.applyAll(a1, &s2)
            record(&sums, "encoder.conv2", s2)
            let a2 = elu(s2)
            record(&maps, "encoder.conv2", a2)
            var s3 = [Float](repeating: 0, count: model.enc3.outputs)
            model.enc3.apply(a2, &s3)
            record(&sums, "encoder.dense1", s3)
            let a3 = elu(s3)
            record(&maps, "encoder.dense1", a3)
            var s4 = [Float](repeating: 0, count: model.enc4.outputs)
            model.enc4.apply(a3, &s4)
            record(&sums, "encoder.dense2", s4)
            let z = Array(s4.prefix(cfg.latents))
            latents = max(latents, z.reduce(0) { max($0, abs($1)) })
            // The MADE, every unit at once (its masks), on the posterior mean.
            if let made = model.made, let role = cfg.madeRole {
                let (d, h) = (made.latents, made.hidden), degree = (0..<h).map { $0 % (d - 1) + 1 }
                let m1 = (0..<h).map { j in (0..<degree[j]).reduce(made.b1[j]) { $0 + made.w1[j * d + $1] * z[$1] } }
                record(&sums, "\(role).made1", m1)
                let h1 = elu(m1)
                record(&maps, "\(role).made1", h1)
                let m2 = (0..<h).map { j in (0..<h).filter { degree[$0] <= degree[j] }.reduce(made.b2[j]) { $0 + made.w2[j * h + $1] * h1[$1] } }
                record(&sums, "\(role).made2", m2)
                let h2 = elu(m2)
                record(&maps, "\(role).made2", h2)
                let m3 = (0..<(2 * d)).map { o in (0..<h).filter { degree[$0] <= o % d }.reduce(made.b3[o]) { $0 + made.w3[o * h + $1] * h2[$1] } }
                record(&sums, "\(role).made3", m3)
            }
            // The decoder's conditioning.
            var u0 = [Float](repeating: 0, count: model.up0.outputs)
            model.up0.apply(z, &u0)
            record(&sums, "decoder.up0", u0)
            u0 = elu(u0)
            record(&maps, "decoder.up0", u0)
            var u1 = [Float](repeating: 0, count: half * cfg.channels)
            model.up1.apply(u0, &u1)
            record(&sums, "decoder.up1", u1)
            u1 = elu(u1)
            record(&maps, "decoder.up1", u1)
            var c = [Float](repeating: 0, count: cfg.pixels * cfg.channels)
            model.up2.apply(u1, &c)
            record(&sums, "decoder.up2", c)
            record(&maps, "decoder.up2", c)
            for (l, layer) in model.conditioning.enumerated() {
                var t = [Float](repeating: 0, count: cfg.pixels * cfg.channels)
                layer.apply(map: c, &t, count: cfg.pixels)
                record(&sums, "decoder.cond\(l + 1)", t)
            }
        }
        /// The largest number of fractional bits with value·2^bits ≤ limit.
        func bits(fitting value: Float, in limit: Double) -> Int { value > 0 ? Int((limit / Double(value)).exponent) : 30 }
        let latentBits = min(12, bits(fitting: 4 * latents, in: 32767))
        var layers: [String: TileArithmetic.Scales] = [:]
        for layer in TileArithmetic.layers(cfg) {
            let inputBits: Int
            switch layer.reads {
            case .pixels: inputBits = pixelInputBits
            case .latents: inputBits = latentBits
            case .layer(let previous): inputBits = layers[previous]!.outputBits!
            }
            let largestWeight = file.values("\(layer.name).weight").reduce(0) { max($0, abs($1)) }
            let weightBits = min(bits(fitting: largestWeight, in: 32767), bits(fitting: sums[layer.name]!, in: 268_435_456) - inputBits, 30)
            let outputBits = layer.producesMap ? min(12, bits(fitting: 2 * maps[layer.name]!, in: 32767), inputBits + weightBits - 1) : nil
            layers[layer.name] = .init(weightBits: weightBits, outputBits: outputBits)
        }
        return TileArithmetic(latentBits: latentBits, layers: layers)
    }
}
