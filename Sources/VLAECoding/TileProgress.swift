import Foundation

/// Counts the tiles coded so far across the coder's chains, for a progress display: the
/// chains' threads call `advance()`, and `report` is called with (tiles done, tiles in all)
/// from whichever thread advanced, at most every `interval` seconds.
public final class TileProgress: @unchecked Sendable {
    private let lock = NSLock()
    private var done = 0
    private var total = 0
    private var lastReport = Date.distantPast
    private let interval: TimeInterval
    private let report: @Sendable (_ done: Int, _ total: Int) -> Void

    public init(interval: TimeInterval = 0.25, report: @escaping @Sendable (_ done: Int, _ total: Int) -> Void) {
        self.interval = interval
        self.report = report
    }

    /// Starts counting a new run of `tiles` tiles.
    func start(tiles: Int) {
        lock.withLock { (done, total, lastReport) = (0, tiles, Date.distantPast) }
    }

    func advance() {
        let due: (Int, Int)? = lock.withLock {
            done += 1
            let now = Date()
            guard now.timeIntervalSince(lastReport) >= interval || done == total else { return nil }
            lastReport = now
            return (done, total)
        }
        if let due { report(due.0, due.1) }
    }
}
