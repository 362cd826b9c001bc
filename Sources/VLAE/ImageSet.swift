import ImageIO

/// A set of 28×28 images with pixels 0 … `maxValue`, row-major, image after image: bi-level
/// sets (maxValue 1, 1 = ink) train Bernoulli models, grayscale ones logistic-mixture models.
public struct ImageSet: Sendable {
    public let count: Int
    public let pixels: [UInt8]
    public let maxValue: Int

    public init(pixels: [UInt8], maxValue: Int) {
        precondition(pixels.count % 784 == 0 && (1...255).contains(maxValue))
        count = pixels.count / 784
        self.pixels = pixels
        self.maxValue = maxValue
    }

    /// Accepts an IDX array `[count, 28, 28]`; its values are bi-level when all are 0 or 1,
    /// 8-bit (maxValue 255) otherwise.
    public init(idx: IDXArray) throws {
        guard idx.dimensions.count == 3, idx.dimensions[1] == 28, idx.dimensions[2] == 28 else {
            throw DataSetError.wrongShape(idx.dimensions)
        }
        self.init(pixels: idx.values, maxValue: idx.values.allSatisfy { $0 <= 1 } ? 1 : 255)
    }

    /// The images `range`.
    public subscript(range: Range<Int>) -> ImageSet {
        ImageSet(pixels: Array(pixels[(range.lowerBound * 784)..<(range.upperBound * 784)]), maxValue: maxValue)
    }

    /// The first `n` images.
    public func prefix(_ n: Int) -> ImageSet { self[0..<min(n, count)] }

    /// Whether a model with `pixelModel` can code these images.
    public func check(fits pixelModel: PixelModel) throws {
        if pixelModel == .bernoulli && maxValue != 1 { throw DataSetError.notBinary }
    }
}

public enum DataSetError: Error, Equatable, CustomStringConvertible {
    case wrongShape([Int])
    case notBinary

    public var description: String {
        switch self {
        case .wrongShape(let dims): "expected IDX images of shape [count, 28, 28], found \(dims)"
        case .notBinary: "this model is for bi-level pixels (0 or 1); binarize the data or use a grayscale model"
        }
    }
}
