import ModelFile
import Network
import VLAE

/// The convolutions of the shipped model (`VLAEConfig()` defaults) as benchmark cases.
enum ConvCases {
    /// Encoder conv1/conv2 (3×3, stride 2), the PixelCNN's mask-A first layer and a mask-B
    /// residual layer, forward and backward, each on a batch of `batch`.
    static func all(config c: VLAEConfig = VLAEConfig(), batch n: Int, referenceFlops: Double) -> [KernelCase] {
        let (c1, c2, ch) = (c.encoderChannels[0], c.encoderChannels[1], c.channels)
        let enc1 = ConvGeometry(inChannels: 1, height: 28, width: 28, kernelHeight: 3, kernelWidth: 3, stride: 2, padding: 1)
        let enc2 = ConvGeometry(inChannels: c1, height: 14, width: 14, kernelHeight: 3, kernelWidth: 3, stride: 2, padding: 1)
        let maskA = ConvGeometry(inChannels: 1, height: 28, width: 28, kernelHeight: c.firstKernel, kernelWidth: c.firstKernel,
                                 padding: c.firstKernel / 2, taps: PixelCNNMask.a.taps(kernel: c.firstKernel))
        let maskB = ConvGeometry(inChannels: ch, height: 28, width: 28, kernelHeight: c.kernel, kernelWidth: c.kernel,
                                 padding: c.kernel / 2, taps: PixelCNNMask.b.taps(kernel: c.kernel))
        // The first layers of each path get no input gradient: their input is the image.
        let layers: [(String, ConvGeometry, Int, Bool)] = [
            ("pixelcnn mask-B \(c.kernel)×\(c.kernel)", maskB, ch, true),
            ("pixelcnn mask-A \(c.firstKernel)×\(c.firstKernel)", maskA, ch, false),
            ("encoder conv1 3×3/2", enc1, c1, false),
            ("encoder conv2 3×3/2", enc2, c2, true),
        ]
        return layers.enumerated().flatMap { i, layer in
            let f = ConvFixture(geometry: layer.1, outChannels: layer.2, batch: n, referenceFlops: referenceFlops, seed: 0xC0DE + UInt64(i))
            return [forward(layer.0, f), backward(layer.0, f, inputGradient: layer.3)]
        }
    }

    static func describe(_ f: ConvFixture) -> String {
        let g = f.geometry
        return "\(g.inChannels)→\(f.outChannels), \(g.taps.count) taps, N=\(f.batch) \(g.height)×\(g.width)→\(g.outHeight)×\(g.outWidth)"
    }

    /// `Conv2d.forward` (im2col, GEMM, bias) against `ReferenceKernels.conv2d`.
    static func forward(_ name: String, _ f: ConvFixture) -> KernelCase {
        let (weight, bias) = (f.weight, f.bias)
        let plane = f.geometry.outHeight * f.geometry.outWidth
        return KernelCase(
            name: "\(name) forward", shape: describe(f),
            fastFlops: f.gemmFlops(images: f.batch), referenceFlops: f.gemmFlops(images: f.referenceBatch),
            referenceSize: "N=\(f.referenceBatch)",
            fast: f.forward,
            reference: { [ReferenceKernels.conv2d(f.geometry, outChannels: f.outChannels, weight: weight, bias: bias,
                                                  x: f.xSmall, batch: f.referenceBatch)] },
            fastOutputForReference: {
                [ChannelMajor.prefix(f.y.array, channels: f.outChannels, batch: f.batch, plane: plane, keep: f.referenceBatch)]
            })
    }

    /// `Conv2d.backward` (weight-gradient GEMM, bias sums and, when asked, the input-gradient
    /// GEMM and col2im) against the direct-loop gradients.
    static func backward(_ name: String, _ f: ConvFixture, inputGradient: Bool) -> KernelCase {
        f.forward()
        let weight = f.weight, gemms = inputGradient ? 2.0 : 1.0
        return KernelCase(
            name: "\(name) backward\(inputGradient ? "" : " (no dx)")", shape: describe(f),
            fastFlops: gemms * f.gemmFlops(images: f.batch), referenceFlops: gemms * f.gemmFlops(images: f.referenceBatch),
            referenceSize: "N=\(f.referenceBatch)",
            fast: { f.backward(inputGradient: inputGradient) },
            reference: {
                let g = f.geometry, n = f.referenceBatch
                let parts = [ReferenceConvBackward.weightGradient(g, outChannels: f.outChannels, dy: f.dySmall, x: f.xSmall, batch: n),
                             ReferenceConvBackward.biasGradient(outChannels: f.outChannels, dy: f.dySmall)]
                return parts + (inputGradient
                    ? [ReferenceConvBackward.inputGradient(g, outChannels: f.outChannels, weight: weight, dy: f.dySmall, batch: n)] : [])
            },
            fastOutputForReference: { f.smallBackward(inputGradient: inputGradient) })
    }
}
