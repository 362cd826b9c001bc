import DeterministicMath
import Network

/// A `Conv2d` of the shipped model with seeded weights, an input batch and an output gradient,
/// plus every buffer its forward and backward passes need, for the full batch and for the
/// reduced batch the reference kernels run on.
final class ConvFixture {
    let store = ParameterStore()
    let conv: Conv2d
    let batch: Int
    let referenceBatch: Int
    /// x `[Cin, N, H, W]`, dy `[Cout, N, Ho, Wo]`, and their first `referenceBatch` images.
    let x: [Float], dy: [Float], xSmall: [Float], dySmall: [Float]
    let cols: Tensor, y: Tensor, dcols: Tensor, dx: Tensor
    let colsSmall: Tensor, ySmall: Tensor, dxSmall: Tensor

    /// - Parameter referenceFlops: the nominal FLOPs the reference problem should stay under;
    ///   sets `referenceBatch` (at least one image).
    init(geometry g: ConvGeometry, outChannels: Int, batch n: Int, referenceFlops: Double, seed: UInt64) {
        var rng = SplitMix64(seed: seed)
        conv = Conv2d("bench", geometry: g, outChannels: outChannels, store: store, rng: &rng)
        store.materialize()
        batch = n
        let perImage = 2 * Double(outChannels * g.patchSize * g.outHeight * g.outWidth)
        referenceBatch = max(1, min(n, Int(referenceFlops / perImage)))
        let (inPlane, outPlane) = (g.height * g.width, g.outHeight * g.outWidth)
        x = SyntheticData.uniform(count: g.inChannels * n * inPlane, rng: &rng)
        dy = SyntheticData.uniform(count: outChannels * n * outPlane, rng: &rng)
        xSmall = ChannelMajor.prefix(x, channels: g.inChannels, batch: n, plane: inPlane, keep: referenceBatch)
        dySmall = ChannelMajor.prefix(dy, channels: outChannels, batch: n, plane: outPlane, keep: referenceBatch)
        cols = Tensor([conv.inputScratchCount(batch: n)]); dcols = Tensor([conv.gradientScratchCount(batch: n)])
        y = Tensor([outChannels, n * outPlane]); dx = Tensor([g.inChannels, n * inPlane])
        colsSmall = Tensor([conv.inputScratchCount(batch: referenceBatch)])
        ySmall = Tensor([outChannels, referenceBatch * outPlane]); dxSmall = Tensor([g.inChannels, referenceBatch * inPlane])
    }

    var geometry: ConvGeometry { conv.geometry }
    var outChannels: Int { conv.outChannels }
    var weight: [Float] { Array(UnsafeBufferPointer(start: store.value(conv.weight), count: conv.weight.count)) }
    var bias: [Float] { Array(UnsafeBufferPointer(start: store.value(conv.bias), count: conv.bias.count)) }
    var weightGradient: [Float] { Array(UnsafeBufferPointer(start: store.gradient(conv.weight), count: conv.weight.count)) }
    var biasGradient: [Float] { Array(UnsafeBufferPointer(start: store.gradient(conv.bias), count: conv.bias.count)) }

    /// Nominal FLOPs of one GEMM of the lowered convolution on `images` images: 2·Cout·(Cin·T)·(N·Ho·Wo).
    func gemmFlops(images: Int) -> Double {
        2 * Double(outChannels * geometry.patchSize * images * geometry.outHeight * geometry.outWidth)
    }

    func forward() {
        x.withUnsafeBufferPointer { conv.forward(x: $0.baseAddress!, batch: batch, cols: cols.pointer, y: y.pointer, params: store) }
    }

    /// The full-batch backward pass; `forward()` must have filled `cols` once before.
    func backward(inputGradient: Bool) {
        dy.withUnsafeBufferPointer {
            conv.backward(dy: $0.baseAddress!, batch: batch, cols: cols.pointer, dcols: dcols.pointer,
                          dx: inputGradient ? dx.pointer : nil, params: store)
        }
    }

    /// Fresh gradients of the fast path on the reduced batch: [dW, db] and dx when asked for.
    func smallBackward(inputGradient: Bool) -> [[Float]] {
        xSmall.withUnsafeBufferPointer {
            conv.forward(x: $0.baseAddress!, batch: referenceBatch, cols: colsSmall.pointer, y: ySmall.pointer, params: store)
        }
        store.zeroGradients()
        dxSmall.zero()
        dySmall.withUnsafeBufferPointer {
            conv.backward(dy: $0.baseAddress!, batch: referenceBatch, cols: colsSmall.pointer, dcols: dcols.pointer,
                          dx: inputGradient ? dxSmall.pointer : nil, params: store)
        }
        return [weightGradient, biasGradient] + (inputGradient ? [dxSmall.array] : [])
    }
}
