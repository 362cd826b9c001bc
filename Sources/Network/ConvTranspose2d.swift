import CTrainingKernels
import DeterministicMath

/// A transposed convolution: the adjoint of the `Conv2d` whose geometry maps the output space back
/// to the input space, so its forward pass is that convolution's input-gradient pass and vice
/// versa (used to upsample z's feature map: 7×7 → 14×14 → 28×28 with 4×4 kernels, stride 2).
///
/// When the output is exactly `stride` times the input (the decoder's layers), each output phase
/// (the pixels at y ≡ a, x ≡ b mod stride) is a stride-1 convolution of the input with the
/// kernel taps of that phase (2×2 of the 4×4 here), run direct by `CTrainingKernels` and
/// interleaved into the output: no GEMM packing, and no `[Cout·T, N·h·w]` matrix of products
/// (16 times the output) written out and scatter-added back.
public struct ConvTranspose2d: Sendable {
    /// Geometry of the adjoint convolution: from the *output* `[Cout, N, H, W]` to the input grid.
    public let adjoint: ConvGeometry
    public let inChannels: Int
    /// `[Cin, Cout·T]`
    public let weight: ParameterView
    /// `[Cout]`
    public let bias: ParameterView
    /// The output phases of the direct path, row phase major; empty when the layer runs as a GEMM.
    let phases: [Phase]
    /// The zero border the direct kernels need around the input: the largest tap offset.
    let directPadding: Int

    /// One output phase: y[o, n, stride·i + row, stride·j + column] = Σ over its taps of
    /// weight[c, o·T + tap] · x[c, n, i + tapRows, j + tapColumns].
    struct Phase: Sendable {
        let row: Int, column: Int
        let taps: [Int]
        let tapRows: [Int32], tapColumns: [Int32]
    }

    /// `direct: false` keeps the GEMM + col2im path whatever the shape (for comparisons).
    public init(_ name: String, inChannels: Int, outChannels: Int, outHeight: Int, outWidth: Int,
                kernel: Int, stride: Int, padding: Int, direct: Bool = true, store: ParameterStore, rng: inout SplitMix64) {
        adjoint = ConvGeometry(inChannels: outChannels, height: outHeight, width: outWidth,
                               kernelHeight: kernel, kernelWidth: kernel, stride: stride, padding: padding)
        self.inChannels = inChannels
        let k = adjoint.patchSize
        let fanIn = inChannels * kernel * kernel
        weight = store.declare("\(name).weight", shape: [inChannels, k],
                               initial: Initializer.uniform(count: inChannels * k, fanIn: fanIn, rng: &rng))
        bias = store.declare("\(name).bias", shape: [outChannels],
                             initial: Initializer.uniform(count: outChannels, fanIn: fanIn, rng: &rng))
        let g = adjoint
        if direct && g.height == stride * g.outHeight && g.width == stride * g.outWidth && kernel % stride == 0 {
            // Output y = stride·i + a takes kernel row ky from input row i + (a + padding − ky)/stride
            // when that division is exact.
            func offsets(_ a: Int) -> [(tap: Int, offset: Int)] {
                (0..<kernel).compactMap { kk in
                    let d = a + padding - kk
                    return d % stride == 0 ? (kk, d / stride) : nil
                }
            }
            var phases: [Phase] = []
            for a in 0..<stride {
                for b in 0..<stride {
                    let rows = offsets(a), columns = offsets(b)
                    let pairs = rows.flatMap { r in columns.map { c in (r, c) } }
                    phases.append(Phase(row: a, column: b, taps: pairs.map { $0.0.tap * kernel + $0.1.tap },
                                        tapRows: pairs.map { Int32($0.0.offset) }, tapColumns: pairs.map { Int32($0.1.offset) }))
                }
            }
            self.phases = phases
            directPadding = phases.flatMap { $0.tapRows + $0.tapColumns }.map { Int(abs($0)) }.max() ?? 0
        } else {
            phases = []
            directPadding = 0
        }
    }

    public var outChannels: Int { adjoint.inChannels }
    public var inHeight: Int { adjoint.outHeight }
    public var inWidth: Int { adjoint.outWidth }
    /// Whether the layer runs as direct convolutions, one per output phase (see above).
    public var isDirect: Bool { !phases.isEmpty }

