import Foundation
import XCTest

/// Access to the test fixtures (copied as a resource folder) and to the shared data sets.
enum Fixtures {
    /// The `Fixtures` folder inside the test bundle.
    static var root: URL {
        guard let url = Bundle.module.url(forResource: "Fixtures", withExtension: nil) else {
            fatalError("Fixtures folder missing from the test bundle")
        }
        return url
    }

    /// Sorted file names in `Fixtures/<folder>`.
    static func names(in folder: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent(folder).path).sorted()
    }

    /// Contents of `Fixtures/<folder>/<name>`.
    static func bytes(_ folder: String, _ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: root.appendingPathComponent(folder).appendingPathComponent(name)))
    }

    /// The project's `../shared/data` folder, found from this source file's real location
    /// (the package root is two levels above the test folder), or nil if it is absent.
    static var sharedData: URL? {
        let packageRoot = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let data = packageRoot.deletingLastPathComponent().appendingPathComponent("shared/data")
        return FileManager.default.fileExists(atPath: data.path) ? data : nil
    }
}
