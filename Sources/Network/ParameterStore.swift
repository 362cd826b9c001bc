/// Where one named parameter lives inside a `ParameterStore`.
public struct ParameterView: Sendable, Equatable {
    public let name: String
    public let shape: [Int]
    public let offset: Int
    public var count: Int { shape.reduce(1, *) }
}

/// All trainable parameters of a model in one arena (llm.c habit): values and gradients are two
/// flat buffers and every layer owns named views into both. Optimisers, Polyak averaging,
/// checkpoints and gradient clipping then work on the flat buffers and need no layer knowledge.
public final class ParameterStore {
    public private(set) var views: [ParameterView] = []
    public private(set) var values: UnsafeMutableBufferPointer<Float> = .init(start: nil, count: 0)
    public private(set) var gradients: UnsafeMutableBufferPointer<Float> = .init(start: nil, count: 0)
    private var pendingInit: [(ParameterView, [Float])] = []
    /// A replica reads its original's values and must not free them.
    private var sharesValues = false

    public init() {}

    deinit {
        if !sharesValues { values.deallocate() }
        gradients.deallocate()
    }

    /// A store that reads this store's values (the same memory, so updates show at once) and
    /// accumulates into gradients of its own: one per thread of a data-parallel step, summed
    /// afterwards in a fixed order. It must not outlive this store.
    public func replica() -> ParameterStore {
        precondition(values.baseAddress != nil, "replica before materialize")
        let copy = ParameterStore()
        copy.views = views
        copy.values = values
        copy.sharesValues = true
        copy.gradients = .allocate(capacity: count)
        copy.gradients.initialize(repeating: 0)
        return copy
    }

    /// `gradients += other.gradients` (a replica's, or any store of the same layout).
    public func addGradients(of other: ParameterStore) {
        precondition(other.count == count, "stores of different sizes")
        let (g, o) = (gradients.baseAddress!, other.gradients.baseAddress!)
        Parallel.forChunks(count) { r in for i in r { g[i] += o[i] } }
    }

    public var count: Int { views.last.map { $0.offset + $0.count } ?? 0 }

    /// Declares a parameter with its initial values (row-major). Storage exists after `materialize()`.
    /// - Precondition: called before `materialize()`, with a new name and `initial.count` matching `shape`.
    public func declare(_ name: String, shape: [Int], initial: [Float]) -> ParameterView {
        precondition(values.baseAddress == nil, "declare after materialize")
        precondition(!views.contains { $0.name == name }, "duplicate parameter \(name)")
        let view = ParameterView(name: name, shape: shape, offset: count)
        precondition(initial.count == view.count, "\(name): \(initial.count) initial values for shape \(shape)")
        views.append(view)
        pendingInit.append((view, initial))
        return view
    }

    /// Allocates both buffers and runs every initializer, in declaration order.
    public func materialize() {
        values = .allocate(capacity: count)
        gradients = .allocate(capacity: count)
        gradients.initialize(repeating: 0)
        for (view, initial) in pendingInit {
            (values.baseAddress! + view.offset).initialize(from: initial, count: initial.count)
        }
        pendingInit = []
    }

    public func value(_ view: ParameterView) -> UnsafeMutablePointer<Float> { values.baseAddress! + view.offset }
    public func gradient(_ view: ParameterView) -> UnsafeMutablePointer<Float> { gradients.baseAddress! + view.offset }

    public func zeroGradients() { gradients.update(repeating: 0) }

    public func view(named name: String) -> ParameterView? { views.first { $0.name == name } }
}
