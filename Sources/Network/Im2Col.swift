/// Lowering of a convolution to a GEMM. `im2col` copies, for every output pixel, the input values
/// under each tap into one column: `cols[c·T + t, n·Ho·Wo + oy·Wo + ox]`, zero where the tap falls
/// in the padding. `col2im` is its adjoint: it scatter-adds columns back into an input-shaped
/// tensor (the input gradient of a convolution, the forward pass of a transposed convolution).
public enum Im2Col {
    /// x `[Cin, N, H, W]` → cols `[Cin·T, N·Ho·Wo]`.
    public static func lower(_ g: ConvGeometry, batch n: Int, x: UnsafePointer<Float>, cols: UnsafeMutablePointer<Float>) {
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

    /// The output columns `ox` whose input column `ox·stride + dx` lies inside the image.
    @inline(__always)
    static func validColumns(_ g: ConvGeometry, dx: Int) -> (Int, Int) {
        let lo = dx >= 0 ? 0 : (-dx + g.stride - 1) / g.stride
        let hi = g.width - 1 - dx < 0 ? 0 : min(g.outWidth, (g.width - 1 - dx) / g.stride + 1)
        return (min(lo, hi), hi)
    }
}
