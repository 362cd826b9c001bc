import Foundation

/// The results as a markdown document, with the machine and the date.
struct Report {
    let options: Options
    let staticBench: StaticTableBench
    let staticResult: StaticTableBench.Result
    let gaussianBench: GaussianBucketBench
    let gaussianResult: GaussianBucketBench.Result

    func markdown() -> String {
        let mebibytes = Double(staticBench.bytes.count) / Double(1 << 20)
        let symbols = Double(gaussianBench.symbols.count)
        let messageMebibytes = Double(staticResult.compressedBytes) / Double(1 << 20)
        let staticBits = Double(staticResult.compressedBytes * 8) / Double(staticBench.bytes.count)
        let date = ISO8601DateFormatter().string(from: Date())
        return """
        # bench-coder results

        Machine: \(Self.cpuModel()), \(ProcessInfo.processInfo.activeProcessorCount) cores (single-threaded bench).
        Date: \(date). Build: `swift build -c release`. Median thread CPU time of \(options.runs) runs (the machine is shared); every run decodes and verifies.

        | case | encode | decode | rate |
        |---|---|---|---|
        | static 256-symbol table, \(format(mebibytes, 0)) MiB, precision \(StaticTableBench.precision) | \(format(mebibytes / staticResult.encodeSeconds, 1)) MiB/s | \(format(mebibytes / staticResult.decodeSeconds, 1)) MiB/s | \(format(staticBits, 4)) bits/byte (entropy \(format(staticBench.entropy, 4))) |
        | the same bytes and table, rans64's scheme in C (`Bench/CRansReference`) | \(format(mebibytes / staticResult.referenceEncodeSeconds, 1)) MiB/s | \(format(mebibytes / staticResult.referenceDecodeSeconds, 1)) MiB/s | \(format(Double(staticResult.referenceBytes * 8) / Double(staticBench.bytes.count), 4)) bits/byte |
        | Gaussian buckets, K = 2^\(GaussianBucketBench.bucketBits), precision \(GaussianBucketBench.precision), \(Int(symbols)) symbols | \(format(symbols / gaussianResult.pushSeconds / 1e6, 2)) M symbols/s | \(format(symbols / gaussianResult.popSeconds / 1e6, 2)) M symbols/s | \(format(gaussianResult.bitsPerSymbol, 3)) bits/symbol |

        Static table: pushes use precomputed reciprocals, pops a slot-to-symbol lookup table.
        Gaussian buckets: each symbol has its own prior N(m, s) and posterior N(mu, sigma); a push
        evaluates Φ twice, a pop guesses its bucket (Acklam's Φ⁻¹ estimate and one Φ), checks the
        guess with two more and searches outwards only when it misses (before: bisection, log2 K = \(GaussianBucketBench.bucketBits) Φ).
        The C yardstick follows Giesen's rans64.h (64-bit state, 32-bit words, reciprocal pushes,
        table pops), written here from its description, compiled by the same clang at -O2 (SwiftPM's
        release C flags); it skips what our coder adds (the seeded initial words). Both sides code
        into memory allocated before the timed runs (our stack keeps its words' storage across
        encodes with `reset()`, our decodes write into one output array), and both decodes start
        from words in memory: parsing our serialised message into a stack, allocation included, is
        timed apart at \(format(messageMebibytes / staticResult.parseSeconds, 0)) MiB/s of message (\(format(staticResult.parseSeconds * 1e3, 1)) ms here).
        Both sides' decode times include checking the decoded bytes against the input.
        Ours vs the yardstick: encode \(format(staticResult.referenceEncodeSeconds / staticResult.encodeSeconds, 2))×, decode \(format(staticResult.referenceDecodeSeconds / staticResult.decodeSeconds, 2))× its speed.

        """
    }

    private func format(_ value: Double, _ digits: Int) -> String {
        String(format: "%.\(digits)f", value)
    }

    /// The "model name" line of /proc/cpuinfo, or "unknown CPU".
    private static func cpuModel() -> String {
        guard let info = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
              let line = info.split(separator: "\n").first(where: { $0.hasPrefix("model name") }),
              let colon = line.firstIndex(of: ":") else { return "unknown CPU" }
        return line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
    }
}
