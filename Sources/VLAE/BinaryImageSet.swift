import ImageIO

/// A set of 28×28 bi-level images with pixels 0/1 (1 = ink), row-major, image after image.
public struct BinaryImageSet: Sendable {
    public let count: Int
    public let pixels: [UInt8]

    public init(pixels: [UInt8]) {
        precondition(pixels.count % 784 == 0)
        count = pixels.count / 784
        self.pixels = pixels
    }

    /// Accepts an IDX array `[count, 28, 28]` whose values are all 0 or 1.
    public init(idx: IDXArray) throws {
        guard idx.dimensions.count == 3, idx.dimensions[1] == 28, idx.dimensions[2] == 28 else {
            throw DataSetError.wrongShape(idx.dimensions)
        }
        guard idx.values.allSatisfy({ $0 <= 1 }) else { throw DataSetError.notBinary }
        self.init(pixels: idx.values)
    }

    /// The first `n` images.
    public func prefix(_ n: Int) -> BinaryImageSet {
        BinaryImageSet(pixels: Array(pixels[0..<(min(n, count) * 784)]))
    }
}

public enum DataSetError: Error, Equatable, CustomStringConvertible {
    case wrongShape([Int])
    case notBinary

    public var description: String {
        switch self {
        case .wrongShape(let dims): "expected IDX images of shape [count, 28, 28], found \(dims)"
        case .notBinary: "expected bi-level pixels (0 or 1); binarize the data first"
        }
    }
}
