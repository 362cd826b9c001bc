import Dispatch

/// Monotonic wall-clock timing (`DispatchTime` is CLOCK_MONOTONIC on Linux, immune to clock steps).
enum Stopwatch {
    static func now() -> UInt64 { DispatchTime.now().uptimeNanoseconds }

    static func seconds(since start: UInt64) -> Double { Double(now() - start) * 1e-9 }

    /// Seconds taken by `body`.
    static func time(_ body: () -> Void) -> Double {
        let start = now()
        body()
        return seconds(since: start)
    }

    /// How many back-to-back calls of a body taking `once` seconds fill at least `target` seconds,
    /// so that short kernels are timed over many calls rather than at the clock's resolution.
    static func repetitions(once: Double, target: Double) -> Int {
        once >= target ? 1 : min(10_000, Int((target / max(once, 1e-7)).rounded(.up)))
    }
}

extension Array where Element == Double {
    /// The median (mean of the middle two for an even count). - Precondition: not empty.
    var median: Double {
        precondition(!isEmpty, "median of no samples")
        let s = sorted(), m = s.count / 2
        return s.count % 2 == 1 ? s[m] : (s[m - 1] + s[m]) / 2
    }
}
