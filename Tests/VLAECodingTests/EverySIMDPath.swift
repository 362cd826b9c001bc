import CCodingKernels
import DeterministicMath
import VLAECoding
import XCTest

/// The most kernels this CPU runs: 1 AVX2, 2 AVX2 with AVX-512 VNNI (`vlae_simd_level`).
let mostSIMDLevel = { () -> Int32 in
    let previous = vlae_simd_level()
    defer { vlae_set_simd_level(previous) }
    return vlae_set_simd_level(2)
}()

/// Runs `body` with the portable coding kernels, then with AVX2 (skipped where the CPU lacks it),
/// and, where the CPU has AVX-512 VNNI, with those too, whose result must be AVX2's; leaves the
/// CPU's most selected.
func onEverySIMDPath<T: Equatable>(_ body: () throws -> T, file: StaticString = #filePath, line: UInt = #line) throws -> (portable: T, simd: T) {
    XCTAssertEqual(vlae_set_simd_level(0), 0)
    let portable = try body()
    guard vlae_set_simd_level(1) == 1 else { throw XCTSkip("this CPU has no AVX2: only the portable path runs here") }
    let avx2 = try body()
    if vlae_set_simd_level(2) == 2 {
        XCTAssertTrue(try body() == avx2, "the AVX-512 VNNI kernels differ from the AVX2 ones", file: file, line: line)
    }
    return (portable, avx2)
}

/// Tiles coded in four chains with `coding` give identical payloads on every path, and each path
/// decodes another's with each lane count.
func checkCodecOnEverySIMDPath(_ coding: CodingModel, parameters: BitsBackParameters, tiles: [[UInt8]], maxValue: Int, lanes: [Int],
                               file: StaticString = #filePath, line: UInt = #line) throws {
    let coder = VLAEImageCoder(codec: BitsBackCodec(model: coding, parameters: parameters), chains: 4)
    let sizes = Array(repeating: ImageSize(width: 28, height: 28, maxValue: maxValue), count: tiles.count)
    let (portable, simd) = try onEverySIMDPath { coder.encode(images: tiles, sizes: sizes).payload }
    XCTAssertEqual(portable, simd, "\(coding.config.channels) channels, maxval \(maxValue)", file: file, line: line)
    for count in lanes {
        for level in Int32(0)...mostSIMDLevel {
            vlae_set_simd_level(level)
            XCTAssertEqual(try coder.decode(level == 0 ? simd : portable, sizes: sizes, lanes: count), tiles, "SIMD level \(level), \(count) lanes",
                           file: file, line: line)
        }
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
