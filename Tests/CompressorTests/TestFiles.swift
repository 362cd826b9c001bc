import Foundation
import XCTest

/// Files from the repository and the shared data, found from this source file's real location.
enum TestFiles {
    /// The repository root (two levels above this test folder).
    static var repositoryRoot: URL {
        URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    /// ImageIO's fixture folder `Tests/ImageIOTests/Fixtures/<folder>`.
    static func fixtureFolder(_ folder: String) -> URL {
        repositoryRoot.appendingPathComponent("Tests/ImageIOTests/Fixtures").appendingPathComponent(folder)
    }

    /// Regular files in `folder`, sorted, without `manifest.json`.
    static func files(in folder: URL) throws -> [URL] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
            .filter { $0 != "manifest.json" && !$0.hasPrefix(".") && !$0.hasSuffix(".md") && !$0.hasSuffix(".py") }
            .map { folder.appendingPathComponent($0) }
    }

    static func bytes(_ url: URL) throws -> [UInt8] { [UInt8](try Data(contentsOf: url)) }

    /// `../shared/data/<relativePath>` next to the repository, or a skip when absent.
    static func sharedData(_ relativePath: String) throws -> URL {
        let url = repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared/data").appendingPathComponent(relativePath)
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw XCTSkip("\(url.path) is absent: real-data check skipped")
        }
        return url
    }
}
