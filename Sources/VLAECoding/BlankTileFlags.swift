import EntropyCoder

/// The flag a bi-level tile without ink is coded with instead of the model, when a file's codec
/// parameters say blank tiles are skipped: one binary symbol per tile, whose probability adapts
/// to the tiles decoded before it in the chain (counts per context, Krichevsky–Trofimov
/// estimate), so the white margins and gaps of a page cost a small fraction of a bit per tile.
/// The context is whether the tiles above and to the left are blank; a tile the decoder does not
/// have (outside the image, or in another chain) counts as blank.
struct BlankTileFlags {
    static let precision = 16
    /// Counts are halved past this total, so the estimate follows a page's changing parts.
    static let countLimit: UInt32 = 1 << 12
    private var blank = [UInt32](repeating: 0, count: 4)
    private var inked = [UInt32](repeating: 0, count: 4)

    static func context(aboveBlank: Bool, leftBlank: Bool) -> Int { (aboveBlank ? 2 : 0) + (leftBlank ? 1 : 0) }

    /// The table of "blank" (`true`) in `context`: f = M (2b + 1) / (2n + 2), clamped to 1 … M − 1.
    func codec(context c: Int) -> BernoulliCodec {
        let m = UInt64(1) << Self.precision
        let f = (m * (2 * UInt64(blank[c]) + 1)) / (2 * UInt64(blank[c] + inked[c]) + 2)
        return BernoulliCodec(frequencyOfOne: UInt32(min(max(f, 1), m - 1)), precision: Self.precision)
    }

    mutating func update(context c: Int, isBlank: Bool) {
        if isBlank { blank[c] += 1 } else { inked[c] += 1 }
        if blank[c] + inked[c] > Self.countLimit {
            blank[c] = (blank[c] + 1) / 2
            inked[c] = (inked[c] + 1) / 2
        }
    }
}
