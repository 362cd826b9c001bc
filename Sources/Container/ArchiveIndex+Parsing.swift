extension ArchiveIndex {
    /// Fewest bytes a form takes: group, kind, a PNG section (the shortest), layout length.
    private static let minFormBytes = 1 + 1 + 9 + 4
    /// Fewest bytes an entry takes: prefix length, rest length, one byte of path, form number.
    private static let minEntryBytes = 4

    /// Reads the source section of kind 4 and checks it as the initializer does, and that it is
    /// in its one canonical form: forms numbered in order of first use and all distinct, each
    /// path sharing with the one before exactly their longest common prefix.
    /// - Throws: a `ContainerError`; never traps. Counts are checked against the bytes present
    ///   before anything is allocated for them.
    static func parse(_ reader: inout ByteReader) throws -> ArchiveIndex {
        let groupCount = Int(try reader.read(UInt8.self, field: "archive group count"))
        var groups: [ArchiveGroup] = []
        for _ in 0..<groupCount {
            let codec = try VZHeader.parseCodec(try reader.read(UInt8.self, field: "archive group codec"), &reader)
            let parameters = try VZHeader.parseCodecParameters(&reader)
            let length = try reader.read(UInt64.self, field: "archive group payload length")
            groups.append(try ArchiveGroup(codec: codec, parameters: parameters, payloadLength: length))
        }

        let formCount = Int(try reader.read(UInt32.self, field: "archive form count"))
        guard formCount >= 1 else { throw ContainerError.badArchive("no forms") }
        guard formCount <= reader.remaining / minFormBytes else { throw ContainerError.headerFieldsOverrun(field: "archive forms") }
        var forms: [Form] = [], seen = Set<Form>()
        forms.reserveCapacity(formCount)
        for index in 0..<formCount {
            let group = Int(try reader.read(UInt8.self, field: "archive form group"))
            let kindID = try reader.read(UInt8.self, field: "archive form kind")
            let source: InputSource
            switch SourceKind(rawValue: kindID) {
            case .netpbm?: source = try VZHeader.parseNetpbm(&reader)
            case .idx?: source = try VZHeader.parseIDX(&reader)
            case .png?: source = try VZHeader.parsePNG(&reader)
            case .archive?: throw ContainerError.badArchive("form \(index) is an archive")
            case nil: throw ContainerError.unknownKind(kindID)
            }
            let layoutLength = try reader.read(UInt32.self, field: "archive form layout length")
            let form = Form(group: group, source: source, layout: try reader.readBytes(Int(layoutLength), field: "archive form layout"))
            guard seen.insert(form).inserted else { throw ContainerError.badArchive("form \(index) repeats an earlier one") }
            forms.append(form)
        }

        let entryCount = Int(try reader.read(UInt32.self, field: "archive entry count"))
        guard entryCount <= reader.remaining / minEntryBytes else { throw ContainerError.headerFieldsOverrun(field: "archive entries") }
        guard (1...maxEntries).contains(entryCount) else { throw ContainerError.badArchive("\(entryCount) entries, expected 1 to \(maxEntries)") }
        var entries: [ArchiveEntry] = []
        entries.reserveCapacity(entryCount)
        var previous: [UInt8] = [], formsUsed = 0
        for _ in 0..<entryCount {
            let shared = try reader.readVarint(limit: previous.count, field: "archive path prefix length")
            let rest = try reader.readVarint(limit: ArchivePath.maxBytes, field: "archive path length")
            let path = Array(previous[..<shared]) + (try reader.readBytes(rest, field: "archive path"))
            // The longest common prefix, so that every archive has one byte form.
            guard shared == previous.count || rest == 0 || path[shared] != previous[shared] else {
                throw ContainerError.badArchive("path \(ArchivePath.printable(String(decoding: path, as: UTF8.self))) does not share its whole common prefix")
            }
            let form = try reader.readVarint(limit: formCount - 1, field: "archive entry form")
            guard form <= formsUsed else { throw ContainerError.badArchive("form \(form) is used before form \(formsUsed)") }
            if form == formsUsed { formsUsed += 1 }
            let f = forms[form]
            entries.append(ArchiveEntry(path: try ArchivePath.validated(path), source: f.source, layout: f.layout, group: f.group))
            previous = path
        }
        guard formsUsed == formCount else { throw ContainerError.badArchive("form \(formsUsed) holds no entry") }
        return try ArchiveIndex(groups: groups, entries: entries)
    }
}
