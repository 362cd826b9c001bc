import Compressor
import Foundation

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

    /// Several lines: what was read, what was written, the rates and the time.
    var reportText: String {
        let original = "\(result.kind == .netpbm ? "Netpbm" : "IDX"), \(plural(result.images, "image")), "
            + "\(plural(result.pixels, "pixel")), \(originalBytes) bytes"
        let compressed = "\(result.compressedSize) bytes (.vz, codec \(result.codec.rawValue))"
        let originalRate = Double(8 * originalBytes) / Double(max(result.pixels, 1))
        return """
            vlae-compress: \(isCompression ? "compressed" : "decompressed") \(input) -> \(output)
              input:  \(isCompression ? original : compressed)
              output: \(isCompression ? compressed : original)
              rate:   \(format(result.bitsPerDim, 4)) bits/dim (original file: \(format(originalRate, 4)) bits/dim)
              time:   \(format(seconds, 3)) s
            """
    }

    /// `{"mode":…,"codec":…,"kind":…,"images":…,"pixels":…,"input_bytes":…,"bytes":…,
    /// "compressed_bytes":…,"bits_per_dim":…,"seconds":…}` on one line; `bytes` is what was
    /// written to OUT, `bits_per_dim` is 8 × the `.vz` size / pixels in both modes.
    var jsonLine: String {
        let fields: [(String, String)] = [
            ("mode", "\"\(mode)\""), ("codec", "\"\(result.codec.rawValue)\""), ("kind", "\"\(result.kind.rawValue)\""),
            ("images", "\(result.images)"), ("pixels", "\(result.pixels)"), ("input_bytes", "\(inputBytes)"),
            ("bytes", "\(result.output.count)"), ("compressed_bytes", "\(result.compressedSize)"),
            ("bits_per_dim", format(result.bitsPerDim, 6)), ("seconds", format(seconds, 6)),
        ]
        return "{" + fields.map { "\"\($0.0)\":\($0.1)" }.joined(separator: ",") + "}"
    }

    private func plural(_ count: Int, _ noun: String) -> String { "\(count) \(noun)\(count == 1 ? "" : "s")" }

    private func format(_ value: Double, _ decimals: Int) -> String { String(format: "%.\(decimals)f", value) }
}
