/// Plain-text columns for listings: each column as wide as its widest cell, two spaces between
/// columns, the last column not padded (it holds paths).
enum TextTable {
    static func render(_ header: [String], _ rows: [[String]]) -> [String] {
        let widths = header.indices.map { c in ([header] + rows).map { $0[c].count }.max()! }
        return ([header] + rows).map { cells in
            cells.enumerated().map { $0.offset == cells.count - 1 ? $0.element : $0.element.padding(toLength: widths[$0.offset], withPad: " ", startingAt: 0) }
                .joined(separator: "  ")
        }
    }
}
