import Compressor
import Foundation
import ModelFile

/// The figures of one run, as a human report and as one JSON line.
struct RunSummary {
    let mode: String
    let input: String
    let output: String
    /// Bytes read from IN.
    let inputBytes: Int
    let result: CompressionResult
    let seconds: Double

    private var isCompression: Bool { mode == "compress" }

    /// Size of the original (uncompressed) file: IN when compressing, OUT when decompressing.
    private var originalBytes: Int { isCompression ? inputBytes : result.output.count }

    private var dims: Double { Double(max(result.pixels, 1)) }

    /// Several lines: what was read, what was written, the rates beside the model's −ELBO and
    /// zstd's size for the same input, and the time.
    var reportText: String {
        let original = "\(result.kind), \(plural(result.images, "image")), "
            + "\(plural(result.pixels, "pixel")), \(originalBytes) bytes"
        let compressed = "\(result.compressedSize) bytes (.vz, codec \(result.codec.rawValue))"
        let originalRate = Double(8 * originalBytes) / dims
        var lines = [
            "vlae-compress: \(isCompression ? "compressed" : "decompressed") \(input) -> \(output)",
            "  input:   \(isCompression ? original : compressed)",
            "  output:  \(isCompression ? compressed : original)",
            "  rate:    \(format(result.bitsPerDim, 4)) bits/dim, header included (original file: \(format(originalRate, 4)) bits/dim)",
        ]
        if let v = result.vlae {
            let vlaeBytes = result.candidates.first { $0.codec == .vlae }?.bytes ?? 0
            lines.append("  vlae:    \(vlaeBytes) bytes (payload \(v.payloadBytes) + header \(vlaeBytes - v.payloadBytes)) = "
                         + "\(format(Double(8 * vlaeBytes) / dims, 4)) bits/dim real, "
                         + "\(plural(v.tiles, "tile")) of \(v.tileSide)x\(v.tileSide), encoded in \(format(v.encodeSeconds, 3)) s "
                         + "(\(format(Double(v.tiles) / max(v.encodeSeconds, 1e-9), 0)) tiles/s), model \(v.model) (\(v.modelIdentity.description.prefix(12)))")
            lines.append("  -ELBO:   coding model \(format(v.negELBOBits, 1)) bits = \(format(v.negELBOBits / dims, 4)) bits/dim"
                         + " (real file \(percent(Double(8 * vlaeBytes) / v.negELBOBits - 1)))")
            if v.particles > 1 {
                lines.append("  bound:   importance-weighted, \(v.particles) particles (the bound this file is coded toward): \(format(v.boundBits, 1)) bits = "
                             + "\(format(v.boundBits / dims, 4)) bits/dim (real file \(percent(Double(8 * vlaeBytes) / v.boundBits - 1)))")
            }
            lines.append("  initial: \(v.initialBits) bits popped from the seeded start (\(format(Double(v.initialBits) / dims, 4)) bits/dim, "
                         + "paid once per chain, inside the real size)")
        }
        if let skip = result.vlaeSkipped {
            lines.append("  vlae:    not run: model \(skip.model) on \(skip.sampledTiles) sampled tiles estimates about \(skip.estimatedPayloadBytes) bytes, "
                         + "too far above the context codec or zstd (use --codec vlae to code it anyway)")
        }
        if let c = result.candidates.first(where: { $0.codec == .context }) {
            lines.append("  context: \(c.bytes) bytes = \(format(Double(8 * c.bytes) / dims, 4)) bits/dim (.vz with the context codec, no network)")
        }
        if let z = result.zstdBytes {
            lines.append("  zstd:    \(z) bytes = \(format(Double(8 * z) / dims, 4)) bits/dim (.vz with zstd -22)")
        }
        if result.candidates.count > 1 && result.vlae != nil && result.codec != .vlae {
            lines.append("  chosen:  \(result.codec.rawValue), smaller than the vlae code for this input")
        }
        lines.append("  time:    \(format(seconds, 3)) s")
        return lines.joined(separator: "\n")
    }

    /// `-v`: input, ratio, sizes and output, as zstd prints it.
    var verboseLine: String {
        let (from, to) = isCompression ? (inputBytes, result.compressedSize) : (inputBytes, result.output.count)
        return "\(input) : \(String(format: "%.2f", 100 * Double(to) / Double(max(from, 1))))% (\(from) => \(to) bytes, \(output))"
    }

    /// One line of JSON: `mode`, `codec`, `kind`, `images`, `pixels`, `input_bytes`, `bytes`
    /// (written to OUT), `compressed_bytes`, `bits_per_dim` (8 × the `.vz` size / pixels), `seconds`,
    /// and `files` (one entry, this input) and `total` objects with `bytes`, `bits_per_dim`,
    /// `neg_elbo_bits`, `coding_bound` ("elbo", or "iwN" for N particles), `bound_bits` (that bound),
    /// `initial_bits`, `zstd_bytes`, `context_bytes`, `vlae_model`, `vlae_model_identity`, `seconds` (null where
    /// a figure does not apply, e.g. the model's −ELBO of a zstd file).
    var jsonLine: String {
        let v = result.vlae
        let figures: [(String, String)] = [
            ("bytes", "\(result.compressedSize)"), ("bits_per_dim", format(result.bitsPerDim, 6)),
            ("neg_elbo_bits", v.map { format($0.negELBOBits, 3) } ?? "null"),
            ("coding_bound", v.map { quoted($0.particles > 1 ? "iw\($0.particles)" : "elbo") } ?? "null"),
            ("bound_bits", v.map { format($0.boundBits, 3) } ?? "null"),
            ("initial_bits", v.map { "\($0.initialBits)" } ?? "null"),
            ("zstd_bytes", result.zstdBytes.map { "\($0)" } ?? "null"),
            ("context_bytes", result.candidates.first { $0.codec == .context }.map { "\($0.bytes)" } ?? "null"),
            ("vlae_model", v.map { quoted($0.model) } ?? "null"),
            ("vlae_model_identity", v.map { quoted($0.modelIdentity.description) } ?? "null"),
            ("vlae_encode_seconds", v.map { format($0.encodeSeconds, 6) } ?? "null"),
            ("seconds", format(seconds, 6)),
        ]
        let perFile = object([("path", quoted(input)), ("codec", quoted(result.codec.rawValue)), ("images", "\(result.images)"),
                              ("pixels", "\(result.pixels)")] + figures)
        let fields: [(String, String)] = [
            ("mode", quoted(mode)), ("codec", quoted(result.codec.rawValue)), ("kind", quoted(result.kind.rawValue)),
            ("images", "\(result.images)"), ("pixels", "\(result.pixels)"), ("input_bytes", "\(inputBytes)"),
            ("bytes", "\(result.output.count)"), ("compressed_bytes", "\(result.compressedSize)"),
            ("bits_per_dim", format(result.bitsPerDim, 6)), ("seconds", format(seconds, 6)),
            ("files", "[\(perFile)]"), ("total", object(figures)),
        ]
        return object(fields)
    }

    private func object(_ fields: [(String, String)]) -> String { JSONText.object(fields) }

    private func quoted(_ s: String) -> String { JSONText.quoted(s) }

    private func plural(_ count: Int, _ noun: String) -> String { "\(count) \(noun)\(count == 1 ? "" : "s")" }

    private func format(_ value: Double, _ decimals: Int) -> String { String(format: "%.\(decimals)f", value) }

    private func percent(_ fraction: Double) -> String { String(format: "%+.2f%%", fraction * 100) }
}
