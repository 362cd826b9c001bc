/// Grayscale images (any maxval up to 255): each pixel is predicted from its coded neighbours,
/// and the prediction's error is coded as a few binary decisions whose probabilities depend on
/// how wrong the predictions around the pixel were (its *activity*).
///
/// The prediction blends eight simple predictors, each weighted by the inverse of its own recent
/// error at the neighbours N, W, NW, NE, so the one that fits the local structure (an edge, a
/// gradient, texture) dominates; two of them add half the final prediction's recent error. The
/// mean error seen in the pixel's context (activity and the signs of three neighbours' errors)
/// is then added, and the result kept within the range of W, N and NE. Values are in eighths of
/// a sample, and all arithmetic is integer (FORMAT.md, "The context codec", has every rule).
struct GrayscaleContextModel {
    static let limit: UInt8 = 255
    static let activityBuckets = 20
    static let textureBuckets = 6
    static let predictors = 8
    static let maxExponent = 8

    private var biasSum = [Int32](repeating: 0, count: activityBuckets * 8)
    private var biasCount = [Int32](repeating: 0, count: activityBuckets * 8)
    private var zero = [AdaptiveBit](repeating: AdaptiveBit(), count: activityBuckets * textureBuckets)
    private var sign = [AdaptiveBit](repeating: AdaptiveBit(), count: activityBuckets * textureBuckets * 3)
    private var exponent = [AdaptiveBit](repeating: AdaptiveBit(), count: activityBuckets * textureBuckets * maxExponent)
    private var mantissa = [AdaptiveBit](repeating: AdaptiveBit(), count: activityBuckets * maxExponent * maxExponent)

    /// Upper bounds of the activity buckets but the last, in eighths of a sample.
    private static let activityBounds: [Int32] = [0, 4, 8, 12, 16, 24, 32, 44, 60, 80, 104, 136, 176, 232, 304, 400, 528, 704, 960]

    /// The texture bucket of the spread (largest minus smallest) of W, N, NE and NW.
    @inline(__always)
    private static func texture(_ spread: Int32) -> Int {
        spread == 0 ? 0 : spread <= 2 ? 1 : spread <= 6 ? 2 : spread <= 16 ? 3 : spread <= 40 ? 4 : 5
    }

    @inline(__always)
    private static func bucket(_ activity: Int32) -> Int {
        var b = 0
        while b < activityBounds.count && activity > activityBounds[b] { b += 1 }
        return b
    }

