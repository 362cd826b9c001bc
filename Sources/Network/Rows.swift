/// Per-row helpers for `[R, C]` matrices: biases of channel-major activations and their gradients.
public enum Rows {
    /// `m[r, c] = bias[r]`: a GEMM with beta 1 then adds onto the bias, which saves the pass
    /// OpenBLAS makes to clear C when beta is 0 and a bias pass after it.
    public static func fill(bias: UnsafePointer<Float>, rows: Int, columns: Int, into m: UnsafeMutablePointer<Float>) {
        Parallel.forChunks(rows, minimumChunk: 1) { range in
            for r in range { (m + r * columns).update(repeating: bias[r], count: columns) }
        }
    }

    /// `m[r, c] = bias[r] + addend[r, c]`: the bias and a term added to a layer's output, before
    /// a GEMM with beta 1 adds the layer's product.
    public static func fill(bias: UnsafePointer<Float>, plus addend: UnsafePointer<Float>, rows: Int, columns: Int,
                            into m: UnsafeMutablePointer<Float>) {
        Parallel.forChunks(rows, minimumChunk: 1) { range in
            for r in range {
                let b = bias[r], src = addend + r * columns, dst = m + r * columns
                for c in 0..<columns { dst[c] = b + src[c] }
            }
        }
    }

    /// `sums[r] += Σ_c m[r, c]`, in eight interleaved partial sums (a single running sum cannot
    /// vectorise: each add would wait for the previous one).
    public static func accumulateSums(_ m: UnsafePointer<Float>, rows: Int, columns: Int, into sums: UnsafeMutablePointer<Float>) {
        Parallel.forChunks(rows, minimumChunk: 1) { range in
            for r in range {
                let row = m + r * columns
                var lanes = SIMD8<Float>(repeating: 0), c = 0
                while c + 8 <= columns {
                    lanes += UnsafeRawPointer(row + c).loadUnaligned(as: SIMD8<Float>.self)
                    c += 8
                }
                var s = lanes.sum()
                while c < columns { s += row[c]; c += 1 }
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
