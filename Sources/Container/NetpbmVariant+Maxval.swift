import ImageIO

extension NetpbmVariant {
    /// The maxvals a `.vz` header allows for this variant: exactly 1 for the bitmaps P1 and P4,
    /// 1...65535 for the graymaps P2 and P5 (ImageIO reads graymaps up to 255; the format keeps
    /// room for 16-bit samples).
    ///
    /// The switch is exhaustive on purpose: a variant added to ImageIO must not slip into
    /// version-1 files, so the build stops here until FORMAT.md and the version say how.
    var vzMaxvals: ClosedRange<Int> {
        switch self {
        case .p1, .p4: return 1...1
        case .p2, .p5: return 1...65535
        }
    }
}
