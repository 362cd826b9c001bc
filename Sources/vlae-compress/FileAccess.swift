#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// POSIX file reading and the identity checks the CLI needs, with `strerror` messages.
enum FileAccess {
    /// Largest input read: 2 GiB, enough for any file within the 2^28-pixel limit (a plain
    /// PGM takes at most about 4 bytes per pixel) and for any `.vz` file.
    static let maxInputBytes = 1 << 31

    /// The whole content of a regular file.
    /// - Throws: `CLIError.io` when it cannot be opened or read, `.input` when it is too large
    ///   (checked from its size before reading).
    static func readAll(_ path: String) throws -> [UInt8] {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw CLIError.io("cannot read \(path): \(errorText())") }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw CLIError.io("cannot read \(path): \(errorText())") }
        guard info.st_mode & S_IFMT == S_IFREG else { throw CLIError.io("cannot read \(path): not a regular file") }
        let size = Int(info.st_size)
        guard size <= maxInputBytes else {
            throw CLIError.input("\(path) is \(size) bytes, more than the limit of \(maxInputBytes)")
        }
        var bytes = [UInt8](repeating: 0, count: size)
        var filled = 0
        try bytes.withUnsafeMutableBytes { buffer in
            while filled < size {
                let count = read(descriptor, buffer.baseAddress! + filled, size - filled)
                if count < 0 && errno == EINTR { continue }
                guard count >= 0 else { throw CLIError.io("cannot read \(path): \(errorText())") }
                guard count > 0 else { break }
                filled += count
            }
        }
        guard filled == size else { throw CLIError.io("cannot read \(path): it changed while being read") }
        return bytes
    }

    /// All of standard input, up to `maxInputBytes`.
    /// - Throws: `CLIError.io` on a read error, `.input` when it is longer than the limit.
    static func readStandardInput() throws -> [UInt8] {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(STDIN_FILENO, $0.baseAddress!, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count >= 0 else { throw CLIError.io("cannot read standard input: \(errorText())") }
            if count == 0 { return bytes }
            guard bytes.count + count <= maxInputBytes else {
                throw CLIError.input("standard input is more than the limit of \(maxInputBytes) bytes")
            }
            bytes += chunk[0..<count]
        }
    }

    /// Writes all of `bytes` to standard output.
    /// - Throws: `CLIError.io` when it cannot (a closed pipe, a full disk).
    static func writeStandardOutput(_ bytes: [UInt8]) throws {
        try writeAll(bytes, to: STDOUT_FILENO, name: "standard output")
    }

    /// Writes all of `bytes` to `descriptor`, retrying interrupted and partial writes.
    /// - Throws: `CLIError.io` naming `name`.
    static func writeAll(_ bytes: [UInt8], to descriptor: Int32, name: String) throws {
        try bytes.withUnsafeBytes { buffer in
            var written = 0
            while written < buffer.count {
                let count = write(descriptor, buffer.baseAddress! + written, buffer.count - written)
                if count < 0 && errno == EINTR { continue }
                guard count > 0 else { throw CLIError.io("cannot write \(name): \(errorText())") }
                written += count
            }
        }
    }

    /// Writes `bytes` to a newly opened file, syncs it to disk and closes it (closing it on
    /// failure too), so a file moved into place afterwards is complete.
    static func writeSyncedAndClose(_ bytes: [UInt8], to descriptor: Int32, name: String) throws {
        do {
            try writeAll(bytes, to: descriptor, name: name)
            guard fsync(descriptor) == 0 else { throw CLIError.io("cannot write \(name): \(errorText())") }
        } catch {
            close(descriptor)
            throw error
        }
        guard close(descriptor) == 0 else { throw CLIError.io("cannot write \(name): \(errorText())") }
    }

    /// Prints `text` and a newline on standard error.
    static func printError(_ text: String) {
        fputs(text + "\n", stderr)
    }

    /// Whether something (file, directory, link) exists at `path`.
    static func exists(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0
    }

    /// Whether `path` is a directory (or a link to one).
    static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFDIR
    }

    /// Whether both paths name the same existing file (same device and inode).
    static func sameFile(_ first: String, _ second: String) -> Bool {
        var a = stat(), b = stat()
        guard stat(first, &a) == 0, stat(second, &b) == 0 else { return false }
        return a.st_dev == b.st_dev && a.st_ino == b.st_ino
    }

    /// `strerror(errno)`.
    static func errorText(_ code: Int32 = errno) -> String {
        String(cString: strerror(code))
    }
}
