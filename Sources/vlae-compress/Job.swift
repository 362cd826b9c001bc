/// One thing to do: read an input, write an output. The CLI turns its operands into jobs by
/// zstd's conventions (`CommandLine` → `Job.plan`).
struct Job: Equatable {
    enum Input: Equatable {
        case file(String)
        case standardInput
        /// Files and directories to compress into one archive (`InputTree`).
        case archive([String])

        var name: String {
            switch self {
            case .file(let path): path
            case .standardInput: "(stdin)"
            case .archive(let operands): operands.joined(separator: " ")
            }
        }
    }

    enum Output: Equatable {
        case file(String)
        case standardOutput

        var name: String {
            switch self {
            case .file(let path): path
            case .standardOutput: "(stdout)"
            }
        }
    }

    let input: Input
    let output: Output

    /// The suffix of compressed files.
    static let suffix = ".vz"

    /// The jobs for `operands`:
    /// - none, or `-`: standard input to standard output (or to `-o`);
    /// - `IN OUT`, the form of earlier versions: two operands where the second names the output,
    ///   that is, when compressing it ends in `.vz`, and when decompressing the first does and the
    ///   second does not;
    /// - compressing several operands, or a directory (`isDirectory`), to `-o`, `-c` or an `OUT`
    ///   of the form above: one archive of all their files;
    /// - otherwise each operand is an input; its output is `-o` (one input only), standard output
    ///   (`-c`), or a name beside it: `FILE.vz` when compressing, `FILE` without `.vz` when
    ///   decompressing (a name without `.vz` needs `-o`; an archive restores to a directory of that name).
    /// - Throws: `CLIError.usage` for what these rules do not allow.
    static func plan(operands: [String], output: String?, toStandardOutput: Bool, decompress: Bool,
                     isDirectory: (String) -> Bool = { _ in false }) throws -> [Job] {
        if output != nil && toStandardOutput { throw CLIError.usage("-o and -c both name the output; give one") }
        let explicit: Output? = toStandardOutput ? .standardOutput : output.map { $0 == "-" ? .standardOutput : .file($0) }
        if operands.isEmpty || operands == ["-"] {
            return [Job(input: .standardInput, output: explicit ?? .standardOutput)]
        }
        if operands.contains("-") { throw CLIError.usage("standard input (-) cannot be combined with other inputs") }
        if explicit == nil, operands.count == 2, isLegacyPair(operands, decompress: decompress) {
            let directory = !decompress && isDirectory(operands[0])
            return [Job(input: directory ? .archive([operands[0]]) : .file(operands[0]), output: .file(operands[1]))]
        }
        if Set(operands).count != operands.count { throw CLIError.usage("an input is named twice") }
        if !decompress, let directory = operands.first(where: isDirectory) {
            guard let explicit else { throw CLIError.usage("\(directory) is a directory: name the archive with -o ARCHIVE.vz") }
            return [Job(input: .archive(operands), output: explicit)]
        }
        if let explicit {
            if !decompress && operands.count > 1 { return [Job(input: .archive(operands), output: explicit)] }
            guard operands.count == 1 else {
                throw CLIError.usage("\(explicit == .standardOutput ? "-c" : "-o") writes one output; give one input")
            }
            return [Job(input: .file(operands[0]), output: explicit)]
        }
        return try operands.map { Job(input: .file($0), output: .file(try defaultOutput(for: $0, decompress: decompress))) }
    }

    static func isLegacyPair(_ operands: [String], decompress: Bool) -> Bool {
        decompress ? operands[0].hasSuffix(suffix) && !operands[1].hasSuffix(suffix) : operands[1].hasSuffix(suffix)
    }

    /// `FILE.vz` for compression; `FILE` for decompression of `FILE.vz`.
    static func defaultOutput(for input: String, decompress: Bool) throws -> String {
        guard decompress else { return input + suffix }
        guard input.hasSuffix(suffix), input.count > suffix.count, !input.hasSuffix("/" + suffix) else {
            throw CLIError.usage("\(input): unknown suffix (expected \(suffix)); name the output with -o")
        }
        return String(input.dropLast(suffix.count))
    }
}
