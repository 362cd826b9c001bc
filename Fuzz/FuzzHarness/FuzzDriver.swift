#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

#if VLAE_FUZZING
/// libFuzzer's entry point for programs that keep their own `main` (`libclang_rt.fuzzer_no_main`):
/// parses libFuzzer's flags from argv and calls `callback` once per input.
@_silgen_name("LLVMFuzzerRunDriver")
private func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<Int32>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32) -> Int32
#endif

/// The target the C callback runs; set once by `FuzzDriver.main` before any input.
private nonisolated(unsafe) var currentTarget = FuzzTarget.netpbm

/// The `main` of every `Fuzz/fuzz-*` executable.
///
/// Built with `-D VLAE_FUZZING` and libFuzzer (`scripts/fuzz.sh`), it hands argv to libFuzzer.
/// In an ordinary build (`swift build`), it replays the files named on the command line, and
/// those of named folders, and exits 1 if any breaks a property; so the executables always build
/// and a crash file can be replayed under a debugger without libFuzzer.
public enum FuzzDriver {
    public static func main(_ target: FuzzTarget) -> Never {
        currentTarget = target
        #if VLAE_FUZZING
        var argc = CommandLine.argc
        var argv = CommandLine.unsafeArgv
        exit(LLVMFuzzerRunDriver(&argc, &argv) { data, size in
            let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
            do {
                try currentTarget.run(bytes)
            } catch {
                // A broken property is a crash for libFuzzer, which then saves the input.
                fputs("fuzz-\(currentTarget.rawValue): property violated: \(error)\n", stderr)
                abort()
            }
            return 0
        })
        #else
        exit(replay(target, paths: Array(CommandLine.arguments.dropFirst())))
        #endif
    }

    /// Runs `target` on every file in `paths` (folders: their files); 0 if all pass, else 1.
    static func replay(_ target: FuzzTarget, paths: [String]) -> Int32 {
        var failures = 0, count = 0
        for path in paths.flatMap(FuzzFiles.expand) {
            guard let bytes = FuzzFiles.read(path) else {
                fputs("fuzz-\(target.rawValue): cannot read \(path)\n", stderr)
                failures += 1
                continue
            }
            count += 1
            do {
                try target.run(bytes)
            } catch {
                fputs("fuzz-\(target.rawValue): \(path): property violated: \(error)\n", stderr)
                failures += 1
            }
        }
        print("fuzz-\(target.rawValue): replayed \(count) inputs, \(failures) failures")
        return failures == 0 ? 0 : 1
    }
}
