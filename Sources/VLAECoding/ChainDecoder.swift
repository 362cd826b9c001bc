import EntropyCoder

/// Decodes one to four chains of a payload in lock-step: step k pops the k-th tile of each
/// chain's decoding order, and when several tiles are coded with the model their pixels are
/// decoded together, one pixel of each per step of the PixelCNN (`PixelCNNState`'s lanes), so
/// the tiles' sums share their passes over the weights. Everything else (flags, latents, the
/// posterior's push) runs one lane after the other, exactly as for a lone chain.
struct ChainDecoder {
    /// One chain: its message and its tiles in decoding order.
    struct Lane {
        let range: Range<Int>
        let order: [Int]
        var stack: RansStack
        var flags = BlankTileFlags()
    }

    /// A tile whose latents are popped and whose pixels come next.
    struct Pending {
        let lane: Int
        let t: Int
        let codec: BitsBackCodec
        let particle: Particle
        let band: [Int16]?
        var decoding: TileDecoding
    }

    let coder: VLAEImageCoder
    let places: [VLAEImageCoder.TilePlace]
    var lanes: [Lane]
    let workspace: CodingWorkspace

    init(coder: VLAEImageCoder, chains: Range<Int>, ranges: [Range<Int>], stacks: [RansStack], places: [VLAEImageCoder.TilePlace]) {
        self.coder = coder
        self.places = places
        lanes = chains.map { j in
            Lane(range: ranges[j], order: coder.hasContext ? Array(ranges[j]) : Array(ranges[j].reversed()), stack: stacks[j])
        }
        workspace = CodingWorkspace(model: coder.codec.model, lanes: lanes.count)
    }

    /// Decodes every tile of the lanes' chains into `pixels` (all images), recording blank tiles in `blank`.
    mutating func run(pixels: UnsafeMutableBufferPointer<UInt8>, blank: UnsafeMutableBufferPointer<Bool>, progress: TileProgress?) {
        let steps = lanes.map(\.order.count).max() ?? 0
        for step in 0..<steps {
            var pending: [Pending] = []
            for l in lanes.indices where step < lanes[l].order.count {
                if let tile = startTile(lane: l, step: step, pixels: pixels, blank: blank) { pending.append(tile) } else { progress?.advance() }
            }
            popPixels(&pending)
            // The lanes' posteriors together (the particles' codecs compute their own).
            let batched = pending.count > 1 && pending.allSatisfy { $0.codec.parameters.particles == 1 }
            let posteriors = batched ? coder.codec.model.posteriors(pending.map { ($0.decoding.tile.pixels, places[$0.t].image.maxValue) }) : []
            for (k, item) in pending.enumerated() {
                let tile = item.decoding.tile
                item.codec.finishPop(tile, particle: item.particle, pixelBits: item.decoding.bits, maxValue: places[item.t].image.maxValue,
                                     band: item.band, stack: &lanes[item.lane].stack, using: workspace,
                                     posterior: batched ? posteriors[k] : nil)
                let place = places[item.t], size = place.size, side = coder.side
                for r in 0..<size.height {
                    for c in 0..<size.width {
                        pixels[place.offset + (place.row * side + r) * place.image.width + place.column * side + c] = tile.pixels[r * side + c]
                    }
                }
                progress?.advance()
            }
        }
    }

    /// Pops the flag of lane `l`'s tile at `step` (if it has one) and, unless the tile is blank,
    /// its latents, and conditions the lane's PixelCNN on them.
    mutating func startTile(lane l: Int, step: Int, pixels: UnsafeMutableBufferPointer<UInt8>,
                            blank: UnsafeMutableBufferPointer<Bool>) -> Pending? {
        let t = lanes[l].order[step], place = places[t], size = place.size, range = lanes[l].range
        if coder.flagged(place) {
            let context = coder.flagContext(t, places: places, chainStart: range.lowerBound, blank: blank)
            blank[t] = lanes[l].flags.codec(context: context).pop(from: &lanes[l].stack)
            lanes[l].flags.update(context: context, isBlank: blank[t])
        }
        guard !blank[t] else { return nil }
        let band = coder.hasContext ? coder.band(of: t, places: places, chainStart: range.lowerBound, pixels: UnsafeBufferPointer(pixels)) : nil
        let codec = coder.codec(atPushPosition: lanes[l].order.count - 1 - step)
        let particle = codec.popUnderPrior(from: &lanes[l].stack, using: workspace)
        workspace.pixelCNN.condition(on: particle.z, maxValue: size.maxValue, lane: l)
        if let band { workspace.pixelCNN.setBand(band, lane: l) }
        return Pending(lane: l, t: t, codec: codec, particle: particle, band: band,
                       decoding: TileDecoding(codec: codec, validWidth: size.width, validHeight: size.height, maxValue: size.maxValue,
                                              countingBits: codec.countsPixelBits))
    }

    /// Pops the pending tiles' pixels in raster order, all lanes up to the last pending one at each
    /// pixel when more than one is pending (a lane without a tile computes numbers nobody reads).
    mutating func popPixels(_ pending: inout [Pending]) {
        guard let last = pending.last?.lane else { return }
        let state = workspace.pixelCNN, model = coder.codec.model, count = model.config.pixelModel.outputChannels
        // Bi-level tiles of one precision take their frequencies four sigmoids at a time.
        let precision = pending[0].decoding.table.precision
        let together = model.config.pixelModel == .bernoulli && pending.allSatisfy { $0.decoding.table.precision == precision }
        var logits = SIMD4<Float>(), frequencies = SIMD4<UInt32>()
        workspace.outputs.withUnsafeMutableBufferPointer { buffer in
            let out = buffer.baseAddress!
            for p in 0..<model.config.pixels {
                if pending.count == 1 { state.outputs(at: p, lane: last, into: out + last * count) } else { state.outputs(at: p, lanes: last + 1, into: out) }
                if together {
                    for k in pending.indices { logits[k] = out[pending[k].lane * count] }
                    withUnsafePointer(to: &logits) { l in
                        withUnsafeMutablePointer(to: &frequencies) { f in
                            BernoulliCodec.frequenciesOfOne(logits: UnsafeRawPointer(l).assumingMemoryBound(to: Float.self), stride: 1,
                                                            count: pending.count, precision: precision,
                                                            into: UnsafeMutableRawPointer(f).assumingMemoryBound(to: UInt32.self))
                        }
                    }
                }
                for k in pending.indices {
                    let lane = pending[k].lane
                    pending[k].decoding.pop(pixel: p, outputs: out + lane * count, frequencyOfOne: together ? frequencies[k] : nil,
                                            from: &lanes[lane].stack, into: state, lane: lane)
                }
            }
        }
    }
}
