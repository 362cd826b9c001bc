/// One `side`×`side` block of an image. Pixels outside the image (`row ≥ validHeight` or
/// `column ≥ validWidth`) repeat the nearest real pixel of the tile, so the model sees a
/// natural edge; they are never coded, since a decoder can rebuild them from decoded pixels.
public struct Tile: Equatable, Sendable {
    public let side: Int
    /// side² values, 0 … maxValue, row-major.
    public var pixels: [UInt8]
    public let validWidth: Int
    public let validHeight: Int

    /// Cuts the tile at block (`tileRow`, `tileColumn`) out of a `width`×`height` image and pads it.
    public init(image: [UInt8], width: Int, height: Int, tileRow: Int, tileColumn: Int, side: Int) {
        let y0 = tileRow * side, x0 = tileColumn * side
        self.side = side
        validWidth = min(side, width - x0)
        validHeight = min(side, height - y0)
        precondition(validWidth > 0 && validHeight > 0)
        var pixels = [UInt8](repeating: 0, count: side * side)
        for r in 0..<side {
            for c in 0..<side {
                pixels[r * side + c] = image[(y0 + min(r, validHeight - 1)) * width + x0 + min(c, validWidth - 1)]
            }
        }
        self.pixels = pixels
    }

    /// An empty tile to be filled by a decoder.
    init(validWidth: Int, validHeight: Int, side: Int) {
        self.side = side
        self.validWidth = validWidth
        self.validHeight = validHeight
        pixels = [UInt8](repeating: 0, count: side * side)
    }

    @inline(__always)
    func isReal(_ p: Int) -> Bool { p / side < validHeight && p % side < validWidth }

    /// The real pixel a padding pixel repeats (raster-earlier, so a decoder already has it).
    @inline(__always)
    func source(of p: Int) -> Int { min(p / side, validHeight - 1) * side + min(p % side, validWidth - 1) }

    /// The tiles of an image in raster order of the tile grid.
    public static func tiles(of image: [UInt8], width: Int, height: Int, side: Int) -> [Tile] {
        let columns = ImageSize(width: width, height: height).tileColumns(side: side)
        return (0..<ImageSize(width: width, height: height).tiles(side: side)).map {
            Tile(image: image, width: width, height: height, tileRow: $0 / columns, tileColumn: $0 % columns, side: side)
        }
    }
}
