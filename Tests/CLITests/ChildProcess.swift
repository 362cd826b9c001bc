import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A child process started with `posix_spawn`, for tests that watch a running `vlae-compress`,
/// signal it by pid, and then read how it ended (an exit code or the signal that killed it).
struct ChildProcess {
    /// How a child ended.
    struct Ending {
        /// The exit code, or nil when a signal killed it.
        var exitCode: Int32?
        /// The signal that killed it, or nil when it exited.
        var signal: Int32?
    }

    /// `posix_spawn` failed.
    struct SpawnError: Error, CustomStringConvertible {
        let description: String
    }

    let pid: pid_t

    /// Starts `executable` with `arguments`; stdin is /dev/null, stdout and stderr go to `log`.
    static func spawn(_ executable: String, _ arguments: [String], log: String) throws -> ChildProcess {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, log, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let status = argv.withUnsafeBufferPointer { buffer in
            posix_spawn(&pid, executable, &actions, nil, UnsafeMutablePointer(mutating: buffer.baseAddress!), environ)
        }
        guard status == 0 else { throw SpawnError(description: "posix_spawn \(executable): \(String(cString: strerror(status)))") }
        return ChildProcess(pid: pid)
    }

    /// Sends `signal` to the child.
    func send(_ signal: Int32) {
        kill(pid, signal)
    }

    /// Whether the child has not ended yet (it stays a zombie until `wait`).
    var isRunning: Bool {
        var info = siginfo_t()
        // si_pid stays 0 while the child runs (glibc names the field through a macro).
        return waitid(P_PID, id_t(pid), &info, WEXITED | WNOHANG | WNOWAIT) == 0 && info._sifields._sigchld.si_pid == 0
    }

    /// Waits for the end, killing the child after `timeout` seconds (then `nil`).
    func wait(timeout: Double) -> Ending? {
        let deadline = Date().addingTimeInterval(timeout)
        while isRunning {
            guard Date() < deadline else {
                kill(pid, SIGKILL)
                var status: Int32 = 0
                waitpid(pid, &status, 0)
                return nil
            }
            usleep(2_000)
        }
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        // The <sys/wait.h> macros, which Swift does not import.
        let signal = status & 0x7F
        return Ending(exitCode: signal == 0 ? (status >> 8) & 0xFF : nil, signal: signal == 0 ? nil : signal)
    }
}
