/// Mixing of several models' probabilities for one decision in the logistic domain, with
/// weights learnt online (as in the PAQ family of compressors): the mixed probability is
/// squash(Σ wᵢ · stretch(pᵢ)), and after each decision every weight moves along its input by the
/// coding error. Integer arithmetic only; probabilities in units of 2^-12 here.
enum Logistic {
    /// 4096 / (1 + e^(−x/256)) at x = −2048, −1920, …, 2048, rounded.
    private static let squashPoints: [Int32] = [1, 2, 4, 6, 10, 17, 27, 45, 74, 120, 194, 311, 488, 747, 1102, 1546, 2048,
                                               2550, 2994, 3349, 3608, 3785, 3902, 3976, 4022, 4051, 4069, 4079, 4086, 4090, 4092, 4094, 4095]

    /// 4096 / (1 + e^(−x/256)) for x in [−2047, 2047] (clamped), by linear interpolation.
    @inline(__always)
    static func squash(_ x: Int32) -> Int32 {
        let d = min(max(x, -2047), 2047) + 2048
        let i = Int(d >> 7), w = d & 127
        return squashPoints.withUnsafeBufferPointer { ($0[i] * (128 - w) + $0[i + 1] * w + 64) >> 7 }
    }

    /// The inverse of `squash` on 0 … 4095: the smallest x whose squash reaches p, less one.
    static let stretchTable: [Int16] = {
        var table = [Int16](repeating: 0, count: 4096)
        var x: Int32 = -2047
        for p in 0..<4096 {
            while x < 2047 && squash(x) < Int32(p) { x += 1 }
            table[p] = Int16(x)
        }
        return table
    }()
}

/// Three models' probabilities mixed, with one set of weights per selector value.
struct LogisticMixer {
    static let inputs = 3
    private var weights: [Int32]
    /// The last mix's inputs, selected weights and output, for `update`.
    private var stretched: [Int32]
    private var selected = 0
    private var mixed: Int32 = 2048
    private let rate: Int32
    static let bound: Int32 = 1 << 22

    /// - Parameters: `selectors` weight sets, each starting at `initialWeight` (in units of
    ///   2^-16) for every input; `rate` scales the weight updates.
    init(selectors: Int, initialWeight: Int32, rate: Int32) {
        weights = [Int32](repeating: initialWeight, count: Self.inputs * selectors)
        stretched = [Int32](repeating: 0, count: Self.inputs)
        self.rate = rate
    }

    /// Mixes `probabilities` (units of 2^-16) with weight set `selector`; returns P(1) in units of 2^-16.
    @inline(__always)
    mutating func mix(_ probabilities: (Int32, Int32, Int32), selector: Int) -> Int32 {
        selected = selector * Self.inputs
        let table = Logistic.stretchTable
        stretched[0] = Int32(table[Int(probabilities.0 >> 4)])
        stretched[1] = Int32(table[Int(probabilities.1 >> 4)])
        stretched[2] = Int32(table[Int(probabilities.2 >> 4)])
        var dot: Int64 = 0
        for i in 0..<Self.inputs { dot += Int64(stretched[i]) * Int64(weights[selected + i]) }
        mixed = Logistic.squash(Int32(truncatingIfNeeded: dot >> 16))
        return min(max(mixed << 4, AdaptiveBit.lowest), AdaptiveBit.highest)
    }

    /// Moves the selected weights along their inputs by the error of the last mix.
    @inline(__always)
    mutating func update(_ bit: Int) {
        let error = (Int32(bit) << 12) - mixed
        for i in 0..<Self.inputs {
            // Bounded, so that no input (not even a damaged payload's) can overflow a weight.
            weights[selected + i] = min(max(weights[selected + i] + ((stretched[i] * error * rate) >> 12), -Self.bound), Self.bound)
        }
    }
}

/// Secondary estimation: refines a probability by what was seen after the same probability in
/// the same small context (33 interpolated buckets of its stretch per context).
struct ProbabilityRefiner {
    private var table: [Int32]
    private var index = 0
    private let rate: Int32

    init(contexts: Int, rate: Int32) {
        let row = (0..<33).map { Logistic.squash(Int32($0 - 16) * 128) * 16 }
        table = Array((0..<contexts).map { _ in row }.joined())
        self.rate = rate
    }

    /// The refined P(1), units of 2^-16, for `probability` (units of 2^-16) in `context`.
    @inline(__always)
    mutating func refine(_ probability: Int32, context: Int) -> Int32 {
        let s = Int32(Logistic.stretchTable[Int(probability >> 4)]) + 2048
        let low = Int(s >> 7), w = s & 127
        let base = context * 33 + low
        index = base + Int(w >> 6)
        let refined = (table[base] * (128 - w) + table[base + 1] * w) >> 7
        return min(max(refined, AdaptiveBit.lowest), AdaptiveBit.highest)
    }

    /// Moves the bucket nearest the last refined probability towards `bit`.
    @inline(__always)
    mutating func update(_ bit: Int) {
        let target: Int32 = bit == 0 ? 0 : 65535
        table[index] += (target - table[index]) >> rate
    }
}
