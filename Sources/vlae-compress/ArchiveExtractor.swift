import Compressor
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes an archive's files below a directory, and only there, all or nothing.
///
/// The paths were checked when the archive was read (`ArchivePath`: relative, no `.` or `..`),
/// and every directory on the way is opened with `O_NOFOLLOW` relative to the one above, so a
/// symbolic link already in the directory is refused rather than followed. Each file is written
/// to a hidden temporary file beside its place, synced, and moved in (`link`, which fails if the
/// name exists, or with `overwrite` `rename`). On any failure, or SIGINT/SIGTERM/SIGHUP, every
/// file and directory the run created is removed (with `overwrite`, so are the files it replaced).
enum ArchiveExtractor {
    /// - Throws: `CLIError.outputExists` for a file that exists (without `overwrite`), checked for
    ///   all files before anything is written; `CLIError.io`.
    static func extract(_ files: [ArchiveFile], to directory: String, overwrite: Bool) throws {
        if !overwrite, let existing = files.first(where: { FileAccess.exists(directory + "/" + $0.path) }) {
            throw CLIError.outputExists("\(directory)/\(existing.path) exists (use -f to overwrite)")
        }
        // The directory itself, every directory on the files' paths, and a temporary file and the file each.
        SignalCleanup.begin(capacity: 1 + files.reduce(0) { $0 + $1.path.split(separator: "/").count } + files.count)
        defer { SignalCleanup.end() }
        var created: [(path: String, isDirectory: Bool)] = []
        var finished = false
        defer {
            if !finished {
                for item in created.reversed() { _ = item.isDirectory ? rmdir(item.path) : unlink(item.path) }
            }
        }
        func made(_ path: String, isDirectory: Bool) {
            created.append((path, isDirectory))
            SignalCleanup.add(path, isDirectory: isDirectory)
        }

        if mkdir(directory, 0o777) == 0 {
            made(directory, isDirectory: true)
        } else if errno != EEXIST {
            throw CLIError.io("cannot create \(directory): \(FileAccess.errorText())")
        }
        let root = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard root >= 0 else { throw CLIError.io("cannot write into \(directory): \(FileAccess.errorText())") }
        defer { close(root) }
        for (index, file) in files.enumerated() {
            let components = file.path.split(separator: "/").map(String.init)
            var parent = root, parentPath = directory
            defer { if parent != root { close(parent) } }
            for component in components.dropLast() {
                let path = parentPath + "/" + component
                if mkdirat(parent, component, 0o777) == 0 {
                    made(path, isDirectory: true)
                } else if errno != EEXIST {
                    throw CLIError.io("cannot create \(path): \(FileAccess.errorText())")
                }
                let child = openat(parent, component, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
                guard child >= 0 else {
                    let code = errno
                    let reason = code == ELOOP || code == ENOTDIR ? "it is not a directory (symbolic links are not followed)" : FileAccess.errorText(code)
                    throw CLIError.io("cannot write into \(path): \(reason)")
                }
                if parent != root { close(parent) }
                (parent, parentPath) = (child, path)
            }
            try place(file.contents, in: parent, parentPath: parentPath, name: components.last!, temporary: ".vlae-tmp-\(getpid())-\(index)",
                      overwrite: overwrite, made: made)
        }
        finished = true
    }

    /// Writes `bytes` to `temporary` in the directory `parent`, syncs it, and moves it to `name`.
    private static func place(_ bytes: [UInt8], in parent: Int32, parentPath: String, name: String, temporary: String,
                              overwrite: Bool, made: (String, Bool) -> Void) throws {
        let path = parentPath + "/" + name
        let slot = SignalCleanup.add(parentPath + "/" + temporary)
        defer { unlinkat(parent, temporary, 0); SignalCleanup.forget(slot) }
        let descriptor = openat(parent, temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o666)
        guard descriptor >= 0 else { throw CLIError.io("cannot write \(path): \(FileAccess.errorText())") }
        try FileAccess.writeSyncedAndClose(bytes, to: descriptor, name: path)
        if overwrite {
            guard renameat(parent, temporary, parent, name) == 0 else { throw CLIError.io("cannot write \(path): \(FileAccess.errorText())") }
        } else {
            guard linkat(parent, temporary, parent, name, 0) == 0 else {
                let code = errno
                if code == EEXIST { throw CLIError.outputExists("\(path) exists (use -f to overwrite)") }
                throw CLIError.io("cannot write \(path): \(FileAccess.errorText(code))")
            }
        }
        made(path, false)
    }
}
