import DeterministicMath

/// Element-wise activations for training; `DMath.elu` is the same function the coding model uses.
public enum ELU {
    /// y = x for x > 0, eˣ − 1 otherwise. `x` and `y` may alias.
    public static func forward(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, count: Int) {
        Parallel.forChunks(count) { r in
            // In place, a single pointer: with two equal pointers LLVM's overlap check fails and
            // the loop runs scalar, about 6× slower.
            if UnsafePointer(y) == x {
                for i in r { y[i] = DMath.elu(y[i]) }
            } else {
                for i in r { y[i] = DMath.elu(x[i]) }
            }
        }
    }

    /// A residual block's tail in one pass: `a = ELU(a)` in place, then `next = h + a`.
    public static func forwardResidual(_ a: UnsafeMutablePointer<Float>, adding h: UnsafePointer<Float>,
                                       into next: UnsafeMutablePointer<Float>, count: Int) {
        Parallel.forChunks(count) { r in
            for i in r {
                let v = DMath.elu(a[i])
                a[i] = v
                next[i] = h[i] + v
            }
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
