import Foundation

/// Command-line options of bench-coder: `--output PATH`, `--runs N`, `--mebibytes N`, `--symbols N`.
struct Options {
    var output = "Bench/results/coder.md"
    var runs = 7
    var mebibytes = 16
    var gaussianSymbols = 200_000

    init(arguments: [String]) {
        var remaining = arguments.dropFirst()[...]
        while let flag = remaining.popFirst() {
            guard let value = remaining.popFirst() else { Self.usage("missing value after \(flag)") }
            switch flag {
            case "--output": output = value
            case "--runs": runs = Self.positive(value, flag)
            case "--mebibytes": mebibytes = Self.positive(value, flag)
            case "--symbols": gaussianSymbols = Self.positive(value, flag)
            default: Self.usage("unknown option \(flag)")
            }
        }
    }

    private static func positive(_ text: String, _ flag: String) -> Int {
        guard let value = Int(text), value > 0 else { usage("\(flag) needs a positive integer") }
        return value
    }

    private static func usage(_ message: String) -> Never {
        print("bench-coder: \(message)")
        print("usage: bench-coder [--output PATH] [--runs N] [--mebibytes N] [--symbols N]")
        exit(2)
    }
}