    /// Floats of the scratch `forward` takes.
    public func scratchCount(batch n: Int) -> Int {
        guard isDirect else { return adjoint.patchSize * n * inHeight * inWidth }
        return paddedInputCount(batch: n) + outChannels * n * adjoint.height * adjoint.width
    }

    /// Floats of the scratch `backward` takes.
    public func gradientScratchCount(batch n: Int) -> Int {
        guard isDirect else { return adjoint.patchSize * n * inHeight * inWidth }
        let phasePlane = outChannels * n * inHeight * inWidth
        return paddedInputCount(batch: n) + phasePlane + phases.count * paddedPhaseCount(batch: n)
    }

    private func paddedInputCount(batch n: Int) -> Int { vlae_padded_count(inChannels, n, inHeight, inWidth, directPadding) }
    private func paddedPhaseCount(batch n: Int) -> Int { vlae_padded_count(outChannels, n, inHeight, inWidth, directPadding) }

    /// x `[Cin, N, h, w]` → y `[Cout, N, H, W]` (overwritten); `scratch` holds `scratchCount` floats.
    public func forward(x: UnsafePointer<Float>, batch n: Int, cols scratch: UnsafeMutablePointer<Float>,
                        y: UnsafeMutablePointer<Float>, params: ParameterStore) {
        guard isDirect else {
            let np = n * inHeight * inWidth, k = adjoint.patchSize
            Gemm.multiply(transA: true, transB: false, m: k, n: np, k: inChannels,
                          a: params.value(weight), lda: k, b: x, ldb: np, beta: 0, c: scratch, ldc: np)
            Rows.fill(bias: params.value(bias), rows: outChannels, columns: n * adjoint.height * adjoint.width, into: y)
            Im2Col.scatterAdd(adjoint, batch: n, cols: scratch, x: y)
            return
        }
        let padded = scratch, planes = scratch + paddedInputCount(batch: n)
        let plane = outChannels * n * inHeight * inWidth
        vlae_pad(x, inChannels, n, inHeight, inWidth, directPadding, padded)
        for (p, phase) in phases.enumerated() {
            let out = planes + p * plane
            Rows.fill(bias: params.value(bias), rows: outChannels, columns: n * inHeight * inWidth, into: out)
            let w = phaseWeights(phase, params: params)
            direct(padded: padded, channels: inChannels, batch: n, tapRows: phase.tapRows, tapColumns: phase.tapColumns,
                   weights: w, outputs: outChannels, into: out)
        }
        interleave(planes, batch: n, into: y)
    }

