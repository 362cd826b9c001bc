#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes an output file so that it appears whole or not at all.
///
/// The bytes go to a hidden temporary file in the destination folder (same file system, so
/// the final step is atomic), which is flushed to disk and then moved into place: with
/// `rename` when overwriting is allowed, with `link` otherwise, which fails if the output
/// appeared meanwhile. On any failure, or on SIGINT/SIGTERM/SIGHUP, the temporary file is removed.
enum AtomicFileWriter {
    /// - Throws: `CLIError.outputExists` (without `overwrite`), `CLIError.io`.
    static func save(_ bytes: [UInt8], to path: String, overwrite: Bool) throws {
        let temporary = temporaryPath(for: path)
        SignalCleanup.begin(capacity: 1)
        defer { SignalCleanup.end() }
        SignalCleanup.add(temporary)
        var moved = false
        defer { if !moved { unlink(temporary) } }

        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
        guard descriptor >= 0 else { throw CLIError.io("cannot write \(path): \(FileAccess.errorText())") }
        try FileAccess.writeSyncedAndClose(bytes, to: descriptor, name: path)

        if overwrite {
            guard rename(temporary, path) == 0 else { throw CLIError.io("cannot write \(path): \(FileAccess.errorText())") }
        } else {
            guard link(temporary, path) == 0 else {
                let code = errno
                if code == EEXIST { throw CLIError.outputExists("\(path) exists (use -f to overwrite)") }
                throw CLIError.io("cannot write \(path): \(FileAccess.errorText(code))")
            }
            unlink(temporary)
        }
        moved = true
    }

    /// `DIR/.NAME.vlae-tmp-PID` next to `path`.
    static func temporaryPath(for path: String) -> String {
        let slash = path.lastIndex(of: "/")
        let directory = slash.map { String(path[...$0]) } ?? ""
        let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
        return "\(directory).\(name).vlae-tmp-\(getpid())"
    }
}
