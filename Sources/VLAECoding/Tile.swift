/// One 28×28 block of a bi-level image. Pixels outside the image (`row ≥ validHeight` or
/// `column ≥ validWidth`) repeat the nearest real pixel of the tile, so the model sees a
/// natural edge; they are never coded, since a decoder can rebuild them from decoded pixels.
public struct Tile: Equatable, Sendable {
    public static let side = 28
    /// 784 values, 0 or 1, row-major.
    public var pixels: [UInt8]
    public let validWidth: Int
    public let validHeight: Int

    /// Cuts the tile at block (`tileRow`, `tileColumn`) out of a `width`×`height` image and pads it.
    public init(image: [UInt8], width: Int, height: Int, tileRow: Int, tileColumn: Int) {
        let y0 = tileRow * Self.side, x0 = tileColumn * Self.side
        validWidth = min(Self.side, width - x0)
        validHeight = min(Self.side, height - y0)
        precondition(validWidth > 0 && validHeight > 0)
        var pixels = [UInt8](repeating: 0, count: 784)
        for r in 0..<Self.side {
            for c in 0..<Self.side {
                pixels[r * Self.side + c] = image[(y0 + min(r, validHeight - 1)) * width + x0 + min(c, validWidth - 1)]
            }
        }
        self.pixels = pixels
    }

    /// An empty tile to be filled by a decoder.
    init(validWidth: Int, validHeight: Int) {
        self.validWidth = validWidth
        self.validHeight = validHeight
        pixels = [UInt8](repeating: 0, count: 784)
    }

    @inline(__always)
    func isReal(_ p: Int) -> Bool { p / Self.side < validHeight && p % Self.side < validWidth }

    /// The real pixel a padding pixel repeats (raster-earlier, so a decoder already has it).
    @inline(__always)
    func source(of p: Int) -> Int { min(p / Self.side, validHeight - 1) * Self.side + min(p % Self.side, validWidth - 1) }

    /// Writes the tile's real pixels back into a `width`-wide image.
    public func paste(into image: inout [UInt8], width: Int, tileRow: Int, tileColumn: Int) {
        for r in 0..<validHeight {
            for c in 0..<validWidth { image[(tileRow * Self.side + r) * width + tileColumn * Self.side + c] = pixels[r * Self.side + c] }
        }
    }

    /// The tiles of an image in raster order of the tile grid.
    public static func tiles(of image: [UInt8], width: Int, height: Int) -> [Tile] {
        let grid = ImageSize(width: width, height: height)
        let columns = grid.tileColumns
        return (0..<grid.tiles).map { Tile(image: image, width: width, height: height, tileRow: $0 / columns, tileColumn: $0 % columns) }
    }
}
