import Foundation

/// Adamax (Kingma & Ba 2015, §7.1), the VLAE paper's optimiser, over a whole `ParameterStore`,
/// with optional global-norm gradient clipping and Polyak averaging of the weights.
public final class Adamax {
    public var learningRate: Float
    public let beta1: Float
    public let beta2: Float
    public let epsilon: Float
    /// Polyak (exponential moving) average decay; the averaged weights are the ones evaluated and shipped.
    public let polyakDecay: Float
    /// Gradients with a larger global L2 norm are scaled down to it; 0 disables clipping.
    public let clipNorm: Float
    public private(set) var step = 0
    /// First moment, infinity norm and the Polyak average, one entry per parameter.
    public var moment: [Float]
    public var infinityNorm: [Float]
    public var average: [Float]

    public init(store: ParameterStore, learningRate: Float = 2e-3, beta1: Float = 0.9, beta2: Float = 0.999,
                epsilon: Float = 1e-8, polyakDecay: Float = 0.998, clipNorm: Float = 0) {
        self.learningRate = learningRate
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.polyakDecay = polyakDecay
        self.clipNorm = clipNorm
        moment = Array(repeating: 0, count: store.count)
        infinityNorm = Array(repeating: 0, count: store.count)
        average = Array(store.values)
    }

    /// Restores optimiser state saved from `moment`, `infinityNorm`, `average` and `step`.
    public func restore(step: Int, moment: [Float], infinityNorm: [Float], average: [Float]) {
        precondition(moment.count == self.moment.count && infinityNorm.count == moment.count && average.count == moment.count)
        self.step = step
        self.moment = moment
        self.infinityNorm = infinityNorm
        self.average = average
    }

    /// Global L2 norm of the gradients.
    public static func gradientNorm(_ store: ParameterStore) -> Float {
        var s: Double = 0
        for g in store.gradients { s += Double(g) * Double(g) }
        return Float(s.squareRoot())
    }

    /// One update from the store's gradients; returns the gradient norm before clipping.
    @discardableResult
    public func update(_ store: ParameterStore) -> Float {
        step += 1
        let norm = Adamax.gradientNorm(store)
        let scale: Float = (clipNorm > 0 && norm > clipNorm) ? clipNorm / norm : 1
        let lr = learningRate / Float(1 - Foundation.pow(Double(beta1), Double(step)))
        let (b1, b2, eps, decay) = (beta1, beta2, epsilon, polyakDecay)
        let values = store.values.baseAddress!, grads = store.gradients.baseAddress!
        moment.withUnsafeMutableBufferPointer { m in
            infinityNorm.withUnsafeMutableBufferPointer { u in
                average.withUnsafeMutableBufferPointer { avg in
                    let (m, u, avg) = (m.baseAddress!, u.baseAddress!, avg.baseAddress!)
                    Parallel.forChunks(store.count) { r in
                        for i in r {
                            let g = grads[i] * scale
                            m[i] = b1 * m[i] + (1 - b1) * g
                            u[i] = max(b2 * u[i], abs(g) + eps)
                            values[i] -= lr * m[i] / u[i]
                            avg[i] = decay * avg[i] + (1 - decay) * values[i]
                        }
                    }
                }
            }
        }
        return norm
    }
}
