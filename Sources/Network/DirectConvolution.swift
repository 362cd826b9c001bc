import CTrainingKernels

/// The direct convolution kernels of `CTrainingKernels` on padded maps (`vlae_pad`), split over
/// the engine's threads by blocks of four output channels: shared by `Conv2d`'s stride-1 layers
/// and `ConvTranspose2d`'s output phases.
enum DirectConvolution {
    /// y `[outputs, N, H, W]` += the convolution of a padded map of `channels` channels with
    /// weights `[outputs, channels·T]` at the taps' offsets.
    static func accumulate(padded: UnsafePointer<Float>, channels: Int, batch n: Int, height: Int, width: Int, pad: Int,
                           tapRows: [Int32], tapColumns: [Int32], weights: UnsafePointer<Float>, outputs: Int,
                           into y: UnsafeMutablePointer<Float>) {
        tapRows.withUnsafeBufferPointer { rows in
            tapColumns.withUnsafeBufferPointer { columns in
                Parallel.forChunks((outputs + 3) / 4, minimumChunk: 1) { blocks in
                    vlae_conv_accumulate(padded, channels, n, height, width, pad, rows.baseAddress, columns.baseAddress,
                                         tapRows.count, weights, blocks.lowerBound * 4, min(blocks.upperBound * 4, outputs), y)
                }
            }
        }
    }

    /// dw `[outputs, channels·T]` += the weight gradient from the padded input and the padded dy.
    static func weightGradient(paddedX: UnsafePointer<Float>, channels: Int, paddedDy: UnsafePointer<Float>, batch n: Int,
                               height: Int, width: Int, pad: Int, tapRows: [Int32], tapColumns: [Int32], outputs: Int,
                               into dw: UnsafeMutablePointer<Float>) {
        tapRows.withUnsafeBufferPointer { rows in
            tapColumns.withUnsafeBufferPointer { columns in
                Parallel.forChunks((outputs + 3) / 4, minimumChunk: 1) { blocks in
                    vlae_conv_weight_gradient(paddedX, channels, paddedDy, n, height, width, pad, rows.baseAddress, columns.baseAddress,
                                              tapRows.count, blocks.lowerBound * 4, min(blocks.upperBound * 4, outputs), dw)
                }
            }
        }
    }
}
