extension ArchiveIndex {
    /// What entries share: everything about a file but its path and pixels. Files alike (the same
    /// size, kind, layout and group) are described once and referred to by number.
    struct Form: Hashable {
        let group: Int
        let source: InputSource
        let layout: [UInt8]
    }

    /// The distinct forms in order of first use, and each entry's form.
    var forms: (forms: [Form], ofEntry: [Int]) {
        var forms: [Form] = [], number: [Form: Int] = [:], ofEntry: [Int] = []
        ofEntry.reserveCapacity(entries.count)
        for entry in entries {
            let form = Form(group: entry.group, source: entry.source, layout: entry.layout)
            if let known = number[form] {
                ofEntry.append(known)
            } else {
                number[form] = forms.count
                ofEntry.append(forms.count)
                forms.append(form)
            }
        }
        return (forms, ofEntry)
    }

    /// The source section of kind 4 (FORMAT.md): groups, forms, then entries, each path stored
    /// as the length of the prefix it shares with the one before and the rest.
    /// - Complexity: O(n + total path and layout bytes).
    func encoded() -> [UInt8] {
        var bytes: [UInt8] = [UInt8(groups.count)]
        for group in groups {
            bytes.append(group.codec.id)
            if let model = group.codec.model { bytes += model.bytes }
            bytes.append(group.parameters.version)
            bytes.appendLittleEndian(UInt16(group.parameters.bytes.count))
            bytes += group.parameters.bytes
            bytes.appendLittleEndian(group.payloadLength)
        }
        let (forms, ofEntry) = self.forms
        bytes.appendLittleEndian(UInt32(forms.count))
        for form in forms {
            bytes.append(UInt8(form.group))
            bytes.append(form.source.kind.rawValue)
            VZHeader.appendSource(form.source, to: &bytes)
            bytes.appendLittleEndian(UInt32(form.layout.count))
            bytes += form.layout
        }
        bytes.appendLittleEndian(UInt32(entries.count))
        var previous: [UInt8] = []
        for (entry, form) in zip(entries, ofEntry) {
            let path = Array(entry.path.utf8)
            let shared = zip(previous, path).prefix { $0 == $1 }.count
            bytes.appendVarint(shared)
            bytes.appendVarint(path.count - shared)
            bytes += path[shared...]
            bytes.appendVarint(form)
            previous = path
        }
        return bytes
    }
}
