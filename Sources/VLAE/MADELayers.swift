import DeterministicMath
import Network

/// The MADE (Germain et al. 2015) of the AF prior or of the IAF posterior step: three masked dense
/// layers v → ELU → ELU → (m, raw log s), each output i reading v_<i only. Its activations and
/// gradients live in the workspace's `made*` tensors.
struct MADELayers {
    let layer1: Dense
    let layer2: Dense
    let layer3: Dense

    /// Declares the layers' parameters under `role` (`prior` or `posterior`).
    init(role: String, latents d: Int, hidden: Int, store: ParameterStore, rng: inout SplitMix64) {
        let masks = MADEMasks(variables: d, hidden: hidden)
        layer1 = Dense("\(role).made1", inputs: d, outputs: hidden, mask: masks.input, store: store, rng: &rng)
        layer2 = Dense("\(role).made2", inputs: hidden, outputs: hidden, mask: masks.hidden, store: store, rng: &rng)
        layer3 = Dense("\(role).made3", inputs: hidden, outputs: 2 * d, mask: masks.output, store: store, rng: &rng)
    }

    /// `ws.madeOut` = MADE(v) for the batch's rows of `v` ([N, D]).
    func forward(_ v: UnsafePointer<Float>, _ ws: VLAEWorkspace) {
        let n = ws.batch
        layer1.forward(x: v, batch: n, y: ws.made1.pointer, params: ws.params)
        ELU.forward(ws.made1.pointer, ws.made1.pointer, count: ws.made1.count)
        layer2.forward(x: ws.made1.pointer, batch: n, y: ws.made2.pointer, params: ws.params)
        ELU.forward(ws.made2.pointer, ws.made2.pointer, count: ws.made2.count)
        layer3.forward(x: ws.made2.pointer, batch: n, y: ws.madeOut.pointer, params: ws.params)
    }

    /// Back from `ws.dMadeOut` to the parameters, adding ∂/∂v into `dv`.
    func backward(_ v: UnsafePointer<Float>, _ ws: VLAEWorkspace, dv: UnsafeMutablePointer<Float>) {
        let n = ws.batch
        ws.dMade2.zero()
        layer3.backward(dy: ws.dMadeOut.pointer, x: ws.made2.pointer, batch: n, dx: ws.dMade2.pointer, params: ws.params)
        ELU.backward(ws.dMade2.pointer, y: ws.made2.pointer, ws.dMade2.pointer, count: ws.dMade2.count)
        ws.dMade1.zero()
        layer2.backward(dy: ws.dMade2.pointer, x: ws.made1.pointer, batch: n, dx: ws.dMade1.pointer, params: ws.params)
        ELU.backward(ws.dMade1.pointer, y: ws.made1.pointer, ws.dMade1.pointer, count: ws.dMade1.count)
        layer1.backward(dy: ws.dMade1.pointer, x: v, batch: n, dx: dv, params: ws.params)
    }
}
