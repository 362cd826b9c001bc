/// The images of a Netpbm document, in file order, stored compactly when they are all alike.
///
/// Invariants (checked by the initializers): at least one image; the pixels of all images add up
/// to at most `VZFormat.maxPixelsPerFile`; the storage is canonical, i.e. uniform exactly when
/// all images are equal, so two lists with the same elements are `==` and encode identically.
/// A uniform list of n images takes O(1) memory, which is why this is not an `[ImageShape]`.
public struct ImageList: RandomAccessCollection, Hashable, Sendable {
    private enum Storage: Hashable, Sendable {
        case uniform(ImageShape, count: Int)
        case explicit([ImageShape])
    }

    private let storage: Storage

    /// Pixels summed over all images.
    public let totalPixels: Int

    /// Bytes of the sample stream of all images (see `InputSource.sampleStreamLength`).
    public let sampleStreamLength: Int

    /// - Complexity: O(n).
    /// - Throws: `.badDimension` for an empty list, `.pixelCountOverLimit`.
    public init(_ shapes: [ImageShape]) throws {
        guard let first = shapes.first else {
            throw ContainerError.badDimension(field: "image count", value: 0)
        }
        if shapes.allSatisfy({ $0 == first }) {
            try self.init(repeating: first, count: shapes.count)
            return
        }
        var pixels: UInt64 = 0
        var streamLength = 0
        for shape in shapes {
            pixels += UInt64(shape.pixelCount)
            guard pixels <= UInt64(VZFormat.maxPixelsPerFile) else {
                throw ContainerError.pixelCountOverLimit(pixels, limit: VZFormat.maxPixelsPerFile)
            }
            streamLength += shape.pixelCount * shape.bytesPerSample
        }
        self.init(storage: .explicit(shapes), totalPixels: Int(pixels), sampleStreamLength: streamLength)
    }

    /// `count` copies of `shape`.
    /// - Throws: `.badDimension` unless `1 <= count <= UInt32.max`, `.pixelCountOverLimit`.
    public init(repeating shape: ImageShape, count: Int) throws {
        try checkDimension(count, field: "image count")
        let pixels = UInt64(count) * UInt64(shape.pixelCount)
        guard pixels <= UInt64(VZFormat.maxPixelsPerFile) else {
            throw ContainerError.pixelCountOverLimit(pixels, limit: VZFormat.maxPixelsPerFile)
        }
        self.init(storage: .uniform(shape, count: count), totalPixels: Int(pixels),
                  sampleStreamLength: Int(pixels) * shape.bytesPerSample)
    }

    private init(storage: Storage, totalPixels: Int, sampleStreamLength: Int) {
        self.storage = storage
        self.totalPixels = totalPixels
        self.sampleStreamLength = sampleStreamLength
    }

    /// True when all images are equal (and so stored as one entry and a count).
    public var isUniform: Bool {
        if case .uniform = storage { return true }
        return false
    }

    public var startIndex: Int { 0 }

    public var endIndex: Int {
        switch storage {
        case let .uniform(_, count): return count
        case let .explicit(shapes): return shapes.count
        }
    }

    public subscript(position: Int) -> ImageShape {
        switch storage {
        case let .uniform(shape, count):
            precondition(position >= 0 && position < count, "ImageList index out of range")
            return shape
        case let .explicit(shapes):
            return shapes[position]
        }
    }
}
