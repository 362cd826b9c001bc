import ModelFile
import ImageIO

/// A set of `side`×`side` tiles with pixels 0 … `maxValue`, row-major, tile after tile: bi-level
/// sets (maxValue 1, 1 = ink) train Bernoulli models, grayscale ones logistic-mixture models.
/// For models with neighbour context each tile also has its canvas band (`TileCanvas.band`): the
/// surrounding pixels of the image it was cut from, −1 where there are none.
public struct ImageSet: Sendable {
    public let count: Int
    public let side: Int
    public let pixels: [UInt8]
    public let maxValue: Int
    /// The canvas the tiles' bands belong to (border 0: no bands).
    public let canvas: TileCanvas
    /// `count × canvas.band.count` values, −1 where the band has no pixel.
    public let bands: [Int16]

    public init(pixels: [UInt8], side: Int, maxValue: Int, canvas: TileCanvas? = nil, bands: [Int16] = []) {
        precondition(side > 0 && pixels.count % (side * side) == 0 && (1...255).contains(maxValue))
        count = pixels.count / (side * side)
        self.side = side
        self.pixels = pixels
        self.maxValue = maxValue
        self.canvas = canvas ?? TileCanvas(side: side, border: 0)
        self.bands = bands
        precondition(self.canvas.side == side && bands.count == count * self.canvas.band.count)
    }

    /// The same tiles seen through `canvas`: bands without pixels (each tile on its own, as an
    /// image of one tile is coded), or these tiles' own bands when the canvas matches.
    public func withCanvas(_ canvas: TileCanvas) -> ImageSet {
        if canvas == self.canvas { return self }
        return ImageSet(pixels: pixels, side: side, maxValue: maxValue, canvas: canvas,
                        bands: [Int16](repeating: -1, count: count * canvas.band.count))
    }

    /// Accepts an IDX array `[count, S, S]` of square images; its values are bi-level when all
    /// are 0 or 1, 8-bit (maxValue 255) otherwise.
    public init(idx: IDXArray) throws {
        guard idx.dimensions.count == 3, idx.dimensions[1] == idx.dimensions[2], idx.dimensions[1] > 0 else {
            throw DataSetError.wrongShape(idx.dimensions)
        }
        self.init(pixels: idx.values, side: idx.dimensions[1], maxValue: idx.values.allSatisfy { $0 <= 1 } ? 1 : 255)
    }

    /// Pixels per tile.
    public var tilePixels: Int { side * side }

    /// The images `range`.
    public subscript(range: Range<Int>) -> ImageSet {
        let b = canvas.band.count
        return ImageSet(pixels: Array(pixels[(range.lowerBound * tilePixels)..<(range.upperBound * tilePixels)]), side: side, maxValue: maxValue,
                        canvas: canvas, bands: Array(bands[(range.lowerBound * b)..<(range.upperBound * b)]))
    }

    /// Tile `index`'s pixels.
    public func tile(_ index: Int) -> [UInt8] { Array(pixels[(index * tilePixels)..<((index + 1) * tilePixels)]) }

    /// The first `n` images.
    public func prefix(_ n: Int) -> ImageSet { self[0..<min(n, count)] }

    /// Whether a model with `pixelModel` can code these images.
    public func check(fits pixelModel: PixelModel) throws {
        if !pixelModel.codes(maxValue: maxValue) { throw DataSetError.notBinary }
    }
}

public enum DataSetError: Error, Equatable, CustomStringConvertible {
    case wrongShape([Int])
    case notBinary

    public var description: String {
        switch self {
        case .wrongShape(let dims): "expected IDX images of shape [count, S, S], found \(dims)"
        case .notBinary: "this model is for bi-level pixels (0 or 1); binarize the data or use a grayscale model"
        }
    }
}
