/// Everything besides the pixels that is needed to rebuild a Netpbm file byte for byte.
///
/// For each image: the header it is written with (always P4 or P5), the verbatim header
/// bytes when the source image was binary (comments, unusual whitespace, and for images
/// after the first the whitespace that preceded their magic), and nonzero P4 row-padding
/// bits. After the last image: any trailing bytes, kept verbatim. Plain (P1/P2) source
/// images get the canonical binary header instead, so they come back pixel-identical as
/// P4/P5.
///
/// The layout is compact (a canonical file costs a few bytes) and serialisable with
/// `serialized()` / `init(serialized:maxPixels:)`, so a container can store it next to the
/// pixels. See `NetpbmLayout+Serialization.swift` for the byte format.
///
/// Invariants: at least one image; every header is P4 or P5; verbatim header bytes parse as
/// exactly that header (the first image's without leading whitespace); `rowPadding` is empty
/// or has one value per row, each below `1 << header.p4PaddingBits`, not all zero, and only
/// for P4 with a width that is not a multiple of 8; `trailingBytes` does not start (after
/// whitespace) with `P1`…`P7`, so rereading the rebuilt file finds the same images.
public struct NetpbmLayout: Equatable, Sendable {
    /// How one image is written.
    public struct ImageLayout: Equatable, Sendable {
        /// The header the image is written with: P4 or P5.
        public let header: NetpbmHeader
        /// The exact bytes from the end of the previous raster (or the file start) to the
        /// first raster byte, or nil for `header.canonicalBytes`.
        public let headerBytes: [UInt8]?
        /// P4 only: the low padding bits of the last byte of each row, or empty when all are zero.
        public let rowPadding: [UInt8]

        /// The bytes written before the raster.
        public var writtenHeaderBytes: [UInt8] { headerBytes ?? header.canonicalBytes }
    }

    /// One entry per image, in file order.
    public let images: [ImageLayout]
    /// Bytes after the last image's raster.
    public let trailingBytes: [UInt8]

    /// Layout of a canonical file holding images with these headers: canonical headers, zero
    /// padding, no trailing bytes. Plain variants are mapped to their binary counterparts.
    ///
    /// - Precondition: `headers` is not empty.
    public static func canonical(for headers: [NetpbmHeader]) -> NetpbmLayout {
        precondition(!headers.isEmpty, "a Netpbm file holds at least one image")
        let images = headers.map { header in
            ImageLayout(header: header.binaryHeader, headerBytes: nil, rowPadding: [])
        }
        return NetpbmLayout(images: images, trailingBytes: [])
    }

    /// Memberwise initializer for code that maintains the invariants itself (reader, deserializer).
    init(images: [ImageLayout], trailingBytes: [UInt8]) {
        self.images = images
        self.trailingBytes = trailingBytes
    }

    /// The headers the images are written with, in file order.
    public var headers: [NetpbmHeader] { images.map(\.header) }

    /// Total pixels over all images.
    public var pixelCount: Int { images.reduce(0) { $0 + $1.header.pixelCount } }
}

extension NetpbmHeader {
    /// The same image stored in its binary variant (P1 → P4, P2 → P5).
    var binaryHeader: NetpbmHeader {
        guard variant.isPlain else { return self }
        return NetpbmHeader(validated: variant.binary, width: width, height: height, maxval: maxval)
    }
}
