/// Lowering of a convolution to a GEMM. `im2col` copies, for every output pixel, the input values
/// under each tap into one column: `cols[c·T + t, n·Ho·Wo + oy·Wo + ox]`, zero where the tap falls
/// in the padding. `col2im` is its adjoint: it scatter-adds columns back into an input-shaped
/// tensor (the input gradient of a convolution, the forward pass of a transposed convolution).
public enum Im2Col {
    /// x `[Cin, N, H, W]` → cols `[Cin·T, N·Ho·Wo]`.
    public static func lower(_ g: ConvGeometry, batch n: Int, x: UnsafePointer<Float>, cols: UnsafeMutablePointer<Float>) {
        if g.splitsIntoPhases { lowerByPhases(g, batch: n, x: x, cols: cols) } else { lowerByColumns(g, batch: n, x: x, cols: cols) }
    }

    /// `lower` for any geometry, column by column.
    static func lowerByColumns(_ g: ConvGeometry, batch n: Int, x: UnsafePointer<Float>, cols: UnsafeMutablePointer<Float>) {
        let t = g.taps.count, ho = g.outHeight, wo = g.outWidth, h = g.height, w = g.width
        let plane = n * ho * wo
        g.taps.withUnsafeBufferPointer { taps in
            Parallel.forChunks(g.inChannels * t, minimumChunk: 1) { rows in
                for r in rows {
                    let c = r / t, tap = taps[r % t]
                    let dy = tap / g.kernelWidth - g.padding, dx = tap % g.kernelWidth - g.padding
                    let dst = cols + r * plane
                    for img in 0..<n {
                        let src = x + (c * n + img) * h * w
                        for oy in 0..<ho {
                            let row = dst + (img * ho + oy) * wo
                            let iy = oy * g.stride + dy
                            guard iy >= 0 && iy < h else { row.update(repeating: 0, count: wo); continue }
                            let srcRow = src + iy * w
                            let (lo, hi) = validColumns(g, dx: dx)
                            row.update(repeating: 0, count: lo)
                            if g.stride == 1 {
                                (row + lo).update(from: srcRow + lo + dx, count: hi - lo)
                            } else {
                                for ox in lo..<hi { row[ox] = srcRow[ox * g.stride + dx] }
                            }
                            (row + hi).update(repeating: 0, count: wo - hi)
                        }
                    }
                }
            }
        }
    }

    /// cols `[Cin·T, N·Ho·Wo]` → x `[Cin, N, H, W]`, accumulating (`+=`) into x.
    public static func scatterAdd(_ g: ConvGeometry, batch n: Int, cols: UnsafePointer<Float>, x: UnsafeMutablePointer<Float>) {
        if g.splitsIntoPhases { scatterAddByPhases(g, batch: n, cols: cols, x: x) } else { scatterAddByColumns(g, batch: n, cols: cols, x: x) }
    }

