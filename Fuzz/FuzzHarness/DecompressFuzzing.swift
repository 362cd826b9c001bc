import Compressor
import Container
import ModelFile
import VLAECoding

/// The whole decompressor (input: a control byte, see `ResealedInput`, then the `.vz` file). It
/// must throw only `CompressorError`; when it accepts a file, the output is a valid input again
/// and goes through compress (stored) and decompress unchanged.
///
/// Bounds: files whose header passes the container's checks but declares a sample stream over
/// `maxSampleStream` bytes, or vlae files of more than `maxVLAETiles` tiles, are skipped. Their
/// cost is legitimate and bounded by the pixel limit (a zstd frame may really inflate to 2^28
/// samples; a vlae tile takes a few milliseconds to decode, some 60 ms in the sanitised fuzz
/// build), but at that price per input the fuzzer would do little else. `MemoryLimitTests`
/// and the broken golden files cover them.
enum DecompressFuzzing {
    static let maxSampleStream = 1 << 20
    static let maxVLAETiles = 1

    static func run(_ input: [UInt8]) throws(FuzzViolation) {
        let bytes = ResealedInput(input).file
        if let file = try? VZFile(parsing: bytes) {
            let source = file.header.source
            if source.sampleStreamLength > maxSampleStream { return }
            if case .vlae = file.header.codec, tiles(source) > maxVLAETiles { return }
        }
        let result: CompressionResult
        do {
            result = try Compressor.decompress(bytes)
        } catch {
            return
        }
        let again = try mustParse("a decompressed file does not compress and decompress again") {
            try Compressor.decompress(Compressor.compress(result.output, codec: .stored).output).output
        }
        try require(again == result.output, "a decompressed file changes through stored compression")
    }

    /// Tiles the vlae codec would decode for `source` with the shipped models' tile side (the
    /// only models this harness sees; 0 for IDX ranks it does not code).
    /// Every tile holds a pixel, so this is at most `source.totalPixels` and cannot overflow.
    static func tiles(_ source: InputSource) -> Int {
        func grid(_ width: Int, _ height: Int) -> Int { ImageSize(width: width, height: height).tiles(side: VLAEConfig.shippedTile) }
        switch source {
        case let .netpbm(list) where list.isUniform:
            return list.count * grid(list[0].width, list[0].height)
        case let .netpbm(list):
            return list.reduce(0) { $0 + grid($1.width, $1.height) }
        case let .idx(shape) where shape.dims.count == 2:
            return grid(shape.dims[1], shape.dims[0])
        case let .idx(shape) where shape.dims.count == 3:
            return shape.dims[0] * grid(shape.dims[2], shape.dims[1])
        case .idx:
            return 0
        case let .png(shape):
            return grid(shape.width, shape.height)
        case let .archive(index):
            return index.entries.reduce(0) { $0 + tiles($1.source) }
        }
    }
}
