#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The paths an interrupted run must remove, for the signal handler: C strings and whether each
/// is a directory, in a buffer allocated before any is created (a handler may not allocate).
private nonisolated(unsafe) var pendingPaths: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?
private nonisolated(unsafe) var pendingIsDirectory: UnsafeMutablePointer<Bool>?
private nonisolated(unsafe) var pendingCount = 0

/// Removes the pending paths, newest first (files before the directories holding them), and exits.
private func removePendingPathsAndExit(_ signal: Int32) {
    if let paths = pendingPaths, let directories = pendingIsDirectory {
        for index in stride(from: pendingCount - 1, through: 0, by: -1) {
            guard let path = paths[index] else { continue }
            if directories[index] { rmdir(path) } else { unlink(path) }
        }
    }
    _exit(128 + signal)
}

/// What a run has created and not yet finished: on SIGINT, SIGTERM or SIGHUP the handler removes
/// it all, so an interrupted run leaves no output behind. One session at a time: `begin` sizes
/// it, `add` registers a path once it exists, `end` forgets the paths and restores the signals.
enum SignalCleanup {
    private static let signals = [SIGINT, SIGTERM, SIGHUP]
    private nonisolated(unsafe) static var capacity = 0

    /// Starts a session for at most `capacity` paths and installs the handler.
    static func begin(capacity: Int) {
        precondition(pendingPaths == nil, "one cleanup session at a time")
        let paths = UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>.allocate(capacity: max(capacity, 1))
        paths.initialize(repeating: nil, count: max(capacity, 1))
        let directories = UnsafeMutablePointer<Bool>.allocate(capacity: max(capacity, 1))
        directories.initialize(repeating: false, count: max(capacity, 1))
        pendingIsDirectory = directories
        pendingCount = 0
        pendingPaths = paths
        for signalNumber in signals { signal(signalNumber, removePendingPathsAndExit) }
        self.capacity = capacity
    }

    /// Registers `path` for removal if the run is interrupted; returns its slot for `forget`.
    /// The entry is complete before the count covers it, so the handler never sees half of one.
    @discardableResult
    static func add(_ path: String, isDirectory: Bool = false) -> Int {
        precondition(pendingCount < capacity, "cleanup session too small")
        let slot = pendingCount
        pendingIsDirectory![slot] = isDirectory
        pendingPaths![slot] = strdup(path)
        pendingCount = slot + 1
        return slot
    }

    /// Stops removing the path of `slot` on a signal (it has been removed, or renamed away).
    static func forget(_ slot: Int) {
        let path = pendingPaths![slot]
        pendingPaths![slot] = nil
        free(path)
    }

    /// Restores the default signal actions and frees the session.
    static func end() {
        for signalNumber in signals { signal(signalNumber, SIG_DFL) }
        guard let paths = pendingPaths else { return }
        let count = pendingCount
        pendingPaths = nil
        pendingCount = 0
        for index in 0..<count { free(paths[index]) }
        paths.deallocate()
        pendingIsDirectory?.deallocate()
        pendingIsDirectory = nil
    }
}
