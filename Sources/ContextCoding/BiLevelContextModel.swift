/// Bi-level images: each pixel coded as one decision whose context is 16 pixels already coded
/// around it (the two rows above and the left of its own row; pixels outside the image are 0,
/// white), as in JBIG2's generic region with its default template. One probability per
/// context, learnt across all the file's images.
struct BiLevelContextModel {
    private var contexts = [AdaptiveBit](repeating: AdaptiveBit(), count: 1 << 16)
    /// Contexts are many and each sees few pixels: let them settle more slowly than the
    /// grayscale model's.
    static let limit: UInt8 = 20

    /// Codes one image of `width`×`height` samples, each 0 or 1, in raster order; the decoder
    /// fills `pixels` in. The template's offsets (dx, dy): (−1…1, −2), (−2…2, −1), (−4…−1, 0),
    /// and (3, −1), (−3, −1), (2, −2), (−2, −2).
    mutating func code<Channel: BitChannel>(_ pixels: UnsafeMutableBufferPointer<UInt8>, width: Int, height: Int,
                                            channel: inout Channel) throws(ContextCodecError) {
        // Three rows with 4 zero pixels of margin on each side, so the template needs no bounds checks.
        let stride = width + 8
        var rows = [UInt8](repeating: 0, count: 3 * stride)
        try rows.withUnsafeMutableBufferPointer { (rows) throws(ContextCodecError) in
            for y in 0..<height {
                let up2 = ((y + 1) % 3) * stride + 4, up1 = ((y + 2) % 3) * stride + 4, row = (y % 3) * stride + 4
                for x in 0..<width { rows[row + x] = 0 }
                for x in 0..<width {
                    var context = Int(rows[up2 + x - 1]) | Int(rows[up2 + x]) << 1 | Int(rows[up2 + x + 1]) << 2
                    context |= Int(rows[up1 + x - 2]) << 3 | Int(rows[up1 + x - 1]) << 4 | Int(rows[up1 + x]) << 5
                        | Int(rows[up1 + x + 1]) << 6 | Int(rows[up1 + x + 2]) << 7
                    context |= Int(rows[row + x - 4]) << 8 | Int(rows[row + x - 3]) << 9 | Int(rows[row + x - 2]) << 10
                        | Int(rows[row + x - 1]) << 11
                    context |= Int(rows[up1 + x + 3]) << 12 | Int(rows[up1 + x - 3]) << 13 | Int(rows[up2 + x + 2]) << 14
                        | Int(rows[up2 + x - 2]) << 15
                    let index = y * width + x
                    let bit = channel.code(Int(pixels[index]), &contexts[context], limit: Self.limit)
                    pixels[index] = UInt8(bit)
                    rows[row + x] = UInt8(bit)
                    try channel.endPixel()
                }
            }
        }
    }
}
