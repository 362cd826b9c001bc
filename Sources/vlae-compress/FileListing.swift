import Compressor
import Foundation
import ModelFile

/// `-l`: one line per `.vz` file, from its header, as `zstd -l` does; a total line for several.
struct FileListing {
    let rows: [(path: String, description: FileDescription)]

    /// - Throws: `CLIError` for a file that cannot be read or is not a `.vz` file.
    init(files: [String], models: ModelCatalog) throws {
        guard !files.isEmpty else { throw CLIError.usage("-l lists .vz files: name at least one") }
        rows = try files.map { path in
            do {
                return (path, try Compressor.describe(try FileAccess.readAll(path), models: models))
            } catch let error as CompressorError {
                throw CLIError(error)
            }
        }
    }

    var text: String {
        let header = ["codec", "kind", "images", "pixels", "bytes", "bits/dim", "model", "file"]
        var lines = rows.map { row -> [String] in
            let d = row.description
            var model = "-"
            if let m = d.model {
                model = "\(m.name ?? "?") (\(m.identity.description.prefix(12)))" + (m.inView ? "" : ", not in view")
            }
            return [d.codec.rawValue, d.kind.rawValue, "\(d.images)", "\(d.pixels)", "\(d.bytes)",
                    String(format: "%.4f", d.bitsPerDim), model, row.path]
        }
        if rows.count > 1 {
            let pixels = rows.reduce(0) { $0 + $1.description.pixels }, bytes = rows.reduce(0) { $0 + $1.description.bytes }
            lines.append(["", "", "\(rows.reduce(0) { $0 + $1.description.images })", "\(pixels)", "\(bytes)",
                          String(format: "%.4f", Double(8 * bytes) / Double(max(pixels, 1))), "", "(\(rows.count) files)"])
        }
        return TextTable.render(header, lines).joined(separator: "\n")
    }
}
