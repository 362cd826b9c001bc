import Dispatch
import Network

/// Runs the passes of a batch as micro-batches spread over the engine's threads: each thread
/// owns workspaces and a replica of the parameter store (the same values, its own gradients) and
/// runs its micro-batches one after another with single-threaded kernels; `reduceGradients` then
/// sums the replicas' gradients into the model's store in a fixed order.
///
/// Why: with one pass over the whole batch on two threads, every layer is a fork and join
/// (OpenBLAS's threads spin between calls) and every activation of 64 images streams through
/// memory; micro-batches of 8 keep a layer's operands near the cache and the threads never wait
/// on each other inside a step. Which thread runs which micro-batch is fixed, so a step is
/// deterministic and a resumed run continues bit for bit.
final class DataParallelRunner {
    let model: VLAEModel
    let microBatch: Int
    /// One per thread; thread 0 works in the model's own store.
    private let threads: [ThreadState]

    private final class ThreadState {
        let params: ParameterStore
        var workspaces: [Int: VLAEWorkspace] = [:]
        init(params: ParameterStore) { self.params = params }
    }

    init(model: VLAEModel, microBatch: Int, threads: Int = Parallel.workers) {
        precondition(microBatch >= 1 && threads >= 1)
        self.model = model
        self.microBatch = microBatch
        self.threads = (0..<threads).map { ThreadState(params: $0 == 0 ? model.store : model.store.replica()) }
    }

    /// `0..<count` cut into micro-batches of at most `microBatch` images, as equal as possible.
    func slices(of count: Int) -> [Range<Int>] {
        let parts = (count + microBatch - 1) / microBatch
        return (0..<parts).map { count * $0 / parts ..< count * ($0 + 1) / parts }
    }

    /// Calls `body` once per micro-batch of `0..<count`, with a workspace of that micro-batch's
    /// size; micro-batch i runs on thread i mod threads. `body` must write only to memory of its
    /// own workspace or indexed by its own slice.
    func run(_ count: Int, _ body: (VLAEWorkspace, Range<Int>) -> Void) {
        let parts = slices(of: count), used = min(threads.count, parts.count)
        for (i, slice) in parts.enumerated() where threads[i % used].workspaces[slice.count] == nil {
            let state = threads[i % used]
            state.workspaces[slice.count] = VLAEWorkspace(model: model, batch: slice.count, params: state.params)
        }
        Parallel.withSerialKernels {
            DispatchQueue.concurrentPerform(iterations: used) { t in
                let state = threads[t]
                for i in stride(from: t, to: parts.count, by: used) {
                    body(state.workspaces[parts[i].count]!, parts[i])
                }
            }
        }
    }

    func zeroGradients() { for state in threads { state.params.zeroGradients() } }

    /// Adds every replica's gradients into the model's store, in thread order.
    func reduceGradients() {
        for state in threads.dropFirst() { model.store.addGradients(of: state.params) }
    }
}
