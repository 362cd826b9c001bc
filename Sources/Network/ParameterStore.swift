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

    public init() {}

    deinit {
        values.deallocate()
        gradients.deallocate()
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
