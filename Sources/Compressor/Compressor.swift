import Container
import ImageIO

/// Compresses Netpbm and IDX files to `.vz` files (FORMAT.md) and back.
///
/// Compression parses the input (kind detected from its content), stores the image
/// description and ImageIO's layout in the header, and the sample stream in the payload with
/// the chosen codec. Decompression checks the container, decodes the payload, verifies the
/// length and CRC-32 of the decoded samples, and rebuilds the file: byte-identical for
/// P4/P5 and IDX, the binary variant for P1/P2, the uncompressed IDX for `.idx.gz`.
/// Both directions are deterministic: the same input gives the same bytes.
public enum Compressor {
    /// zstd level used by the `zstd` codec: 22, libzstd's strongest ("ultra") level.
    public static let zstdLevel = 22

    /// Compresses one input file.
    ///
    /// - Throws: `CompressorError`: `.codecNotAvailable` first (before reading anything) for a
    ///   codec this build lacks, then the input's problems.
    /// - Complexity: O(input size) plus the codec's cost.
    public static func compress(_ input: [UInt8], codec: CompressionCodec = .zstd) throws -> CompressionResult {
        let containerCodec = try self.containerCodec(codec)
        let parsed = try ParsedInput.parse(input)
        let payload = try encode(parsed.samples, codec: codec)
        let file = try ParsedInput.describing {
            let header = try VZHeader(codec: containerCodec, source: parsed.source, layout: parsed.layout,
                                      pixelChecksum: CRC32.checksum(parsed.samples))
            return try VZFile(header: header, payload: payload)
        }
        let bytes = file.serialized()
        return CompressionResult(output: bytes, kind: parsed.kind, pixels: parsed.source.totalPixels,
                                 images: parsed.images, codec: codec, compressedSize: bytes.count)
    }

    /// Restores the original file from a `.vz` file.
    ///
    /// - Throws: `CompressorError`: `.corruptContainer` (including a pixel checksum mismatch),
    ///   `.corruptPayload`, `.corruptLayout`, `.inconsistentFile`, or `.codecNotAvailable`.
    /// - Complexity: O(file size + sample stream).
    public static func decompress(_ bytes: [UInt8]) throws -> CompressionResult {
        let file: VZFile
        do {
            file = try VZFile(parsing: bytes)
        } catch let error as ContainerError {
            throw CompressorError.corruptContainer(error)
        }
        let header = file.header
        let codec = compressionCodec(header.codec)
        let samples = try decode(file.payload, codec: codec, length: header.source.sampleStreamLength)
        do {
            try header.verifyPixels(samples)
        } catch let error as ContainerError {
            throw CompressorError.corruptContainer(error)
        }
        let output = try ParsedInput.rebuild(source: header.source, layout: header.layout, samples: samples)
        let kind: InputKind
        let images: Int
        switch header.source {
        case let .netpbm(list):
            kind = .netpbm
            images = list.count
        case let .idx(shape):
            kind = .idx
            images = shape.dims.count >= 3 ? shape.dims[0] : 1
        }
        return CompressionResult(output: output, kind: kind, pixels: header.source.totalPixels,
                                 images: images, codec: codec, compressedSize: bytes.count)
    }

    /// The container codec for a user codec, or `.codecNotAvailable`.
    private static func containerCodec(_ codec: CompressionCodec) throws -> Codec {
        switch codec {
        case .stored: return .stored
        case .zstd: return .zstd
        case .vlae: throw CompressorError.codecNotAvailable(.vlae)
        }
    }

    private static func compressionCodec(_ codec: Codec) -> CompressionCodec {
        switch codec {
        case .stored: return .stored
        case .zstd: return .zstd
        case .vlae: return .vlae
        }
    }

    private static func encode(_ samples: [UInt8], codec: CompressionCodec) throws -> [UInt8] {
        switch codec {
        case .stored:
            return samples
        case .zstd:
            // A level in Zstd.levels cannot fail for an in-memory input but libzstd's own limits.
            do {
                return try Zstd.compress(samples, level: zstdLevel)
            } catch let error as ZstdError {
                throw CompressorError.inconsistentFile("zstd failed: \(error)")
            }
        case .vlae:
            throw CompressorError.codecNotAvailable(.vlae)
        }
    }

    private static func decode(_ payload: [UInt8], codec: CompressionCodec, length: Int) throws -> [UInt8] {
        switch codec {
        case .stored:
            return payload
        case .zstd:
            do {
                return try Zstd.decompress(payload, expectedSize: length)
            } catch let error as ZstdError {
                throw CompressorError.corruptPayload(error)
            }
        case .vlae:
            throw CompressorError.codecNotAvailable(.vlae)
        }
    }
}
