import ImageIO

/// IDX reader, plain and gzip. When it accepts the bytes: the array satisfies its invariants,
/// writing it gives the input back byte for byte (plain input) and rereading gives the same array.
enum IDXFuzzing {
    static func run(_ bytes: [UInt8]) throws(FuzzViolation) {
        guard let array = try? IDXReader.read(bytes) else { return }
        try require((1...IDXArray.maxRank).contains(array.dimensions.count), "rank \(array.dimensions.count) accepted")
        try require(array.values.count == array.dimensions.reduce(1, *), "value count differs from the dimensions' product")
        let written = IDXWriter.bytes(for: array)
        if !IDXReader.isGzip(bytes) {
            try require(written == bytes, "a plain IDX file is not rewritten byte for byte")
        }
        let reread = try mustParse("the written file does not parse") { try IDXReader.read(written) }
        try require(reread == array, "rereading changes the array")
    }
}
