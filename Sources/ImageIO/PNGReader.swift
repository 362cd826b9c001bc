import CPNGDecode

/// Reads grayscale PNG files of bit depth 1, 2, 4 or 8, interlaced or not, with libpng (through
/// the `CPNGDecode` shim, which keeps libpng's longjmp errors on the C side).
///
/// Samples are read raw: no gamma or colour conversion, so a file's `gAMA`, `sRGB` or `iCCP`
/// chunks, its text and every other ancillary chunk are ignored, and so are bytes after IEND.
/// Refused with a `PNGError`: colour, palette and alpha images, 16-bit samples, a `tRNS` chunk
/// (transparency), and anything libpng finds damaged. The pixel count announced by the header is
/// checked against `maxPixels` before anything is allocated for the samples.
public enum PNGReader {
    /// The 8 bytes every PNG file starts with: `\x89PNG\r\n\x1A\n`.
    public static let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

    /// Parses a PNG file held in memory; see `PNGImage` for the sample convention (a 1-bit
    /// image's samples are inverted to 1 = black).
    ///
    /// - Throws: `PNGError`; never traps.
    /// - Complexity: O(bytes.count + width × height).
    public static func read(_ bytes: [UInt8], maxPixels: Int = ImageIOLimits.defaultMaxPixels) throws(PNGError) -> PNGImage {
        // First the header alone, then the samples into a buffer of the size it announced.
        let header = try decode(bytes, maxPixels: maxPixels, into: nil)
        let width = Int(header.width), height = Int(header.height), bitDepth = Int(header.bit_depth)
        let count = width * height
        var failure: PNGError? = nil
        // Reserved, not zero-filled: pages are committed only as libpng writes rows, so a
        // truncated file costs memory for what it really holds.
        var samples = [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            do throws(PNGError) {
                _ = try decode(bytes, maxPixels: maxPixels, into: UnsafeMutableBufferPointer(rebasing: buffer[..<count]))
                initialized = count
            } catch {
                failure = error
            }
        }
        if let failure { throw failure }
        if bitDepth == 1 {
            samples.withUnsafeMutableBufferPointer { buffer in
                for index in buffer.indices { buffer[index] ^= 1 }
            }
        }
        return PNGImage(validatedWidth: width, height: height, bitDepth: bitDepth, samples: samples)
    }

    /// Runs `cpng_decode`: the header checks only when `buffer` is nil, else the whole image
    /// into `buffer`, which must hold width × height bytes.
    private static func decode(_ bytes: [UInt8], maxPixels: Int,
                               into buffer: UnsafeMutableBufferPointer<UInt8>?) throws(PNGError) -> cpng_header {
        var header = cpng_header()
        let messageCapacity = 256
        var message = [CChar](repeating: 0, count: messageCapacity)
        let status = bytes.withUnsafeBufferPointer { input in
            cpng_decode(input.baseAddress, input.count, UInt64(max(maxPixels, 0)), &header,
                        buffer?.baseAddress, buffer?.count ?? 0, &message, messageCapacity)
        }
        switch status {
        case CPNG_OK:
            return header
        case CPNG_BAD_SIGNATURE:
            throw .badSignature
        case CPNG_TRUNCATED:
            throw .truncated
        case CPNG_TOO_LARGE:
            throw .tooLarge(width: Int(header.width), height: Int(header.height), limit: maxPixels)
        case CPNG_COLOUR:
            throw .unsupportedColourType(header.colour_type)
        case CPNG_SIXTEEN_BIT:
            throw .unsupportedBitDepth(Int(header.bit_depth))
        case CPNG_TRANSPARENCY:
            throw .transparency
        default:
            // CPNG_CORRUPT; CPNG_BUFFER_TOO_SMALL cannot happen with the buffer `read` sizes.
            // One line whatever the message holds: control characters become spaces.
            let reason = String(decoding: message.prefix { $0 != 0 }.map { max(UInt8(bitPattern: $0), 0x20) }, as: UTF8.self)
            throw .corrupt(reason: reason.isEmpty ? "status \(status.rawValue)" : reason)
        }
    }
}
