import CCodingKernels
import DeterministicMath
import VLAECoding
import XCTest

/// Runs `body` with the portable coding kernels, then with AVX2 (skipped where the CPU lacks it);
/// leaves AVX2 selected where the CPU has it.
func onBothSIMDPaths<T>(_ body: () throws -> T) throws -> (portable: T, simd: T) {
    XCTAssertEqual(vlae_set_simd_level(0), 0)
    let portable = try body()
    guard vlae_set_simd_level(1) == 1 else { throw XCTSkip("this CPU has no AVX2: only the portable path runs here") }
    return (portable, try body())
}

/// Tiles coded in four chains with `coding` give identical payloads on both paths, and each path
/// decodes the other's with each lane count.
func checkCodecOnBothSIMDPaths(_ coding: CodingModel, parameters: BitsBackParameters, tiles: [[UInt8]], maxValue: Int, lanes: [Int],
                               file: StaticString = #filePath, line: UInt = #line) throws {
    let coder = VLAEImageCoder(codec: BitsBackCodec(model: coding, parameters: parameters), chains: 4)
    let sizes = Array(repeating: ImageSize(width: 28, height: 28, maxValue: maxValue), count: tiles.count)
    let (portable, simd) = try onBothSIMDPaths { coder.encode(images: tiles, sizes: sizes).payload }
    XCTAssertEqual(portable, simd, "\(coding.config.channels) channels, maxval \(maxValue)", file: file, line: line)
    for count in lanes {
        vlae_set_simd_level(0)
        XCTAssertEqual(try coder.decode(simd, sizes: sizes, lanes: count), tiles, "portable, \(count) lanes", file: file, line: line)
        vlae_set_simd_level(1)
        XCTAssertEqual(try coder.decode(portable, sizes: sizes, lanes: count), tiles, "AVX2, \(count) lanes", file: file, line: line)
    }
}

/// Values over the whole int16 range with the extremes and small values overrepresented, so the
/// integer kernels' sums wrap.
func int16sThatWrap(_ n: Int, _ rng: inout SplitMix64) -> [Int16] {
    (0..<n).map { _ in
        let r = rng.next()
        switch r % 6 {
        case 0: return r & 8 == 0 ? 32767 : -32767
        case 1: return Int16(truncatingIfNeeded: Int(r >> 40) % 64 - 32)
        default: return Int16(truncatingIfNeeded: Int(r >> 16) % 65535 - 32767)
        }
    }
}
