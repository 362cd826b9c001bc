import Foundation

// bench-coder: rANS throughput for a static byte table and for per-symbol Gaussian-bucket
// tables. Every run decodes and verifies; the median of the runs is reported, printed as a
// markdown table and written to --output (default Bench/results/coder.md, relative to the
// working directory: run it from the repository root).
//     swift run -c release bench-coder

let options = Options(arguments: CommandLine.arguments)
let byteCount = options.mebibytes << 20

let staticBench = StaticTableBench(count: byteCount, seed: 0xB1_7E5)
let staticResult = staticBench.run(runs: options.runs)
let gaussianBench = GaussianBucketBench(count: options.gaussianSymbols, seed: 0x6A_0551)
let gaussianResult = gaussianBench.run(runs: options.runs)

let report = Report(options: options, staticBench: staticBench, staticResult: staticResult,
                    gaussianBench: gaussianBench, gaussianResult: gaussianResult)
let text = report.markdown()
print(text)
do {
    let url = URL(fileURLWithPath: options.output)
    try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    try text.write(to: url, atomically: true, encoding: .utf8)
    print("wrote \(options.output)")
} catch {
    print("bench-coder: cannot write \(options.output): \(error)")
    exit(1)
}
