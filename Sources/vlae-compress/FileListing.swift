import Compressor
import Foundation
import ModelFile

/// `-l`: one line per `.vz` file, from its header, as `zstd -l` does; one line per file of an
/// archive; a total line for several.
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

    private func modelText(_ model: FileDescription.Model?) -> String {
        guard let m = model else { return "-" }
        return "\(m.name ?? "?") (\(m.identity.description.prefix(12)))" + (m.inView ? "" : ", not in view")
    }

    private func rate(_ bytes: Double, _ pixels: Int) -> String { String(format: "%.4f", 8 * bytes / Double(max(pixels, 1))) }

    /// An archive's files have no bytes of their own: chained images share their group's
    /// messages. A file's figures (marked `~`) are its group's payload shared out by pixels;
    /// the archive's line has its real size.
    private func archiveLines(_ path: String, _ d: FileDescription, members: [ArchiveMember], groups: [ArchiveGroupSummary]) -> [[String]] {
        var lines = members.map { m -> [String] in
            let g = groups[m.group]
            let share = Double(g.payloadBytes) * Double(m.pixels) / Double(max(g.pixels, 1))
            return [g.codec.rawValue, m.kind.rawValue, "\(m.images)", "\(m.pixels)", String(format: "~%.1f", share),
                    "~" + rate(share, m.pixels), modelText(g.model), "\(path): \(m.path)"]
        }
        lines.append(["archive", "", "\(d.images)", "\(d.pixels)", "\(d.bytes)", rate(Double(d.bytes), d.pixels), "",
                      "\(path) (\(members.count) files, \(groups.count) group\(groups.count == 1 ? "" : "s"))"])
        return lines
    }

    var text: String {
        let header = ["codec", "kind", "images", "pixels", "bytes", "bits/dim", "model", "file"]
        var lines: [[String]] = []
        for row in rows {
            let d = row.description
            if let archive = d.archive {
                lines += archiveLines(row.path, d, members: archive.members, groups: archive.groups)
            } else {
                lines.append([d.codec.rawValue, d.kind.rawValue, "\(d.images)", "\(d.pixels)", "\(d.bytes)",
                              rate(Double(d.bytes), d.pixels), modelText(d.model), row.path])
            }
        }
        if rows.count > 1 {
            let pixels = rows.reduce(0) { $0 + $1.description.pixels }, bytes = rows.reduce(0) { $0 + $1.description.bytes }
            lines.append(["", "", "\(rows.reduce(0) { $0 + $1.description.images })", "\(pixels)", "\(bytes)",
                          rate(Double(bytes), pixels), "", "(\(rows.count) files)"])
        }
        return TextTable.render(header, lines).joined(separator: "\n")
    }
}
