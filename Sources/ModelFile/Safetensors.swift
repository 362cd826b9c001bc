import Foundation

/// The safetensors format (Hugging Face): an 8-byte little-endian header length, a JSON header
/// mapping tensor names to dtype, shape and byte offsets (plus a string→string `__metadata__`),
/// then the raw little-endian data. Chosen so shipped weights open with standard ML tools.
/// Only `F32` tensors are written or accepted.
public enum Safetensors {
    public struct Entry: Equatable, Sendable {
        public let shape: [Int]
        public let values: [Float]
        public init(shape: [Int], values: [Float]) {
            precondition(shape.reduce(1, *) == values.count)
            self.shape = shape
            self.values = values
        }
    }

    public struct File: Equatable, Sendable {
        public var tensors: [String: Entry]
        public var metadata: [String: String]
        public init(tensors: [String: Entry], metadata: [String: String]) {
            self.tensors = tensors
            self.metadata = metadata
        }
    }

    /// Serialises tensors in name order (deterministic bytes for the same content).
    public static func encode(_ file: File) -> [UInt8] {
        var header: [String: Any] = ["__metadata__": file.metadata]
        var offset = 0
        let names = file.tensors.keys.sorted()
        for name in names {
            let e = file.tensors[name]!
            header[name] = ["dtype": "F32", "shape": e.shape, "data_offsets": [offset, offset + 4 * e.values.count]] as [String: Any]
            offset += 4 * e.values.count
        }
        var json = Array(try! JSONSerialization.data(withJSONObject: header, options: [.sortedKeys]))
        while json.count % 8 != 0 { json.append(0x20) }
        var out: [UInt8] = []
        out.reserveCapacity(8 + json.count + offset)
        withUnsafeBytes(of: UInt64(json.count).littleEndian) { out.append(contentsOf: $0) }
        out.append(contentsOf: json)
        for name in names {
            for v in file.tensors[name]!.values { withUnsafeBytes(of: v.bitPattern.littleEndian) { out.append(contentsOf: $0) } }
        }
        return out
    }

    /// Parses and validates: header length within the file, JSON shape, F32 only, offsets that
    /// tile the data section exactly, shapes that match their byte counts.
    public static func decode(_ bytes: [UInt8]) throws(ModelFileError) -> File {
        guard bytes.count >= 8 else { throw ModelFileError.malformed("shorter than the 8-byte header length") }
        let headerLength = bytes[0..<8].enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) }
        guard headerLength <= UInt64(bytes.count - 8), headerLength <= 100_000_000 else {
            throw ModelFileError.malformed("header length \(headerLength) exceeds the file")
        }
        let dataStart = 8 + Int(headerLength)
        guard let object = try? JSONSerialization.jsonObject(with: Data(bytes[8..<dataStart])),
              let header = object as? [String: Any] else { throw ModelFileError.malformed("header is not a JSON object") }
        var metadata: [String: String] = [:]
        if let m = header["__metadata__"] {
            guard let m = m as? [String: String] else { throw ModelFileError.malformed("__metadata__ is not a string map") }
            metadata = m
        }
        var tensors: [String: Entry] = [:]
        var spans: [(Int, Int)] = []
        let dataCount = bytes.count - dataStart
        for (name, value) in header where name != "__metadata__" {
            guard let info = value as? [String: Any], let dtype = info["dtype"] as? String,
                  let shape = info["shape"] as? [Int], let offsets = info["data_offsets"] as? [Int], offsets.count == 2
            else { throw ModelFileError.malformed("tensor \(name) has a malformed entry") }
            guard dtype == "F32" else { throw ModelFileError.malformed("tensor \(name) has dtype \(dtype), expected F32") }
            let (begin, end) = (offsets[0], offsets[1])
            guard shape.allSatisfy({ $0 >= 0 && $0 <= 1 << 30 }), begin >= 0, begin <= end, end <= dataCount else {
                throw ModelFileError.malformed("tensor \(name) has offsets or shape out of range")
            }
            let count = shape.reduce(1) { $0.multipliedReportingOverflow(by: $1).overflow ? Int.max : $0 * $1 }
            guard count != Int.max, count * 4 == end - begin else {
                throw ModelFileError.malformed("tensor \(name): shape \(shape) does not match \(end - begin) bytes")
            }
            let values = (0..<count).map { i -> Float in
                let o = dataStart + begin + 4 * i
                return Float(bitPattern: UInt32(bytes[o]) | UInt32(bytes[o + 1]) << 8 | UInt32(bytes[o + 2]) << 16 | UInt32(bytes[o + 3]) << 24)
            }
            tensors[name] = Entry(shape: shape, values: values)
            spans.append((begin, end))
        }
        spans.sort { $0 < $1 }
        var expected = 0
        for (b, e) in spans {
            guard b == expected else { throw ModelFileError.malformed("tensor data has gaps or overlaps") }
            expected = e
        }
        guard expected == dataCount else { throw ModelFileError.malformed("\(dataCount - expected) stray bytes after the tensor data") }
        return File(tensors: tensors, metadata: metadata)
    }
}
