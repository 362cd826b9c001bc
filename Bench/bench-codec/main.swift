// Bits-back codec benchmark: codes an IDX test set of tile-sized images (default: binarized MNIST's) with the
// VLAE coding model (default: the shipped model for the data, bi-level or 8-bit), checks every
// decode, and reports the real payload size beside the coding model's and the float model's
// −ELBO, and encode/decode throughput (median over runs).
//
//   bench-codec [--model FILE] [--data FILE] [--images N] [--runs R] [--chains N] [--lanes 1|2] [--out Bench/results/codec.md]
import CCodingKernels
import Foundation
import ImageIO
import ModelFile
import VLAE
import VLAECoding

func option(_ name: String) -> String? {
    guard let i = CommandLine.arguments.firstIndex(of: name), i + 1 < CommandLine.arguments.count else { return nil }
    return CommandLine.arguments[i + 1]
}

let testPath = option("--data") ?? "../shared/data/binarized-mnist/test-images-idx3-ubyte.gz"
guard FileManager.default.fileExists(atPath: testPath) else {
    print("bench-codec: skipped: \(testPath) not found (the data set is not on this machine)")
    exit(0)
}
let runs = Int(option("--runs") ?? "5")!
var images = try ImageSet(idx: IDXReader.read(contentsOfFile: testPath))
if let n = option("--images").flatMap(Int.init) { images = images.prefix(n) }
let file = try option("--model").map { try ModelFile(contentsOfFile: $0) } ?? ShippedModel(maxValue: images.maxValue).load()
try images.check(fits: file.config.pixelModel)
guard images.side == file.config.tile else { print("bench-codec: the images are \(images.side)², the model's tiles \(file.config.tile)²"); exit(1) }
// --chains: the chain count instead of the encoder's choice (what more chains cost in initial bits and framing).
let coder = VLAEImageCoder(codec: BitsBackCodec(model: CodingModel(file), parameters: BitsBackParameters(for: file.config.pixelModel)),
                           chains: option("--chains").flatMap(Int.init))
let list = (0..<images.count).map { images.tile($0) }
let sizes = Array(repeating: ImageSize(width: images.side, height: images.side, maxValue: images.maxValue), count: images.count)

func median(_ xs: [Double]) -> Double { xs.sorted()[xs.count / 2] }
func seconds(_ body: () throws -> Void) rethrows -> Double {
    let t = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - t) / 1e9
}

var encodeTimes: [Double] = [], decodeTimes: [Double] = []
var payload: [UInt8] = [], summary = EncodingSummary()
for _ in 0..<runs {
    encodeTimes.append(seconds { (payload, summary) = coder.encode(images: list, sizes: sizes) })
    var decoded: [[UInt8]] = []
    // --lanes: chains decoded in lock-step per task instead of the decoder's choice.
    decodeTimes.append(try seconds { decoded = try coder.decode(payload, sizes: sizes, lanes: option("--lanes").flatMap(Int.init)) })
    guard decoded == list else { print("bench-codec: FAILED: decoded images differ"); exit(1) }
}
let float = VLAEModel(file: file).evaluate(images, samples: 1, seed: 1)
let dims = Double(images.count * images.tilePixels)
let codingBits = summary.cost.netBits, floatBits = float.negELBONats * Double(images.count) / M_LN2
let actualBits = Double(payload.count * 8)
let cpu = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8))?.split(separator: "\n")
    .first { $0.hasPrefix("model name") }?.split(separator: ":").last?.trimmingCharacters(in: .whitespaces) ?? "unknown CPU"
// The coding kernels in use (CCodingKernels.h): the CPU's most, or what VLAE_SIMD asks for.
let kernels = ["portable C", "AVX2", "AVX-512 VNNI"][Int(vlae_simd_level())]
let table = """
| data | images | chains | payload bytes | bits/dim (real) | coding −ELBO bits/dim | float −ELBO bits/dim | real vs coding | coding vs float | initial bits | encode img/s | decode img/s |
|---|---|---|---|---|---|---|---|---|---|---|---|
| \((testPath as NSString).lastPathComponent) | \(images.count) | \(payload.first ?? 0) | \(payload.count) | \(String(format: "%.4f", actualBits / dims)) | \(String(format: "%.4f", codingBits / dims)) | \(String(format: "%.4f", floatBits / dims)) | \(String(format: "%+.2f%%", (actualBits / codingBits - 1) * 100)) | \(String(format: "%+.2f%%", (codingBits / floatBits - 1) * 100)) | \(summary.initialBits) | \(String(format: "%.0f", Double(images.count) / median(encodeTimes))) | \(String(format: "%.0f", Double(images.count) / median(decodeTimes))) |

Median of \(runs) runs, every decode checked against the input. Machine: \(cpu), \(ProcessInfo.processInfo.activeProcessorCount) cores, \(kernels) kernels; \(Date()).
"""
print(table)
if let out = option("--out") { try table.write(toFile: out, atomically: true, encoding: .utf8) }
