/// Per-row helpers for `[R, C]` matrices: biases of channel-major activations and their gradients.
public enum Rows {
    /// `m[r, c] += bias[r]`
    public static func addBias(_ bias: UnsafePointer<Float>, rows: Int, columns: Int, to m: UnsafeMutablePointer<Float>) {
        Parallel.forChunks(rows, minimumChunk: 1) { range in
            for r in range {
                let b = bias[r], row = m + r * columns
                for c in 0..<columns { row[c] += b }
            }
        }
    }

    /// `sums[r] += Σ_c m[r, c]`
    public static func accumulateSums(_ m: UnsafePointer<Float>, rows: Int, columns: Int, into sums: UnsafeMutablePointer<Float>) {
        Parallel.forChunks(rows, minimumChunk: 1) { range in
            for r in range {
                let row = m + r * columns
                var s: Float = 0
                for c in 0..<columns { s += row[c] }
                sums[r] += s
            }
        }
    }

    /// `sums[c] += Σ_r m[r, c]` (bias gradient of a dense layer, whose batch is the row index).
    public static func accumulateColumnSums(_ m: UnsafePointer<Float>, rows: Int, columns: Int, into sums: UnsafeMutablePointer<Float>) {
        for r in 0..<rows {
            let row = m + r * columns
            for c in 0..<columns { sums[c] += row[c] }
        }
    }
}