    /// `scatterAdd` for any geometry, column by column.
    static func scatterAddByColumns(_ g: ConvGeometry, batch n: Int, cols: UnsafePointer<Float>, x: UnsafeMutablePointer<Float>) {
        let t = g.taps.count, ho = g.outHeight, wo = g.outWidth, h = g.height, w = g.width
        let plane = n * ho * wo
        g.taps.withUnsafeBufferPointer { taps in
            // Split by channel: the taps of one channel all write to that channel's planes.
            Parallel.forChunks(g.inChannels, minimumChunk: 1) { channels in
                for c in channels {
                    for ti in 0..<t {
                        let tap = taps[ti]
                        let dy = tap / g.kernelWidth - g.padding, dx = tap % g.kernelWidth - g.padding
                        let src = cols + (c * t + ti) * plane
                        for img in 0..<n {
                            let dst = x + (c * n + img) * h * w
                            for oy in 0..<ho {
                                let iy = oy * g.stride + dy
                                guard iy >= 0 && iy < h else { continue }
                                let row = src + (img * ho + oy) * wo
                                let dstRow = dst + iy * w
                                let (lo, hi) = validColumns(g, dx: dx)
                                if g.stride == 1 {
                                    let d = dstRow + dx
                                    for ox in lo..<hi { d[ox] += row[ox] }
                                } else {
                                    for ox in lo..<hi { dstRow[ox * g.stride + dx] += row[ox] }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    // Strided geometries (the decoder's 4×4/2 upsampling): with the input's columns split by
    // phase (ix mod stride) into `stride` contiguous runs per row, the columns a tap reads or
    // writes for consecutive ox are consecutive, so the per-tap loops become plain vector copies
    // and adds instead of strided scalar ones. Each value is added in the same order as above
    // (tap after tap onto what x held), so both paths give the same bits.

    /// `lower` for a geometry that `splitsIntoPhases`.
    static func lowerByPhases(_ g: ConvGeometry, batch n: Int, x: UnsafePointer<Float>, cols: UnsafeMutablePointer<Float>) {
        let (ho, wo, plane) = (g.outHeight, g.outWidth, n * g.outHeight * g.outWidth)
        forEachTapOfSplitImages(g, batch: n, x: UnsafeMutablePointer(mutating: x), mergeBack: false) { split, c, img, ti, dy, column, lo, hi in
            let dst = cols + (c * g.taps.count + ti) * plane + img * ho * wo
            for oy in 0..<ho {
                let row = dst + oy * wo, iy = oy * g.stride + dy
                guard iy >= 0 && iy < g.height else { row.update(repeating: 0, count: wo); continue }
                row.update(repeating: 0, count: lo)
                (row + lo).update(from: split + iy * g.width + column + lo, count: hi - lo)
                (row + hi).update(repeating: 0, count: wo - hi)
            }
        }
    }

    /// `scatterAdd` for a geometry that `splitsIntoPhases`.
    static func scatterAddByPhases(_ g: ConvGeometry, batch n: Int, cols: UnsafePointer<Float>, x: UnsafeMutablePointer<Float>) {
        let (ho, wo, plane) = (g.outHeight, g.outWidth, n * g.outHeight * g.outWidth)
        forEachTapOfSplitImages(g, batch: n, x: x, mergeBack: true) { split, c, img, ti, dy, column, lo, hi in
            let src = cols + (c * g.taps.count + ti) * plane + img * ho * wo
            for oy in 0..<ho {
                let iy = oy * g.stride + dy
                guard iy >= 0 && iy < g.height else { continue }
                let row = src + oy * wo, d = split + iy * g.width + column
                for ox in lo..<hi { d[ox] += row[ox] }
            }
        }
    }

    /// For each channel and image of x (threads split by channel), the image split by phase
    /// (`splitPhases`), then each tap in order with its row offset dy, the split row's column of
    /// output column 0, and the output columns [lo, hi) that fall inside the image. With
    /// `mergeBack` the split image, as the taps left it, replaces the image.
    private static func forEachTapOfSplitImages(
        _ g: ConvGeometry, batch n: Int, x: UnsafeMutablePointer<Float>, mergeBack: Bool,
        _ body: (_ split: UnsafeMutablePointer<Float>, _ c: Int, _ img: Int, _ ti: Int, _ dy: Int, _ column: Int, _ lo: Int, _ hi: Int) -> Void
    ) {
        let (h, w) = (g.height, g.width)
        let taps = g.taps.map { tap in
            let (dy, phase, shift) = phaseOffsets(g, tap: tap)
            let (lo, hi) = phaseColumns(g, shift: shift)
            return (dy: dy, column: phase * (w / g.stride) + shift, lo: lo, hi: hi)
        }
        Parallel.forChunks(g.inChannels, minimumChunk: 1) { channels in
            let split = UnsafeMutablePointer<Float>.allocate(capacity: h * w)
            defer { split.deallocate() }
            for c in channels {
                for img in 0..<n {
                    let image = x + (c * n + img) * h * w
                    splitPhases(image, g, into: split)
                    for (ti, tap) in taps.enumerated() { body(split, c, img, ti, tap.dy, tap.column, tap.lo, tap.hi) }
                    if mergeBack { mergePhases(split, g, into: image) }
                }
            }
        }
    }

    /// A tap's row offset, and the phase and shift of its column: input column
    /// ox·stride + dx = (ox + shift)·stride + phase.
    @inline(__always)
    static func phaseOffsets(_ g: ConvGeometry, tap: Int) -> (dy: Int, phase: Int, shift: Int) {
        let dy = tap / g.kernelWidth - g.padding, dx = tap % g.kernelWidth - g.padding
        let shift = dx >= 0 ? dx / g.stride : -((-dx + g.stride - 1) / g.stride)
        return (dy, dx - shift * g.stride, shift)
    }

    /// The output columns ox whose phase column ox + shift lies inside the image.
    @inline(__always)
    static func phaseColumns(_ g: ConvGeometry, shift: Int) -> (Int, Int) {
        let lo = max(0, -shift), hi = min(g.outWidth, g.width / g.stride - shift)
        return (min(lo, max(hi, 0)), max(hi, 0))
    }

    /// One H×W image → rows of `stride` runs: split[y·W + p·(W/stride) + j] = image[y·W + j·stride + p].
    static func splitPhases(_ image: UnsafePointer<Float>, _ g: ConvGeometry, into split: UnsafeMutablePointer<Float>) {
        let w = g.width, s = g.stride, run = w / s
        for y in 0..<g.height {
            let src = image + y * w, dst = split + y * w
            for p in 0..<s { for j in 0..<run { dst[p * run + j] = src[j * s + p] } }
        }
    }

    /// The inverse of `splitPhases`.
    static func mergePhases(_ split: UnsafePointer<Float>, _ g: ConvGeometry, into image: UnsafeMutablePointer<Float>) {
        let w = g.width, s = g.stride, run = w / s
        for y in 0..<g.height {
            let src = split + y * w, dst = image + y * w
            for p in 0..<s { for j in 0..<run { dst[j * s + p] = src[p * run + j] } }
        }
    }

    /// The output columns `ox` whose input column `ox·stride + dx` lies inside the image.
    @inline(__always)
    static func validColumns(_ g: ConvGeometry, dx: Int) -> (Int, Int) {
        let lo = dx >= 0 ? 0 : (-dx + g.stride - 1) / g.stride
        let hi = g.width - 1 - dx < 0 ? 0 : min(g.outWidth, (g.width - 1 - dx) / g.stride + 1)
        return (min(lo, hi), hi)
    }
}
