import ModelFile
import DeterministicMath
import Network
import VLAE

/// The GEMMs of the shipped model's dense, MADE, 1×1 and transposed-convolution layers, as
/// `Gemm.multiply` (OpenBLAS) against `Gemm.naive` on the first rows of the same product.
enum GemmCases {
    static func all(config c: VLAEConfig = VLAEConfig(), batch n: Int, referenceFlops: Double) -> [KernelCase] {
        let (flat, hidden, made, ch, p) = (c.encoderChannels[1] * 49, c.encoderHidden, c.madeHidden, c.channels, n * c.pixels)
        let shapes: [(String, Bool, Bool, Int, Int, Int)] = [
            ("encoder dense1 forward", false, true, n, hidden, flat),
            ("encoder dense1 weight grad", true, false, hidden, flat, n),
            ("encoder dense1 input grad", false, false, n, flat, hidden),
            ("MADE hidden forward", false, true, n, made, made),
            ("MADE hidden weight grad", true, false, made, made, n),
            ("pixelcnn 1×1 cond forward", false, false, ch, p, ch),
            ("pixelcnn 1×1 cond weight grad", false, true, ch, ch, p),
            ("decoder up2 convT GEMM", true, false, ch * 16, n * 196, ch),
        ]
        return shapes.enumerated().map { i, s in
            gemm(s.0, transA: s.1, transB: s.2, m: s.3, n: s.4, k: s.5, referenceFlops: referenceFlops, seed: 0x6E44 + UInt64(i))
        }
    }

    /// `C[m, n] = op(A)·op(B)` with seeded operands; the reference computes the first rows of C only.
    static func gemm(_ name: String, transA: Bool, transB: Bool, m: Int, n: Int, k: Int,
                     referenceFlops: Double, seed: UInt64) -> KernelCase {
        var rng = SplitMix64(seed: seed)
        let a = SyntheticData.uniform(count: m * k, rng: &rng), b = SyntheticData.uniform(count: k * n, rng: &rng)
        let rows = max(1, min(m, Int(referenceFlops / (2 * Double(n * k)))))
        let c = Tensor([m, n]), cSmall = Tensor([rows, n])
        // Row-major leading dimensions: op(A) is [m, k] stored as [k, m] when transposed.
        let (lda, ldb) = (transA ? m : k, transB ? k : n)
        let flops = { (rows: Int) in 2 * Double(rows * n * k) }
        return KernelCase(
            name: name, shape: "\(transA ? "Aᵀ" : "A")·\(transB ? "Bᵀ" : "B"), m=\(m) n=\(n) k=\(k)",
            fastFlops: flops(m), referenceFlops: flops(rows), referenceSize: rows == m ? "same" : "m=\(rows)",
            fast: {
                Gemm.multiply(transA: transA, transB: transB, m: m, n: n, k: k, a: a, lda: lda, b: b, ldb: ldb,
                              beta: 0, c: c.pointer, ldc: n)
            },
            reference: {
                Gemm.naive(transA: transA, transB: transB, m: rows, n: n, k: k, a: a, lda: lda, b: b, ldb: ldb,
                           beta: 0, c: cSmall.pointer, ldc: n)
                return [cSmall.array]
            },
            fastOutputForReference: { [Array(c.storage[0..<(rows * n)])] })
    }
}
