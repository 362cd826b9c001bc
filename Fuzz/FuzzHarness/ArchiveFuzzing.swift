import Compressor
import Container

/// The archive reader (input: a control byte, see `ResealedInput`, then the `.vz` file):
/// `Compressor.extractArchive`, which parses the index, decodes every group and rebuilds every
/// file. It must never trap (its errors are typed `CompressorError`s); when it accepts an
/// archive, every path keeps `ArchivePath`'s rules and is distinct, and the files it gives go
/// into a stored archive and come out of it unchanged.
///
/// Bounds as for `decompress` (`DecompressFuzzing`): archives declaring a sample stream over
/// 1 MiB, or more than one vlae tile, are skipped.
enum ArchiveFuzzing {
    static func run(_ input: [UInt8]) throws(FuzzViolation) {
        let bytes = ResealedInput(input).file
        if let file = try? VZFile(parsing: bytes), case let .archive(index) = file.header.source {
            if index.sampleStreamLength > DecompressFuzzing.maxSampleStream { return }
            let vlaeTiles = index.entries.filter { index.groups[$0.group].codec.model != nil }.reduce(0) { $0 + DecompressFuzzing.tiles($1.source) }
            if vlaeTiles > DecompressFuzzing.maxVLAETiles { return }
        }
        let result: ArchiveResult
        do {
            result = try Compressor.extractArchive(bytes)
        } catch {
            return
        }
        for file in result.files {
            try mustParse("an extracted path breaks the rules") { try ArchivePath.validate(file.path) }
        }
        try mustParse("extracted paths collide") { try ArchivePath.checkDistinct(result.files.map(\.path)) }
        let again = try mustParse("extracted files do not archive and extract again") {
            try Compressor.extractArchive(Compressor.compressArchive(result.files, codec: .stored).output).files
        }
        try require(again == result.files, "extracted files change through a stored archive")
    }
}
