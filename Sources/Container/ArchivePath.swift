/// The rules for the path of an archive entry, so that extracting an archive can only create
/// files below the directory it extracts to, each under a name a terminal prints as it is.
///
/// A valid path is 1 to `maxBytes` bytes of UTF-8, relative (no leading `/`), made of components
/// separated by single `/`s, none empty, `.` or `..`, each at most `maxComponentBytes` bytes, and
/// without control characters (Unicode category Cc: U+0000…U+001F and U+007F…U+009F).
public enum ArchivePath {
    /// Longest path, in bytes: Linux's `PATH_MAX` less its terminating NUL.
    public static let maxBytes = 4095
    /// Longest component, in bytes: Linux's `NAME_MAX`.
    public static let maxComponentBytes = 255

    /// The path the bytes spell, if it keeps the rules.
    /// - Throws: `ContainerError.badArchivePath` saying which rule it breaks.
    public static func validated(_ bytes: some Collection<UInt8>) throws(ContainerError) -> String {
        guard let path = String(validating: bytes, as: UTF8.self) else {
            throw .badArchivePath(path: printable(String(decoding: bytes, as: UTF8.self)), reason: "is not UTF-8")
        }
        try validate(path)
        return path
    }

    /// - Throws: `ContainerError.badArchivePath` saying which rule `path` breaks.
    public static func validate(_ path: String) throws(ContainerError) {
        func refuse(_ reason: String) -> ContainerError { .badArchivePath(path: printable(path), reason: reason) }
        guard !path.isEmpty else { throw refuse("is empty") }
        guard path.utf8.count <= maxBytes else { throw refuse("is longer than \(maxBytes) bytes") }
        guard !path.unicodeScalars.contains(where: isControl) else { throw refuse("has a control character") }
        guard !path.hasPrefix("/") else { throw refuse("is absolute") }
        for component in path.split(separator: "/", omittingEmptySubsequences: false) {
            switch component {
            case "": throw refuse("has an empty component")
            case ".", "..": throw refuse("has a '\(component)' component")
            default:
                guard component.utf8.count <= maxComponentBytes else { throw refuse("has a component longer than \(maxComponentBytes) bytes") }
            }
        }
    }

    /// Checks a list of valid paths for names an extractor could not create side by side.
    /// - Precondition: each path keeps the rules of `validate`.
    /// - Throws: `ContainerError.badArchivePath` for a path named twice, or one that is also a
    ///   directory holding another path.
    /// - Complexity: O(total bytes).
    public static func checkDistinct(_ paths: some Sequence<String>) throws(ContainerError) {
        var files = Set<String>(), ordered: [String] = []
        for path in paths {
            guard files.insert(path).inserted else { throw .badArchivePath(path: printable(path), reason: "is named twice") }
            ordered.append(path)
        }
        for path in ordered {
            var directory = Substring(path)
            while let slash = directory.lastIndex(of: "/") {
                directory = directory[..<slash]
                if files.contains(String(directory)) {
                    throw .badArchivePath(path: printable(String(directory)), reason: "is both a file and the directory of \(printable(path))")
                }
            }
        }
    }

    /// The path quoted for a one-line message, with control characters and quotes escaped.
    public static func printable(_ path: String) -> String {
        var text = "\""
        for scalar in path.unicodeScalars {
            if isControl(scalar) || scalar == "\"" || scalar == "\\" {
                text += scalar.escaped(asASCII: false)
            } else {
                text.unicodeScalars.append(scalar)
            }
        }
        return text + "\""
    }

    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.generalCategory == .control
    }
}
