import ModelFile
/// How a VLAE is trained; defaults are the reference model's (DESIGN.md, ref_vlae.py).
public struct TrainingOptions: Codable, Equatable, Sendable {
    public var batch = 64
    /// Images per forward/backward pass: a step runs its batch as micro-batches of at most this
    /// many on the engine's threads (`DataParallelRunner`); the gradient is the whole batch's.
    public var microBatch = 8
    public var learningRate: Float = 2e-3
    /// Free bits: an image's KL gets no gradient while under this many nats (Kingma et al. 2016).
    public var freeNats = 2.0
    public var polyakDecay: Float = 0.998
    /// Global gradient-norm clip; 0 disables.
    public var clipNorm: Float = 0
    public var seed: UInt64 = 1
    /// Wall-clock budget in minutes (the run stops after the step that crosses it), and an epoch cap.
    public var minutes = 60.0
    public var maxEpochs = 1000
    /// Minutes between checkpoints.
    public var checkpointMinutes = 3.0
    /// The human name stored in the model file (nil: readers name it after the file).
    public var name: String? = nil

    public init() {}
}
