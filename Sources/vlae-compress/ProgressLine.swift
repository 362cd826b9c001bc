import Foundation
import VLAECoding
#if canImport(Glibc)
import Glibc
#endif

/// The progress line on standard error: tiles done of total, rate and time left, redrawn in
/// place. Only when standard error is a terminal and the work has taken over a second; never in
/// pipes, never with `--json` or `-q` (the caller decides those).
final class ProgressLine: @unchecked Sendable {
    private let name: String
    private let start = Date()
    private let lock = NSLock()
    private var shown = false

    init(name: String) { self.name = name }

    /// A progress counter for the coder, or nil when standard error is not a terminal.
    static func forTerminal(name: String) -> (line: ProgressLine, counter: TileProgress)? {
        guard isatty(STDERR_FILENO) != 0 else { return nil }
        let line = ProgressLine(name: name)
        return (line, TileProgress { done, total in line.update(done: done, total: total) })
    }

    func update(done: Int, total: Int) {
        let elapsed = Date().timeIntervalSince(start)
        guard elapsed >= 1, total > 0 else { return }
        let rate = Double(done) / elapsed
        let left = rate > 0 ? Double(total - done) / rate : 0
        let text = String(format: "\r%@: %d/%d tiles (%.0f%%), %.0f tiles/s, %.0f s left\u{1B}[K",
                          name, done, total, 100 * Double(done) / Double(total), rate, left)
        lock.withLock {
            shown = true
            fputs(text, stderr)
        }
    }

    /// Erases the line, if it was drawn.
    func finish() {
        lock.withLock { if shown { fputs("\r\u{1B}[K", stderr) } }
    }
}
