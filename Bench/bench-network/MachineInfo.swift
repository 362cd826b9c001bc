import COpenBLAS
import Foundation

/// Where and how the numbers were taken, for the results file.
struct MachineInfo {
    let cpu: String
    let cores: Int
    let date: String
    let build: String
    let blas: String
    /// /proc/loadavg's three load averages, read before the benchmark started.
    let loadAverage: String
    /// CPU time that other processes used during one second before the benchmark, in cores.
    let busyCores: Double

    /// Reads /proc (Linux); fields it cannot read say "unknown". Sleeps one second to sample load.
    static func current() -> MachineInfo {
        let cpuinfo = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        let model = cpuinfo.split(separator: "\n").first { $0.hasPrefix("model name") }
            .flatMap { $0.split(separator: ":", maxSplits: 1).last }
            .map { $0.trimmingCharacters(in: .whitespaces) } ?? "unknown"
        let load = ((try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8)) ?? "")
            .split(separator: " ").prefix(3).joined(separator: " ")
        let before = cpuTicks()
        Thread.sleep(forTimeInterval: 1)
        let after = cpuTicks()
        var busy = Double.nan
        if let b = before, let a = after, a.total > b.total {
            // This process sleeps meanwhile, so all busy time belongs to others.
            busy = Double((a.total - a.idle) - (b.total - b.idle)) / Double(a.total - b.total) * Double(ProcessInfo.processInfo.activeProcessorCount)
        }
        #if DEBUG
        let build = "debug"
        #else
        let build = "release (-c release)"
        #endif
        let formatter = ISO8601DateFormatter()
        return MachineInfo(cpu: model, cores: ProcessInfo.processInfo.activeProcessorCount, date: formatter.string(from: Date()),
                           build: build, blas: "\(String(cString: openblas_get_config())), \(openblas_get_num_threads()) threads",
                           loadAverage: load.isEmpty ? "unknown" : load, busyCores: busy)
    }

    /// Whether other work competed for the cores while we measured (≥ 0.25 of a core busy).
    var underLoad: Bool { busyCores.isNaN || busyCores >= 0.25 }

    /// Aggregate (total, idle + iowait) jiffies from the first line of /proc/stat.
    static func cpuTicks() -> (total: UInt64, idle: UInt64)? {
        guard let stat = try? String(contentsOfFile: "/proc/stat", encoding: .utf8),
              let line = stat.split(separator: "\n").first, line.hasPrefix("cpu ") else { return nil }
        let fields = line.split(separator: " ").dropFirst().compactMap { UInt64($0) }
        guard fields.count >= 5 else { return nil }
        // user nice system idle iowait irq softirq steal (guest time is already in user).
        return (fields.prefix(8).reduce(0, +), fields[3] + fields[4])
    }
}
