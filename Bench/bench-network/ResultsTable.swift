import Foundation

/// The markdown report: machine and method first, then the training and kernel tables.
struct ResultsTable {
    let machine: MachineInfo
    let runs: Int
    let parameterCount: Int
    /// How the configuration differs from `VLAEConfig()` ("VLAEConfig() defaults" when it does not).
    let configuration: String
    let batch: Int
    let microBatch: Int
    let steps: Int
    let training: (median: Double, samples: [Double])?
    let kernels: [KernelResult]
    let tolerance: Double

    func markdown() -> String {
        var out = """
        # Network engine benchmark (`bench-network`)

        - Date: \(machine.date)
        - Machine: \(machine.cpu), \(machine.cores) cores
        - Build: \(machine.build); \(machine.blas)
        - Other load: \(loadLine)
        - Method: medians of \(runs) runs after warm-up; wall-clock time.

        """
        if let training {
            let lo = training.samples.min() ?? .nan, hi = training.samples.max() ?? .nan
            out += """

            ## Training throughput

            Forward, backward and Adamax step of \(configuration) (\(parameterCount) parameters) on seeded
            synthetic bi-level images, through `Trainer.run`; each run is a fresh trainer whose steps 2…\(steps)
            are timed (step 1 is warm-up; validation and file writes fall outside the window). A step runs
            its batch as micro-batches on the engine's threads (`DataParallelRunner`).

            | configuration | batch | micro-batch | timed steps/run | runs | images/s (median) | range |
            |---|---:|---:|---:|---:|---:|---|
            | \(configuration) | \(batch) | \(microBatch) | \(steps - 1) | \(runs) | \(fmt(training.median, 1)) | \(fmt(lo, 1))–\(fmt(hi, 1)) |

            """
        }
        if !kernels.isEmpty {
            out += """

            ## Kernels

            Nominal FLOPs are the lowered GEMM's 2·m·n·k (padded taps included); the fast path runs the
            full training shape (im2col, bias and col2im included for convolutions), the reference kernel
            (`ReferenceKernels.conv2d` and direct-loop gradients, or `Gemm.naive`) a reduced problem,
            each rated on its own size. Error: max |fast − reference| / max |reference| on the
            reference's problem, worst over all runs (tolerance \(tolerance)).

            | kernel | shape | fast GFLOP/s | reference GFLOP/s | reference size | speed-up | max rel. error |
            |---|---|---:|---:|---|---:|---:|

            """
            for k in kernels {
                out += "| \(k.name) | \(k.shape) | \(fmt(k.fastGFLOPS, 2)) | \(fmt(k.referenceGFLOPS, 3)) | \(k.referenceSize) | "
                    + "\(fmt(k.speedup, 0))× | \(String(format: "%.1e", k.maxError)) |\n"
            }
        }
        return out
    }

    var loadLine: String {
        let busy = machine.busyCores.isNaN ? "unknown" : fmt(machine.busyCores, 2)
        return machine.underLoad
            ? "yes: \(busy) of \(machine.cores) cores busy with other work just before the run (loadavg \(machine.loadAverage)); "
                + "numbers measured while another job runs are pessimistic"
            : "none (\(busy) cores busy just before the run; loadavg \(machine.loadAverage))"
    }

    func fmt(_ v: Double, _ digits: Int) -> String { String(format: "%.\(digits)f", v) }
}
