#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The files an archive is made of: each file operand under its own name, and every file
/// below a directory operand under its path relative to that directory. Symbolic links and
/// anything else that is not a regular file or a directory are refused, never followed.
enum InputTree {
    struct File: Equatable {
        /// The path in the archive.
        let name: String
        /// Where it is read from.
        let location: String
    }

    /// The files of `operands`, sorted by their names' UTF-8 bytes, leaving out `output` (an
    /// existing archive being replaced inside a directory operand).
    /// - Throws: `CLIError.input` for a symbolic link, a special file, a name that is not UTF-8 or
    ///   no file at all; `CLIError.io` for what cannot be read.
    static func files(of operands: [String], leavingOut output: String?) throws -> [File] {
        var outputInfo = stat()
        let skip = output.map { stat($0, &outputInfo) == 0 } ?? false
        var found: [File] = []
        func visit(_ location: String, name: String) throws {
            var info = stat()
            guard lstat(location, &info) == 0 else { throw CLIError.io("cannot read \(location): \(FileAccess.errorText())") }
            switch info.st_mode & S_IFMT {
            case S_IFLNK:
                throw CLIError.input("\(location) is a symbolic link: archives take regular files and directories only")
            case S_IFREG:
                if skip && info.st_dev == outputInfo.st_dev && info.st_ino == outputInfo.st_ino { return }
                found.append(File(name: name, location: location))
            case S_IFDIR:
                for child in try entries(of: location) {
                    try visit(location == "/" ? "/" + child : location + "/" + child, name: name.isEmpty ? child : name + "/" + child)
                }
            default:
                throw CLIError.input("\(location) is not a regular file or a directory")
            }
        }
        for operand in operands {
            var info = stat()
            let isDirectory = stat(operand, &info) == 0 && info.st_mode & S_IFMT == S_IFDIR
            // A directory's files are named from it; a file by its last component.
            let trimmed = operand.count > 1 && operand.hasSuffix("/") ? String(operand.reversed().drop { $0 == "/" }.reversed()) : operand
            try visit(trimmed, name: isDirectory ? "" : String(trimmed.split(separator: "/").last ?? Substring(trimmed)))
        }
        guard !found.isEmpty else { throw CLIError.input("no files to archive in \(operands.joined(separator: " "))") }
        return found.sorted { $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) }
    }

    /// The names in a directory but `.` and `..`.
    private static func entries(of directory: String) throws -> [String] {
        guard let stream = opendir(directory) else { throw CLIError.io("cannot read \(directory): \(FileAccess.errorText())") }
        defer { closedir(stream) }
        var names: [String] = []
        while let entry = readdir(stream) {
            let bytes = withUnsafeBytes(of: &entry.pointee.d_name) { raw in Array(raw.prefix { $0 != 0 }) }
            guard bytes != [UInt8(ascii: ".")], bytes != [UInt8(ascii: "."), UInt8(ascii: ".")] else { continue }
            guard let name = String(validating: bytes, as: UTF8.self) else {
                throw CLIError.input("\(directory) holds a file whose name is not UTF-8: archives store UTF-8 names")
            }
            names.append(name)
        }
        return names
    }
}
