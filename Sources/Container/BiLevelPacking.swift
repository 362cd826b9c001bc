/// Version 2's packed form of a bi-level sample stream, which the `stored` and `zstd` codecs
/// carry instead of one byte per sample: each image's rows, top to bottom, 8 samples a byte with
/// the leftmost in the high bit, each row padded with zero bits to a whole byte (P4's raster).
/// So a stored bitmap is no larger than its P4 file's raster, and zstd sees what it would see in
/// the P4 file.
public enum BiLevelPacking {
    /// The packed length of `source`'s sample stream; `source.isBiLevel` must hold.
    public static func packedLength(_ source: InputSource) -> Int {
        rowRuns(source).reduce(0) { $0 + $1.rows * rowBytes($1.width) }
    }

    /// Packs `samples`, the sample stream of `source` (`source.isBiLevel`); a nonzero sample is a 1.
    /// - Complexity: O(n).
    public static func pack(_ samples: [UInt8], source: InputSource) -> [UInt8] {
        precondition(samples.count == source.sampleStreamLength, "not the sample stream of this source")
        var packed = [UInt8](repeating: 0, count: packedLength(source))
        var input = 0, output = 0
        for run in rowRuns(source) {
            for _ in 0..<run.rows {
                for x in 0..<run.width where samples[input + x] != 0 {
                    packed[output + x >> 3] |= 0x80 >> UInt8(x & 7)
                }
                input += run.width
                output += rowBytes(run.width)
            }
        }
        return packed
    }

    /// The sample stream of `source` from its packed form.
    /// - Throws: `.storedSizeMismatch` when `packed` is not `packedLength` bytes, `.nonzeroPadding`
    ///   when a row's padding bits are not all zero (so each stream has one packed form).
    /// - Complexity: O(n).
    public static func unpack(_ packed: [UInt8], source: InputSource) throws(ContainerError) -> [UInt8] {
        guard packed.count == packedLength(source) else {
            throw .storedSizeMismatch(expected: packedLength(source), payload: UInt64(packed.count))
        }
        var samples = [UInt8](repeating: 0, count: source.sampleStreamLength)
        var input = 0, output = 0, row = 0
        for run in rowRuns(source) {
            let bytes = rowBytes(run.width), padding = UInt8(truncatingIfNeeded: (1 << (8 * bytes - run.width)) - 1)
            for _ in 0..<run.rows {
                for x in 0..<run.width {
                    samples[output + x] = packed[input + x >> 3] >> UInt8(7 - x & 7) & 1
                }
                guard packed[input + bytes - 1] & padding == 0 else { throw .nonzeroPadding(row: row) }
                input += bytes
                output += run.width
                row += 1
            }
        }
        return samples
    }

    private static func rowBytes(_ width: Int) -> Int { (width + 7) / 8 }

    /// The stream's rows as runs of equal width.
    private static func rowRuns(_ source: InputSource) -> [(width: Int, rows: Int)] {
        switch source {
        case let .netpbm(images) where images.isUniform:
            return [(images[0].width, images[0].height * images.count)]
        case let .netpbm(images):
            return images.map { ($0.width, $0.height) }
        case let .png(shape):
            return [(shape.width, shape.height)]
        case .idx, .archive:
            preconditionFailure("only Netpbm and PNG sources are bi-level by their header")
        }
    }
}

extension InputSource {
    /// Whether the header alone says every sample is 0 or 1: Netpbm images all of maxval 1, or a
    /// 1-bit PNG. (IDX bytes may be anything; an archive's files are packed by no one.)
    public var isBiLevel: Bool {
        switch self {
        case let .netpbm(images): return images.isUniform ? images[0].maxval == 1 : images.allSatisfy { $0.maxval == 1 }
        case let .png(shape): return shape.bitDepth == 1
        case .idx, .archive: return false
        }
    }
}
