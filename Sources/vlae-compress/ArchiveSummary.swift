import Compressor

/// The figures of one archive run, as a human report, one JSON line and a `-v` line.
struct ArchiveSummary {
    let mode: String
    let input: String
    let output: String
    /// Bytes read: the files' when compressing, the archive's when extracting.
    let inputBytes: Int
    let result: ArchiveResult
    let seconds: Double

    private var isCompression: Bool { mode == "compress" }

    /// Bytes of the files: read when compressing, restored when extracting.
    private var originalBytes: Int { isCompression ? inputBytes : result.files.reduce(0) { $0 + $1.contents.count } }

    private func rate(_ bytes: Int, _ pixels: Int) -> String { JSONText.number(Double(8 * bytes) / Double(max(pixels, 1)), 4) }

    /// What was read and written, then a line per group: its codec and model, its files, its
    /// payload and rate, and for a vlae group the model's −ELBO, initial bits and zstd's size.
    var reportText: String {
        var lines = [
            "vlae-compress: \(isCompression ? "compressed" : "extracted") \(input) -> \(output)",
            "  files:   \(result.members.count) files, \(result.images) images, \(result.pixels) pixels, \(originalBytes) bytes",
            "  archive: \(result.compressedSize) bytes = \(rate(result.compressedSize, result.pixels)) bits/dim, header included, \(result.groups.count) group\(result.groups.count == 1 ? "" : "s")",
        ]
        for (index, group) in result.groups.enumerated() {
            var line = "  group \(index): \(group.codec.rawValue)"
            if let model = group.model { line += ", model \(model.name ?? "?") (\(model.identity.description.prefix(12)))" }
            line += ", \(group.files) files, \(group.pixels) pixels, payload \(group.payloadBytes) bytes = \(rate(group.payloadBytes, group.pixels)) bits/dim"
            lines.append(line)
            if let v = group.vlae {
                lines.append("           vlae -ELBO \(JSONText.number(v.negELBOBits / Double(max(group.pixels, 1)), 4)) bits/dim, "
                             + "\(v.initialBits) initial bits (paid once per chain), \(v.tiles) tiles")
            }
            let tried = group.candidates.map { "\($0.codec.rawValue) \($0.bytes)" }
            if !tried.isEmpty { lines.append("           tried (payload and header entry, bytes): " + tried.joined(separator: ", ")) }
        }
        lines.append("  time:    \(JSONText.number(seconds, 3)) s")
        return lines.joined(separator: "\n")
    }

    /// `-v`: the operands, ratio, sizes and output, as for a single file.
    var verboseLine: String {
        let (from, to) = isCompression ? (inputBytes, result.compressedSize) : (inputBytes, originalBytes)
        return "\(input) : \(JSONText.number(100 * Double(to) / Double(max(from, 1)), 2))% (\(from) => \(to) bytes, \(output), \(result.members.count) files)"
    }

    /// One line of JSON: `mode`, `archive` (true), `files`, `images`, `pixels`, `input_bytes`,
    /// `bytes` (of the archive), `bits_per_dim` (8 × the archive's size / pixels), `seconds`,
    /// `entries` (each file's `path`, `kind`, `images`, `pixels`, `group`) and `groups` (each
    /// group's `codec`, `vlae_model`, `vlae_model_identity`, `files`, `pixels`, `payload_bytes`,
    /// `neg_elbo_bits`, `initial_bits`, `zstd_bytes`; null where a figure does not apply).
    var jsonLine: String {
        let entries = result.members.map { m in
            JSONText.object([("path", JSONText.quoted(m.path)), ("kind", JSONText.quoted(m.kind.rawValue)), ("images", "\(m.images)"),
                             ("pixels", "\(m.pixels)"), ("group", "\(m.group)")])
        }
        let groups = result.groups.map { g in
            JSONText.object([
                ("codec", JSONText.quoted(g.codec.rawValue)),
                ("vlae_model", g.model.map { JSONText.quoted($0.name ?? "?") } ?? "null"),
                ("vlae_model_identity", g.model.map { JSONText.quoted($0.identity.description) } ?? "null"),
                ("files", "\(g.files)"), ("pixels", "\(g.pixels)"), ("payload_bytes", "\(g.payloadBytes)"),
                ("neg_elbo_bits", g.vlae.map { JSONText.number($0.negELBOBits, 3) } ?? "null"),
                ("initial_bits", g.vlae.map { "\($0.initialBits)" } ?? "null"),
                ("zstd_bytes", g.candidates.first { $0.codec == .zstd }.map { "\($0.bytes)" } ?? "null"),
            ])
        }
        return JSONText.object([
            ("mode", JSONText.quoted(mode)), ("archive", "true"), ("files", "\(result.members.count)"), ("images", "\(result.images)"),
            ("pixels", "\(result.pixels)"), ("input_bytes", "\(inputBytes)"), ("bytes", "\(result.compressedSize)"),
            ("bits_per_dim", JSONText.number(result.bitsPerDim, 6)), ("seconds", JSONText.number(seconds, 6)),
            ("entries", JSONText.array(entries)), ("groups", JSONText.array(groups)),
        ])
    }
}
