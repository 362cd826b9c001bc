/// One kernel shape of the shipped model, measured on the fast path and on the reference kernel.
///
/// The fast path runs the full training shape; the reference kernel may run a reduced problem
/// (fewer images or rows) so that it finishes in a fraction of a second. Both rates are nominal
/// FLOPs per second of their own problem, so they compare although the sizes differ.
struct KernelCase {
    let name: String
    /// The shape in words, e.g. `32→32, 5 taps, N=64 28×28`.
    let shape: String
    /// Nominal FLOPs of one fast call and of one reference call.
    let fastFlops: Double
    let referenceFlops: Double
    /// How much smaller the reference problem is, for the table (e.g. `N=4`, `m=8`, or `same`).
    let referenceSize: String
    /// One call of the fast path on the full shape.
    let fast: () -> Void
    /// One call of the reference kernel; returns its outputs, as parts.
    let reference: () -> [[Float]]
    /// The fast path's outputs for the reference's problem (taken from the last fast call where
    /// that problem is part of it, else computed afresh), parts in the same order.
    let fastOutputForReference: () -> [[Float]]
}

/// The medians over runs of one `KernelCase`.
struct KernelResult {
    let name: String
    let shape: String
    let referenceSize: String
    let fastGFLOPS: Double
    let referenceGFLOPS: Double
    /// The worst normwise relative error over all runs.
    let maxError: Double
    let runs: Int
    var speedup: Double { fastGFLOPS / referenceGFLOPS }
}

extension KernelCase {
    /// Times the fast path and the reference `runs` times each (after one warm-up call of each)
    /// and compares their outputs on every run.
    /// - Parameter target: seconds one fast sample should last; short kernels repeat to fill it.
    func measure(runs: Int, target: Double = 0.05) -> KernelResult {
        let fastOnce = Stopwatch.time(fast)
        let reps = Stopwatch.repetitions(once: fastOnce, target: target)
        _ = reference()
        var fastRates: [Double] = [], referenceRates: [Double] = [], worst = 0.0
        for _ in 0..<runs {
            let t = Stopwatch.time { for _ in 0..<reps { fast() } }
            fastRates.append(fastFlops * Double(reps) / t * 1e-9)
            var expected: [[Float]] = []
            let tr = Stopwatch.time { expected = reference() }
            referenceRates.append(referenceFlops / tr * 1e-9)
            worst = max(worst, Agreement.error(parts: fastOutputForReference(), expected))
        }
        return KernelResult(name: name, shape: shape, referenceSize: referenceSize, fastGFLOPS: fastRates.median,
                            referenceGFLOPS: referenceRates.median, maxError: worst, runs: runs)
    }
}
