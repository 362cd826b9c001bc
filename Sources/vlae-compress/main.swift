import ArgumentParser
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Prints `vlae-compress: error: MESSAGE` as one line on standard error.
func printError(_ message: String) {
    let line = message.split(whereSeparator: \.isNewline).joined(separator: " ")
    fputs("vlae-compress: error: \(line)\n", stderr)
}

// Argument errors become exit code 1 with one line instead of ArgumentParser's usage block;
// --help still prints the full help and exits 0.
do {
    let command = try VlaeCompress.parse()
    try command.execute()
    exit(0)
} catch let error as CLIError {
    printError(error.description)
    exit(error.exitCode)
} catch {
    if VlaeCompress.exitCode(for: error) == .success {
        print(VlaeCompress.fullMessage(for: error))
        exit(0)
    }
    printError(VlaeCompress.message(for: error) + " (see vlae-compress --help)")
    exit(1)
}
