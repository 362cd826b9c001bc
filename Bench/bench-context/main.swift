// Measures the context codec (ContextCoding) on image files: real payload bytes, bits per
// pixel, and encode/decode times (the median of --runs runs, default 3); every decode is
// compared pixel for pixel with the input.
//
//     swift run -c release bench-context [--runs N] FILE_OR_DIR...
//
// Reads PGM/PBM (every image of a file) and IDX (rank 2 or 3; bi-level when all values are 0 or 1).
import ContextCoding
import Foundation
import ImageIO

struct Input { let name: String; let samples: [UInt8]; let images: [ContextCodec.Image] }

func load(_ path: String) throws -> Input? {
    let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
    if path.hasSuffix(".pgm") || path.hasSuffix(".pbm") {
        let document = try NetpbmReader.read(bytes)
        return Input(name: path, samples: document.images.flatMap(\.pixels),
                     images: document.images.map { .init(width: $0.header.width, height: $0.header.height, maxValue: $0.header.maxval) })
    }
    if path.contains("idx") {
        let array = try IDXReader.read(bytes)
        let d = array.dimensions
        guard d.count == 3 else { return nil }
        let maxValue = array.values.allSatisfy { $0 <= 1 } ? 1 : 255
        return Input(name: path, samples: array.values,
                     images: Array(repeating: .init(width: d[2], height: d[1], maxValue: maxValue), count: d[0]))
    }
    return nil
}

var paths: [String] = [], runs = 3
var arguments = Array(CommandLine.arguments.dropFirst())
if arguments.first == "--runs", arguments.count > 1, let n = Int(arguments[1]), n > 0 {
    runs = n
    arguments.removeFirst(2)
}
for argument in arguments {
    var isDirectory: ObjCBool = false
    if FileManager.default.fileExists(atPath: argument, isDirectory: &isDirectory), isDirectory.boolValue {
        let names = try FileManager.default.contentsOfDirectory(atPath: argument).sorted()
        paths += names.map { argument + "/" + $0 }
    } else {
        paths.append(argument)
    }
}
var totalBytes = 0, totalPixels = 0, totalEncode = 0.0, totalDecode = 0.0
for path in paths {
    guard let input = try load(path) else { continue }
    let biLevel = input.images.allSatisfy { $0.maxValue == 1 }
    let clock = ContinuousClock()
    let seconds = { (d: Duration) in Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18 }
    var payload: [UInt8] = [], encodeTimes: [Double] = [], decodeTimes: [Double] = []
    for _ in 0..<runs {
        var coded: [UInt8] = []
        encodeTimes.append(seconds(clock.measure { coded = ContextCodec.encode(input.samples, images: input.images, biLevel: biLevel) }))
        guard payload.isEmpty || coded == payload else { fatalError("\(path): encoding twice gave other bytes") }
        payload = coded
        var decoded: [UInt8] = []
        decodeTimes.append(seconds(try clock.measure { decoded = try ContextCodec.decode(payload, images: input.images, biLevel: biLevel) }))
        guard decoded == input.samples else { fatalError("\(path): decoded pixels differ") }
    }
    let encode = encodeTimes.sorted()[runs / 2], decode = decodeTimes.sorted()[runs / 2]
    print(String(format: "%@  %d px  %d bytes  %.4f bits/px  encode %.2f s  decode %.2f s",
                 (path as NSString).lastPathComponent, input.samples.count, payload.count,
                 Double(8 * payload.count) / Double(input.samples.count), encode, decode))
    totalBytes += payload.count; totalPixels += input.samples.count
    totalEncode += encode; totalDecode += decode
}
print(String(format: "total (median of %d runs per file): %d px  %d bytes  %.4f bits/px  encode %.1f Mpx/s  decode %.1f Mpx/s", runs, totalPixels, totalBytes,
             Double(8 * totalBytes) / Double(max(totalPixels, 1)), Double(totalPixels) / totalEncode / 1e6, Double(totalPixels) / totalDecode / 1e6))
