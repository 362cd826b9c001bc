/// The content of one Netpbm file: one or more images and the layout that rebuilds the
/// file's exact bytes from them.
///
/// Invariant: `images.count == layout.images.count` and image `i` stored in its binary
/// variant has exactly the header `layout.images[i].header`.
public struct NetpbmDocument: Equatable, Sendable {
    /// The images, in file order, each in the variant it was read in (or built with).
    public let images: [NetpbmImage]
    /// How to write them back.
    public let layout: NetpbmLayout

    /// A document written canonically (binary variants, canonical headers, nothing trailing).
    ///
    /// - Precondition: `images` is not empty.
    public init(images: [NetpbmImage]) {
        self.images = images
        self.layout = NetpbmLayout.canonical(for: images.map(\.header))
    }

    /// Pairs decoded images with a stored layout.
    ///
    /// - Throws: `NetpbmLayoutError.imageCountMismatch` or `.headerMismatch` when the images
    ///   do not have the layout's headers (their binary variant, dimensions and maxval).
    public init(images: [NetpbmImage], layout: NetpbmLayout) throws {
        guard images.count == layout.images.count else {
            throw NetpbmLayoutError.imageCountMismatch(layout: layout.images.count, images: images.count)
        }
        for (index, image) in images.enumerated() where image.header.binaryHeader != layout.images[index].header {
            throw NetpbmLayoutError.headerMismatch(image: index)
        }
        self.images = images
        self.layout = layout
    }

    init(validatedImages images: [NetpbmImage], layout: NetpbmLayout) {
        self.images = images
        self.layout = layout
    }
}
