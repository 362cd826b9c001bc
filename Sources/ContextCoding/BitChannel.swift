import EntropyCoder

/// Where a context model's binary decisions go: the encoder records them, the decoder reads
/// them back. A model is written once, generic over the channel, so both directions run the
/// same code and update the same probabilities in the same order.
protocol BitChannel {
    /// Codes one decision whose probability of a 1 is `one` / 2^16 (32 … 2^16 − 32). The encoder
    /// codes `bit`; the decoder ignores it and returns the decision it reads.
    mutating func code(_ bit: Int, one: Int32) -> Int
    /// Marks the end of a pixel: every `ContextCodec.chunkPixels` pixels the message is cut.
    mutating func endPixel() throws(ContextCodecError)
}

extension BitChannel {
    /// Codes one decision with `model`'s probability, then updates the model.
    @inline(__always)
    mutating func code(_ bit: Int, _ model: inout AdaptiveBit, limit: UInt8) -> Int {
        let coded = code(bit, one: model.probability)
        model.update(coded, limit: limit)
        return coded
    }
}

/// Bit 1 occupies the top `one` slots of 2^16, bit 0 the rest.
@inline(__always)
private func interval(bit: Int, one: Int32) -> (start: UInt32, frequency: UInt32) {
    bit == 0 ? (0, UInt32((1 << 16) - one)) : (UInt32((1 << 16) - one), UInt32(one))
}

/// The encoder's channel: records each decision with its probability, and at the end of every
/// chunk pushes the chunk's decisions onto a fresh rANS message in reverse (rANS is a stack:
/// the decoder pops them in coding order) and appends it to the payload.
struct RecordingChannel: BitChannel {
    private var decisions: [UInt32] = []
    private var pixelsInChunk = 0
    private(set) var payload: [UInt8] = []

    mutating func code(_ bit: Int, one: Int32) -> Int {
        decisions.append(UInt32(one) << 1 | UInt32(bit))
        return bit
    }

    mutating func endPixel() {
        pixelsInChunk += 1
        if pixelsInChunk == ContextCodec.chunkPixels { flush() }
    }

    /// Writes the open chunk, if it has any pixels.
    mutating func flush() {
        guard pixelsInChunk > 0 else { return }
        var stack = RansStack(seed: ContextCodec.seed, reservingWords: decisions.count / 64 + 16)
        for record in decisions.reversed() {
            let (start, frequency) = interval(bit: Int(record & 1), one: Int32(record >> 1))
            stack.push(start: start, frequency: frequency, precision: AdaptiveBit.precision)
        }
        let message = stack.serialized()
        withUnsafeBytes(of: UInt32(message.count).littleEndian) { payload.append(contentsOf: $0) }
        payload.append(contentsOf: message)
        decisions.removeAll(keepingCapacity: true)
        pixelsInChunk = 0
    }
}

/// The decoder's channel: reads the payload's chunks in order and pops each decision.
struct ReadingChannel: BitChannel {
    private let payload: [UInt8]
    private var offset = 0
    private var stack: RansStack
    private var pixelsInChunk = 0
    private var pixelsLeft: Int

    /// - Parameter pixels: how many pixels the payload codes, which fixes its number of chunks.
    init(payload: [UInt8], pixels: Int) throws(ContextCodecError) {
        // Each chunk takes at least its length and an 8-byte state: refuse a payload too short
        // for the pixels before allocating anything for them.
        let chunks = (pixels + ContextCodec.chunkPixels - 1) / ContextCodec.chunkPixels
        guard payload.count >= 12 * chunks else { throw .truncated }
        self.payload = payload
        pixelsLeft = pixels
        stack = RansStack(seed: ContextCodec.seed)
        if pixels > 0 { try openChunk() }
    }

    private mutating func openChunk() throws(ContextCodecError) {
        guard payload.count - offset >= 4 else { throw .truncated }
        var length = 0
        for i in 0..<4 { length |= Int(payload[offset + i]) << (8 * i) }
        offset += 4
        guard length <= payload.count - offset else { throw .truncated }
        do {
            stack = try RansStack(serialized: Array(payload[offset..<(offset + length)]), seed: ContextCodec.seed)
        } catch {
            throw .badMessage("\(error)")
        }
        offset += length
    }

    mutating func code(_ bit: Int, one: Int32) -> Int {
        let slot = stack.peek(precision: AdaptiveBit.precision)
        let decoded = slot >= UInt32((1 << 16) - one) ? 1 : 0
        let (start, frequency) = interval(bit: decoded, one: one)
        stack.pop(start: start, frequency: frequency, precision: AdaptiveBit.precision)
        return decoded
    }

    mutating func endPixel() throws(ContextCodecError) {
        // The encoder never pops, so a message that runs out is damaged: stop at once.
        guard stack.initialWordsConsumed == 0 else { throw .badMessage("the message ran out") }
        pixelsInChunk += 1
        pixelsLeft -= 1
        guard pixelsInChunk == ContextCodec.chunkPixels || pixelsLeft == 0 else { return }
        do {
            try stack.finishDecoding()
        } catch {
            throw .badMessage("\(error)")
        }
        pixelsInChunk = 0
        if pixelsLeft > 0 { try openChunk() }
    }

    /// Checks that the payload ended with the last chunk.
    func finish() throws(ContextCodecError) {
        guard offset == payload.count else { throw .trailingBytes(payload.count - offset) }
    }
}
