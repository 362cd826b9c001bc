import Foundation
import Dispatch

/// The number of worker threads the engine splits its work over: one per core the process may
/// use (`vlae-train --threads` overrides it).
public enum Parallel {
    nonisolated(unsafe) public static var workers = ProcessInfo.processInfo.activeProcessorCount

    /// Runs `body` over `0..<count` split into at most `workers` contiguous chunks, concurrently.
    /// Chunks are disjoint, so bodies that write only inside their range need no locking.
    @inlinable
    public static func forChunks(_ count: Int, minimumChunk: Int = 4096, _ body: (Range<Int>) -> Void) {
        let chunks = Swift.max(1, Swift.min(workers, count / Swift.max(1, minimumChunk)))
        if chunks == 1 { body(0..<count); return }
        DispatchQueue.concurrentPerform(iterations: chunks) { c in
            let lo = count * c / chunks, hi = count * (c + 1) / chunks
            body(lo..<hi)
        }
    }

    /// Runs `body` with every kernel single-threaded (element-wise loops and OpenBLAS), for a
    /// caller that splits its work over the threads itself (`VLAE`'s data-parallel steps).
    public static func withSerialKernels<T>(_ body: () throws -> T) rethrows -> T {
        let saved = workers
        workers = 1
        Gemm.setThreads(1)
        defer { workers = saved; Gemm.setThreads(saved) }
        return try body()
    }
}
