/// How far a fast kernel's output is from the reference kernel's.
enum Agreement {
    /// Normwise relative error `max|fast − ref| / max|ref|`: unlike an element-wise relative error
    /// it stays meaningful for outputs near zero, whose rounding error is relative to the inputs.
    /// Returns infinity for a count mismatch or a non-finite value, so a broken kernel never passes.
    static func error(_ fast: [Float], _ reference: [Float]) -> Double {
        guard fast.count == reference.count, !fast.isEmpty else { return .infinity }
        var diff = 0.0, scale = 0.0
        for (f, r) in zip(fast, reference) {
            guard f.isFinite && r.isFinite else { return .infinity }
            diff = max(diff, Double(abs(f - r)))
            scale = max(scale, Double(abs(r)))
        }
        return scale == 0 ? diff : diff / scale
    }

    /// The worst error over corresponding parts (e.g. weight gradient, bias gradient, input gradient).
    static func error(parts fast: [[Float]], _ reference: [[Float]]) -> Double {
        guard fast.count == reference.count else { return .infinity }
        return zip(fast, reference).map { error($0, $1) }.max() ?? .infinity
    }
}