    /// Accumulates weight and bias gradients and, when `dx` is given, adds the input gradient
    /// into dx `[Cin, N, h, w]`. `x` is the forward input; `dcols` holds `gradientScratchCount` floats.
    public func backward(dy: UnsafePointer<Float>, x: UnsafePointer<Float>, batch n: Int,
                         dcols: UnsafeMutablePointer<Float>, dx: UnsafeMutablePointer<Float>?, params: ParameterStore) {
        let np = n * inHeight * inWidth, k = adjoint.patchSize
        Rows.accumulateSums(dy, rows: outChannels, columns: n * adjoint.height * adjoint.width, into: params.gradient(bias))
        guard isDirect else {
            Im2Col.lower(adjoint, batch: n, x: dy, cols: dcols)
            Gemm.multiply(transA: false, transB: true, m: inChannels, n: k, k: np,
                          a: x, lda: np, b: dcols, ldb: np, beta: 1, c: params.gradient(weight), ldc: k)
            guard let dx else { return }
            Gemm.multiply(transA: false, transB: false, m: inChannels, n: np, k: k,
                          a: params.value(weight), lda: k, b: dcols, ldb: np, beta: 1, c: dx, ldc: np)
            return
        }
        let paddedX = dcols, phasePlane = dcols + paddedInputCount(batch: n)
        let paddedPhases = phasePlane + outChannels * np
        vlae_pad(x, inChannels, n, inHeight, inWidth, directPadding, paddedX)
        let gradient = params.gradient(weight)
        for (p, phase) in phases.enumerated() {
            let paddedDy = paddedPhases + p * paddedPhaseCount(batch: n)
            extract(phase, of: dy, batch: n, into: phasePlane)
            vlae_pad(phasePlane, outChannels, n, inHeight, inWidth, directPadding, paddedDy)
            // The phase's weight gradient `[Cout, Cin·t]`, then added at its taps of `[Cin, Cout·T]`.
            let t = phase.taps.count
            var phaseGradient = [Float](repeating: 0, count: outChannels * inChannels * t)
            DirectConvolution.weightGradient(paddedX: paddedX, channels: inChannels, paddedDy: paddedDy, batch: n, height: inHeight,
                                             width: inWidth, pad: directPadding, tapRows: phase.tapRows, tapColumns: phase.tapColumns,
                                             outputs: outChannels, into: &phaseGradient)
            for o in 0..<outChannels {
                for c in 0..<inChannels {
                    for (i, tap) in phase.taps.enumerated() { gradient[c * k + o * adjoint.taps.count + tap] += phaseGradient[(o * inChannels + c) * t + i] }
                }
            }
            guard let dx else { continue }
            var transposed = [Float](repeating: 0, count: inChannels * outChannels * t)
            vlae_transpose_taps(phaseWeights(phase, params: params), outChannels, inChannels, t, &transposed)
            direct(padded: paddedDy, channels: outChannels, batch: n, tapRows: phase.tapRows.map { -$0 },
                   tapColumns: phase.tapColumns.map { -$0 }, weights: transposed, outputs: inChannels, into: dx)
        }
    }

    /// The phase's weights as a stride-1 convolution's: `[Cout, Cin·t]` from `[Cin, Cout·T]`.
    private func phaseWeights(_ phase: Phase, params: ParameterStore) -> [Float] {
        let w = params.value(weight), k = adjoint.patchSize, taps = adjoint.taps.count, t = phase.taps.count
        var out = [Float](repeating: 0, count: outChannels * inChannels * t)
        for o in 0..<outChannels {
            for c in 0..<inChannels {
                for (i, tap) in phase.taps.enumerated() { out[(o * inChannels + c) * t + i] = w[c * k + o * taps + tap] }
            }
        }
        return out
    }

    /// y `[Cout, N, H, W]` from the phase planes `[phases][Cout, N, h, w]`.
    private func interleave(_ planes: UnsafePointer<Float>, batch n: Int, into y: UnsafeMutablePointer<Float>) {
        let s = adjoint.stride, (h, w) = (inHeight, inWidth), plane = outChannels * n * h * w
        for (p, phase) in phases.enumerated() {
            for m in 0..<(outChannels * n) {
                for i in 0..<h {
                    let src = planes + p * plane + (m * h + i) * w
                    let dst = y + (m * h * s + i * s + phase.row) * w * s + phase.column
                    for j in 0..<w { dst[j * s] = src[j] }
                }
            }
        }
    }

    /// One phase of dy `[Cout, N, H, W]` as a plane `[Cout, N, h, w]`.
    private func extract(_ phase: Phase, of dy: UnsafePointer<Float>, batch n: Int, into plane: UnsafeMutablePointer<Float>) {
        let s = adjoint.stride, (h, w) = (inHeight, inWidth)
        for m in 0..<(outChannels * n) {
            for i in 0..<h {
                let src = dy + (m * h * s + i * s + phase.row) * w * s + phase.column
                let dst = plane + (m * h + i) * w
                for j in 0..<w { dst[j] = src[j * s] }
            }
        }
    }

    /// y `[outputs, N, h, w]` += the stride-1 convolution of a padded map of the input's size.
    private func direct(padded: UnsafePointer<Float>, channels: Int, batch n: Int, tapRows: [Int32], tapColumns: [Int32],
                        weights: [Float], outputs: Int, into y: UnsafeMutablePointer<Float>) {
        DirectConvolution.accumulate(padded: padded, channels: channels, batch: n, height: inHeight, width: inWidth, pad: directPadding,
                                     tapRows: tapRows, tapColumns: tapColumns, weights: weights, outputs: outputs, into: y)
    }
}
