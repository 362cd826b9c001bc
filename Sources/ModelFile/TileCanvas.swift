/// What the first (mask-A) PixelCNN layer reads for one S×S tile: the tile inside a canvas with
/// `border` extra rows above it and `border` extra columns on each side, `border` being the
/// layer's reach. The canvas pixels outside the tile form the *band*: the rows above (over the
/// tile and both border columns) and the columns left of the tile. A band pixel holds the image's
/// pixel there when the decoder has it before this tile (tiles are decoded in raster order) and
/// the network's zero input otherwise (outside the image, or not decoded yet). The columns right
/// of the tile, beside its rows, belong to the next tile and are always zero. With `border` 0 the
/// canvas is the tile itself, and the layer pads with zeros.
public struct TileCanvas: Sendable, Equatable {
    public let side: Int
    public let border: Int

    public init(side: Int, border: Int) {
        precondition(side > 0 && border >= 0)
        self.side = side
        self.border = border
    }

    public var width: Int { side + 2 * border }
    public var height: Int { side + border }
    public var count: Int { width * height }

    /// The canvas index of the pixel `dy` rows below and `dx` columns right of the tile's first pixel.
    @inline(__always)
    public func index(dy: Int, dx: Int) -> Int { (dy + border) * width + dx + border }

    /// The canvas index of tile pixel `p` (row-major in the tile).
    @inline(__always)
    public func index(ofTilePixel p: Int) -> Int { index(dy: p / side, dx: p % side) }

    /// The band's pixels relative to the tile's first pixel, in a fixed order: the rows above,
    /// top to bottom, then the left columns, row by row.
    public var band: [(dy: Int, dx: Int)] {
        var offsets: [(dy: Int, dx: Int)] = []
        for dy in -border..<0 { for dx in -border..<(side + border) { offsets.append((dy, dx)) } }
        for dy in 0..<side { for dx in -border..<0 { offsets.append((dy, dx)) } }
        return offsets
    }
}
