import COpenBLAS

/// Single-precision matrix multiply on row-major matrices: `C = op(A)·op(B) + beta·C`, where
/// `op(A)` is `[m, k]`, `op(B)` is `[k, n]` and `C` is `[m, n]`.
///
/// Training runs on OpenBLAS (`libopenblas-dev`), whose blocked SIMD kernels use both cores;
/// `naive` is the reference kernel the tests and the benchmark compare it with. The coding path
/// never uses either (DESIGN.md rule 1): its sums must not depend on a library's blocking order.
public enum Gemm {
    public static func multiply(
        transA: Bool, transB: Bool, m: Int, n: Int, k: Int,
        a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
        beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        cblas_sgemm(CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans,
                    Int32(m), Int32(n), Int32(k), 1, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
    }

    /// Reference kernel: the textbook triple loop, accumulating in Float in `k` order.
    public static func naive(
        transA: Bool, transB: Bool, m: Int, n: Int, k: Int,
        a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
        beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        for i in 0..<m {
            for j in 0..<n {
                var sum: Float = 0
                for p in 0..<k {
                    let av = transA ? a[p * lda + i] : a[i * lda + p]
                    let bv = transB ? b[j * ldb + p] : b[p * ldb + j]
                    sum += av * bv
                }
                c[i * ldc + j] = sum + (beta == 0 ? 0 : beta * c[i * ldc + j])
            }
        }
    }

    /// Sets how many threads OpenBLAS may use (the engine's default is the machine's 2 cores).
    public static func setThreads(_ count: Int) { openblas_set_num_threads(Int32(count)) }
}
