import CZlib

/// Streaming gzip decompression of an in-memory input with zlib (RFC 1952; concatenated
/// members are decoded one after the other, as `gzip -d` does).
///
/// Output is pulled in caller-sized pieces, so a reader can look at a header before it
/// decides how much to allocate. zlib verifies each member's CRC-32 and length at its end.
/// Bytes after the last member that do not start another member are an error.
final class GzipInflater {
    private let input: [UInt8]
    private var consumed = 0
    private var finished = false
    private let stream: UnsafeMutablePointer<z_stream>

    /// - Throws: `IDXError.corruptGzip` if zlib cannot be initialised.
    init(_ input: [UInt8]) throws {
        self.input = input
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        // windowBits 15 + 16: a 32 KiB window, gzip wrapper expected.
        let status = inflateInit2_(stream, 15 + 16, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
        guard status == Z_OK else {
            stream.deinitialize(count: 1)
            stream.deallocate()
            throw IDXError.corruptGzip("zlib initialisation failed (\(status))")
        }
    }

    deinit {
        inflateEnd(stream)
        stream.deinitialize(count: 1)
        stream.deallocate()
    }

    /// Decompresses into `buffer` until it is full or the last member has ended.
    ///
    /// - Returns: the number of bytes written; less than `buffer.count` only at the end.
    /// - Throws: `IDXError.truncatedGzip` or `.corruptGzip`.
    func read(into buffer: UnsafeMutableBufferPointer<UInt8>) throws -> Int {
        var produced = 0
        while produced < buffer.count && !finished {
            let status = step(into: buffer, produced: &produced)
            switch status {
            case Z_OK:
                continue
            case Z_STREAM_END:
                try startNextMember()
            case Z_BUF_ERROR:
                // No progress was possible although output space is left: input ran out.
                throw consumed == input.count ? IDXError.truncatedGzip : IDXError.corruptGzip("no progress")
            default:
                throw IDXError.corruptGzip(lastMessage(status))
            }
        }
        return produced
    }

    /// Runs one `inflate` call; the stream's pointers are valid only during the call.
    private func step(into buffer: UnsafeMutableBufferPointer<UInt8>, produced: inout Int) -> Int32 {
        input.withUnsafeBufferPointer { source in
            let inCount = UInt32(clamping: source.count - consumed)
            let outCount = UInt32(clamping: buffer.count - produced)
            stream.pointee.next_in = inCount == 0 ? nil : UnsafeMutablePointer(mutating: source.baseAddress! + consumed)
            stream.pointee.avail_in = inCount
            stream.pointee.next_out = buffer.baseAddress! + produced
            stream.pointee.avail_out = outCount
            let status = inflate(stream, Z_NO_FLUSH)
            consumed += Int(inCount - stream.pointee.avail_in)
            produced += Int(outCount - stream.pointee.avail_out)
            stream.pointee.next_in = nil
            stream.pointee.next_out = nil
            stream.pointee.avail_in = 0
            return status
        }
    }

    /// After a member ends: stop at the end of input, continue with the next member, or fail.
    private func startNextMember() throws {
        if consumed == input.count {
            finished = true
        } else if input.count - consumed >= 2 && input[consumed] == 0x1F && input[consumed + 1] == 0x8B {
            guard inflateReset(stream) == Z_OK else { throw IDXError.corruptGzip("cannot start the next member") }
        } else {
            throw IDXError.corruptGzip("\(input.count - consumed) bytes of trailing data after the gzip stream")
        }
    }

    private func lastMessage(_ status: Int32) -> String {
        if let message = stream.pointee.msg { return String(cString: message) }
        return "zlib status \(status)"
    }
}
