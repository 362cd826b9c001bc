/// A dense Float32 buffer with a shape, owned by this object and reused across training steps.
///
/// Convolutional activations use the channel-major batch layout `[C, N, H, W]`, so that a whole
/// batch is one GEMM operand (`[C, N·H·W]`); dense activations use `[N, F]`. For `C == 1` the two
/// layouts coincide, which is why an image batch can enter either path without a copy.
public final class Tensor {
    public let shape: [Int]
    public let count: Int
    /// Owned storage; valid for the lifetime of the tensor.
    public let storage: UnsafeMutableBufferPointer<Float>

    public init(_ shape: [Int]) {
        precondition(shape.allSatisfy { $0 > 0 }, "tensor dimensions must be positive: \(shape)")
        self.shape = shape
        count = shape.reduce(1, *)
        storage = .allocate(capacity: count)
        storage.initialize(repeating: 0)
    }

    deinit { storage.deallocate() }

    public var pointer: UnsafeMutablePointer<Float> { storage.baseAddress! }

    public func zero() { storage.update(repeating: 0) }

    public subscript(i: Int) -> Float {
        get { storage[i] }
        set { storage[i] = newValue }
    }

    public func copy(from values: [Float]) {
        precondition(values.count == count, "copy of \(values.count) values into a tensor of \(count)")
        _ = storage.update(from: values)
    }

    public var array: [Float] { Array(storage) }
}
