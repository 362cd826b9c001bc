/// Bi-level images: each pixel is one decision, predicted by three context models of pixels
/// already coded (pixels outside the image are 0, white) whose probabilities a logistic mixer
/// combines:
/// - *near*: 16 pixels of the two rows above and the left of the pixel's own row, as in JBIG2's
///   generic region with its default template;
/// - *wide*: those and 6 more, reaching 3 rows up and 5 columns left (22 bits);
/// - *small*: 10 of the nearest (JBIG1's template), which learns fastest.
/// Each model keeps one adaptive probability per context, learnt across all the file's images.
struct BiLevelContextModel {
    private var near = [AdaptiveBit](repeating: AdaptiveBit(), count: 1 << 16)
    private var wide = [AdaptiveBit](repeating: AdaptiveBit(), count: 1 << 22)
    private var small = [AdaptiveBit](repeating: AdaptiveBit(), count: 1 << 10)
    private var refiner = ProbabilityRefiner(contexts: 1 << 10, rate: 6)
    private var mixer = LogisticMixer(selectors: 16, initialWeight: 22_000, rate: 2)
    static let nearLimit: UInt8 = 30, wideLimit: UInt8 = 30, smallLimit: UInt8 = 60
    /// Columns of zeros kept on each side of the rolling rows, so that no template needs bounds checks.
    private static let margin = 6

    /// Codes one image of `width`×`height` samples, each 0 or 1, in raster order; the decoder
    /// fills `pixels` in.
    mutating func code<Channel: BitChannel>(_ pixels: UnsafeMutableBufferPointer<UInt8>, width: Int, height: Int,
                                            channel: inout Channel) throws(ContextCodecError) {
        let stride = width + 2 * Self.margin
        var rows = [UInt8](repeating: 0, count: 4 * stride)
        try rows.withUnsafeMutableBufferPointer { (rows) throws(ContextCodecError) in
            for y in 0..<height {
                let row = (y & 3) * stride + Self.margin, up1 = ((y + 3) & 3) * stride + Self.margin
                let up2 = ((y + 2) & 3) * stride + Self.margin, up3 = ((y + 1) & 3) * stride + Self.margin
                for x in 0..<width { rows[row + x] = 0 }
                for x in 0..<width {
                    // Offsets (dx, dy) by bit: 0–2 (−1…1, −2); 3–7 (−2…2, −1); 8–11 (−4…−1, 0);
                    // 12 (3, −1), 13 (−3, −1), 14 (2, −2), 15 (−2, −2).
                    var context = Int(rows[up2 + x - 1]) | Int(rows[up2 + x]) << 1 | Int(rows[up2 + x + 1]) << 2
                    context |= Int(rows[up1 + x - 2]) << 3 | Int(rows[up1 + x - 1]) << 4 | Int(rows[up1 + x]) << 5
                        | Int(rows[up1 + x + 1]) << 6 | Int(rows[up1 + x + 2]) << 7
                    context |= Int(rows[row + x - 4]) << 8 | Int(rows[row + x - 3]) << 9 | Int(rows[row + x - 2]) << 10
                        | Int(rows[row + x - 1]) << 11
                    context |= Int(rows[up1 + x + 3]) << 12 | Int(rows[up1 + x - 3]) << 13 | Int(rows[up2 + x + 2]) << 14
                        | Int(rows[up2 + x - 2]) << 15
                    // Bits 16–21: (−5, 0), (4, −1), (−4, −1), (0, −3), (−3, −2), (3, −2).
                    let wideContext = context | Int(rows[row + x - 5]) << 16 | Int(rows[up1 + x + 4]) << 17 | Int(rows[up1 + x - 4]) << 18
                        | Int(rows[up3 + x]) << 19 | Int(rows[up2 + x - 3]) << 20 | Int(rows[up2 + x + 3]) << 21
                    // Bits 0–9: rows −2 and −1 as in `context`, then (−2, 0) and (−1, 0).
                    let smallContext = (context & 0xFF) | (context >> 2) & 0x300
                    let selector = Int(rows[row + x - 1]) | Int(rows[up1 + x]) << 1 | Int(min(wide[wideContext].seen, 3)) << 2
                    let one = mixer.mix((near[context].probability, wide[wideContext].probability, small[smallContext].probability),
                                        selector: selector)
                    let refined = refiner.refine(one, context: smallContext)
                    let index = y * width + x
                    let bit = channel.code(Int(pixels[index]), one: (one + 3 * refined) >> 2)
                    mixer.update(bit)
                    refiner.update(bit)
                    near[context].update(bit, limit: Self.nearLimit)
                    wide[wideContext].update(bit, limit: Self.wideLimit)
                    small[smallContext].update(bit, limit: Self.smallLimit)
                    pixels[index] = UInt8(bit)
                    rows[row + x] = UInt8(bit)
                    try channel.endPixel()
                }
            }
        }
    }
}
