import Container
import ImageIO

/// An input file split into what a `.vz` file stores: the container's description of it
/// (`source`), ImageIO's layout bytes, and the sample stream (see FORMAT.md).
///
/// Invariants: `samples.count == source.sampleStreamLength`; rebuilding from the three
/// parts gives back the input byte for byte for P4/P5 and plain IDX, pixel for pixel in the
/// binary variant for P1/P2, the uncompressed IDX for `.idx.gz`, and for PNG a new PNG file of
/// the same size, bit depth and pixels.
struct ParsedInput {
    let kind: InputKind
    let source: InputSource
    let layout: [UInt8]
    let samples: [UInt8]
    let images: Int

    /// Detects the kind of `bytes` and parses them.
    /// - Throws: `CompressorError.unrecognizedInput`, `.invalidNetpbm`, `.invalidIDX`, `.invalidPNG`,
    ///   `.inputNotRepresentable`.
    static func parse(_ bytes: [UInt8]) throws -> ParsedInput {
        switch InputKind.detect(bytes) {
        case .netpbm?: return try parseNetpbm(bytes)
        case .idx?: return try parseIDX(bytes)
        case .png?: return try parsePNG(bytes)
        case .archive?, nil: throw CompressorError.unrecognizedInput
        }
    }

    /// Rebuilds the original file from the parts of a verified `.vz` header and its samples.
    /// - Throws: `CompressorError.corruptLayout` or `.inconsistentFile`.
    static func rebuild(source: InputSource, layout: [UInt8], samples: [UInt8]) throws -> [UInt8] {
        switch source {
        case let .netpbm(list): return try rebuildNetpbm(list, layout: layout, samples: samples)
        case let .idx(shape): return try rebuildIDX(shape, layout: layout, samples: samples)
        case let .png(shape): return try rebuildPNG(shape, layout: layout, samples: samples)
        case .archive: throw CompressorError.inconsistentFile("an archive within an archive")
        }
    }

    /// Maps a container error met while describing a valid input.
    static func describing<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as ContainerError {
            throw CompressorError.inputNotRepresentable(error)
        }
    }
}
