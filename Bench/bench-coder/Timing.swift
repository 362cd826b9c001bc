import Foundation

/// Runs `body` `runs` times and returns the median CPU time of this thread, in seconds.
///
/// Thread CPU time rather than wall time: the bench machine is shared (2 cores, several
/// builds at once), and CPU time does not count the slices other processes take.
func medianSeconds(runs: Int, _ body: () -> Void) -> Double {
    var times: [Double] = []
    for _ in 0..<runs {
        let start = threadCPUSeconds()
        body()
        times.append(threadCPUSeconds() - start)
    }
    times.sort()
    return times[times.count / 2]
}

private func threadCPUSeconds() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) * 1e-9
}

/// Stops the benchmark when a decode does not reproduce its input: a fast wrong coder is worthless.
func verify(_ condition: Bool, _ message: String) {
    if !condition {
        print("bench-coder: verification failed: \(message)")
        exit(1)
    }
}
