import ImageIO

/// Netpbm reader and layout deserialiser. When `NetpbmReader.read` accepts the bytes: writing the
/// document gives the input back byte for byte unless an image was plain (P1/P2), rereading the
/// written file gives the same pixels in the binary variants, and the layout survives its
/// serialised form. When `NetpbmLayout(serialized:)` accepts the bytes, reserialising and
/// parsing again gives the same layout.
enum NetpbmFuzzing {
    static func run(_ bytes: [UInt8]) throws(FuzzViolation) {
        try checkReader(bytes)
        try checkLayout(bytes)
    }

    private static func checkReader(_ bytes: [UInt8]) throws(FuzzViolation) {
        guard let document = try? NetpbmReader.read(bytes) else { return }
        let written = NetpbmWriter.bytes(for: document)
        if !document.images.contains(where: { $0.variant.isPlain }) {
            try require(written == bytes, "a binary Netpbm file is not rewritten byte for byte")
        }
        let reread = try mustParse("the written file does not parse") { try NetpbmReader.read(written) }
        try require(reread.images.map(\.pixels) == document.images.map(\.pixels), "rereading changes the pixels")
        try require(reread.images.map(\.variant) == document.images.map(\.variant.binary), "rereading changes the variants")
        let layout = try mustParse("a reader's layout does not deserialise") {
            try NetpbmLayout(serialized: document.layout.serialized())
        }
        try require(layout == document.layout, "the layout changes through its serialised form")
    }

    /// Limits for layouts read directly from fuzz input. With the defaults a dozen bytes can
    /// announce up to 2^20 images (half a second each to expand, reserialise and compare, which
    /// is all the fuzzer would then do); the limit checks run the same with smaller limits.
    static let layoutMaxPixels = 1 << 20
    static let layoutMaxImages = 1 << 12

    private static func checkLayout(_ bytes: [UInt8]) throws(FuzzViolation) {
        guard let layout = try? NetpbmLayout(serialized: bytes, maxPixels: layoutMaxPixels, maxImages: layoutMaxImages) else { return }
        let again = try mustParse("a parsed layout does not reparse after serialisation") {
            try NetpbmLayout(serialized: layout.serialized(), maxPixels: layoutMaxPixels, maxImages: layoutMaxImages)
        }
        try require(again == layout, "a parsed layout changes through serialisation")
    }
}
