import Container

/// The `.vz` container reader (input: a control byte, see `ResealedInput`, then the file). It
/// must throw only `ContainerError`; when it accepts the bytes, serialising the parsed file
/// gives exactly those bytes back (every file has one encoding).
enum ContainerFuzzing {
    static func run(_ input: [UInt8]) throws(FuzzViolation) {
        let bytes = ResealedInput(input).file
        let file: VZFile
        do {
            file = try VZFile(parsing: bytes)
        } catch is ContainerError {
            return
        } catch {
            throw FuzzViolation("untyped error \(error)")
        }
        try require(file.serialized() == bytes, "an accepted file does not reserialise to its own bytes")
        try require(file.headerLength <= bytes.count, "header length beyond the file")
        try require(file.header.source.totalPixels <= VZFormat.maxPixelsPerFile, "pixel limit exceeded")
    }
}