    /// Codes one image in raster order; the decoder fills `pixels` in.
    mutating func code<Channel: BitChannel>(_ pixels: UnsafeMutableBufferPointer<UInt8>, width: Int, height: Int, maxValue: Int,
                                            channel: inout Channel) throws(ContextCodecError) {
        let maxValue = Int32(maxValue)
        // Rolling rows (this one and the one above): values, the final prediction's signed
        // error, each predictor's absolute error.
        var values = [Int32](repeating: 0, count: 2 * width)
        var older = [Int32](repeating: 0, count: width)
        var errors = [Int32](repeating: 0, count: 2 * width)
        var predictorErrors = [Int32](repeating: 0, count: 2 * width * Self.predictors)
        for y in 0..<height {
            let row = (y & 1) * width, up = ((y + 1) & 1) * width
            if y > 1 { for x in 0..<width { older[x] = values[row + x] } }
            for x in 0..<width {
                let hasLeft = x > 0, hasUp = y > 0, hasRight = x + 1 < width
                let w: Int32 = hasLeft ? values[row + x - 1] : (hasUp ? values[up + x] : (maxValue + 1) / 2)
                let n: Int32 = hasUp ? values[up + x] : w
                let nw: Int32 = hasUp && hasLeft ? values[up + x - 1] : n
                let ne: Int32 = hasUp && hasRight ? values[up + x + 1] : n
                let ww: Int32 = x > 1 ? values[row + x - 2] : w
                let nn: Int32 = y > 1 ? older[x] : n
                let teW: Int32 = hasLeft ? errors[row + x - 1] : 0
                let teN: Int32 = hasUp ? errors[up + x] : 0
                let teNW: Int32 = hasUp && hasLeft ? errors[up + x - 1] : 0
                let teNE: Int32 = hasUp && hasRight ? errors[up + x + 1] : 0
                var guesses = (8 * (n + w - nw), 8 * (w + ne - n), 8 * n + ((teN + teNE + teW) >> 1),
                               8 * w + ((teW + teN + teNW) >> 1), 4 * (n + ne), 4 * (w + n), 8 * (2 * w - ww), 8 * (2 * n - nn))
                var numerator: Int64 = 0, denominator: Int64 = 0, leastMiss: Int32 = .max
                withUnsafeMutableBytes(of: &guesses) { raw in
                    let guess = raw.bindMemory(to: Int32.self)
                    for p in 0..<Self.predictors {
                        var miss: Int32 = 0
                        if hasLeft { miss += predictorErrors[(row + x - 1) * Self.predictors + p] }
                        if hasUp {
                            miss += predictorErrors[(up + x) * Self.predictors + p]
                            if hasLeft { miss += predictorErrors[(up + x - 1) * Self.predictors + p] }
                            if hasRight { miss += predictorErrors[(up + x + 1) * Self.predictors + p] }
                        }
                        leastMiss = min(leastMiss, miss)
                        let weight = (Int64(1) << 40) / (Int64(miss) * 32 + 16)
                        numerator += weight * Int64(guess[p])
                        denominator += weight
                    }
                }
                var prediction8 = Int32(floorDivide(numerator + denominator / 2, denominator))
                let activity = (abs(teN) + abs(teW) + abs(teNW) + abs(teNE) + leastMiss) >> 1
                let context = Self.bucket(activity)
                let biasContext = context * 8 + (teN > 0 ? 1 : 0) + (teW > 0 ? 2 : 0) + (teNW > 0 ? 4 : 0)
                if biasCount[biasContext] > 0 {
                    prediction8 += Int32(floorDivide(Int64(biasSum[biasContext]) + Int64(biasCount[biasContext] / 2), Int64(biasCount[biasContext])))
                }
                prediction8 = min(max(prediction8, 8 * min(w, n, ne)), 8 * max(w, n, ne))
                let prediction = (prediction8 + 4) >> 3

                let index = y * width + x
                let texture = Self.texture(max(w, n, ne, nw) - min(w, n, ne, nw))
                let value = try codeValue(Int32(pixels[index]), prediction: prediction, fraction: prediction8 - 8 * prediction,
                                          maxValue: maxValue, context: context, texture: texture, channel: &channel)
                pixels[index] = UInt8(value)
                values[row + x] = value
                errors[row + x] = 8 * value - prediction8
                biasSum[biasContext] += 8 * value - prediction8
                biasCount[biasContext] += 1
                if biasCount[biasContext] == 256 { biasSum[biasContext] >>= 1; biasCount[biasContext] = 128 }
                withUnsafeBytes(of: guesses) { raw in
                    let guess = raw.bindMemory(to: Int32.self)
                    for p in 0..<Self.predictors {
                        predictorErrors[(row + x) * Self.predictors + p] = abs(guess[p] - 8 * value)
                    }
                }
                try channel.endPixel()
            }
        }
    }

    /// Codes `value` as its difference from `prediction`: is it zero, its sign (unless only one
    /// is possible), the bit length of its magnitude (unary), and the bits below the leading one;
    /// the first three by activity and texture, the last by activity.
    @inline(__always)
    private mutating func codeValue<Channel: BitChannel>(_ value: Int32, prediction: Int32, fraction: Int32, maxValue: Int32,
                                                         context: Int, texture: Int, channel: inout Channel) throws(ContextCodecError) -> Int32 {
        let difference = value - prediction
        let both = context * Self.textureBuckets + texture
        if channel.code(difference == 0 ? 1 : 0, &zero[both], limit: Self.limit) == 1 { return prediction }
        let negative: Int
        if prediction == 0 {
            negative = 0
        } else if prediction == maxValue {
            negative = 1
        } else {
            let side = fraction < 0 ? 0 : (fraction == 0 ? 1 : 2)
            negative = channel.code(difference < 0 ? 1 : 0, &sign[both * 3 + side], limit: Self.limit)
        }
        let bound = negative == 1 ? prediction : maxValue - prediction
        let magnitude = abs(difference)
        let topExponent = Self.bitLength(bound) - 1
        let exponentBits = both * Self.maxExponent
        var bits = 0
        while bits < topExponent {
            let more = channel.code((magnitude >> (bits + 1)) != 0 ? 1 : 0, &exponent[exponentBits + bits], limit: Self.limit)
            if more == 0 { break }
            bits += 1
        }
        var decoded: Int32 = 1 << bits
        let mantissaBits = (context * Self.maxExponent + bits) * Self.maxExponent
        var position = bits - 1
        while position >= 0 {
            let bit = channel.code(Int((magnitude >> position) & 1), &mantissa[mantissaBits + position], limit: Self.limit)
            decoded |= Int32(bit) << position
            position -= 1
        }
        guard decoded <= bound else { throw .valueOutOfRange }
        return negative == 1 ? prediction - decoded : prediction + decoded
    }

    private static func bitLength(_ value: Int32) -> Int { 32 - value.leadingZeroBitCount }
}

/// ⌊a / b⌋ for b > 0.
@inline(__always)
private func floorDivide(_ a: Int64, _ b: Int64) -> Int64 {
    let q = a / b
    return (a % b != 0 && a < 0) ? q - 1 : q
}
