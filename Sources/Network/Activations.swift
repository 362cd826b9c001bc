import CCodingKernels

/// Element-wise activations for training. The forward ELU is the coding model's own kernel
/// (`CCodingKernels`' `vlae_elu`, AVX2 where the CPU has it, bit for bit `DMath.elu`), which
/// Swift's baseline build could only run four floats at a time.
public enum ELU {
    /// y = x for x > 0, eˣ − 1 otherwise. `x` and `y` may alias.
    public static func forward(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, count: Int) {
        Parallel.forChunks(count) { r in
            let out = y + r.lowerBound
            if UnsafePointer(y) != x { out.update(from: x + r.lowerBound, count: r.count) }
            vlae_elu(out, r.count)
        }
    }

    /// A residual block's tail in one pass: `a = ELU(a)` in place, then `next = h + a`.
    public static func forwardResidual(_ a: UnsafeMutablePointer<Float>, adding h: UnsafePointer<Float>,
                                       into next: UnsafeMutablePointer<Float>, count: Int) {
        Parallel.forChunks(count) { r in
            vlae_elu(a + r.lowerBound, r.count)
            for i in r { next[i] = h[i] + a[i] }
        }
    }

    /// dx = dy · (y > 0 ? 1 : y + 1), from the forward output `y`; dx may alias dy.
    public static func backward(_ dy: UnsafePointer<Float>, y: UnsafePointer<Float>, _ dx: UnsafeMutablePointer<Float>, count: Int) {
        Parallel.forChunks(count) { r in
            if UnsafePointer(dx) == dy {
                for i in r { let v = y[i]; dx[i] = v > 0 ? dx[i] : dx[i] * (v + 1) }
            } else {
                for i in r { let v = y[i]; dx[i] = v > 0 ? dy[i] : dy[i] * (v + 1) }
            }
        }
    }
}

/// Moves between the channel-major batch layout `[C, N, P]` of conv layers and the per-image
/// layout `[N, C·P]` of dense layers.
public enum Layout {
    public static func channelMajorToRows(_ x: UnsafePointer<Float>, channels c: Int, batch n: Int, plane p: Int, _ y: UnsafeMutablePointer<Float>) {
        for ci in 0..<c { for ni in 0..<n { (y + (ni * c + ci) * p).update(from: x + (ci * n + ni) * p, count: p) } }
    }

    public static func rowsToChannelMajor(_ x: UnsafePointer<Float>, channels c: Int, batch n: Int, plane p: Int, _ y: UnsafeMutablePointer<Float>) {
        for ci in 0..<c { for ni in 0..<n { (y + (ci * n + ni) * p).update(from: x + (ni * c + ci) * p, count: p) } }
    }
}
