import ModelFile
import DeterministicMath
import Foundation
import ImageIO

/// Images of any size to train on, with the rule that turns them into S×S tiles: every epoch
/// draws fresh seeded crops, about as many per image as the tiles that cover it, so each pixel is
/// seen about once per epoch. An image smaller than S is padded by repeating its edge pixels, as
/// the coder pads partial tiles. A set of images that are all exactly S×S is used as it is (one
/// tile per image, no cropping), so MNIST-style data sets train as before.
public struct TrainingImages: Sendable {
    /// One image: `pixels` row-major, values 0 … `maxValue`.
    public struct Image: Sendable {
        public let width: Int
        public let height: Int
        public let pixels: [UInt8]
        public init(width: Int, height: Int, pixels: [UInt8]) {
            precondition(width > 0 && height > 0 && pixels.count == width * height)
            self.width = width; self.height = height; self.pixels = pixels
        }
    }

    public let images: [Image]
    /// 1 when every image is bi-level (a Bernoulli model trains), else the grayscale maxval.
    public let maxValue: Int
    /// Set by `binarizedEachEpoch()`: `images` are 8-bit, and every epoch trains on a fresh
    /// binarization of them.
    public private(set) var binarizesEachEpoch = false

    /// - Precondition: at least one image.
    public init(images: [Image], maxValue: Int) {
        precondition(!images.isEmpty && (1...255).contains(maxValue))
        self.images = images
        self.maxValue = maxValue
    }

    /// The images `range`, for a training/validation split.
    public subscript(range: Range<Int>) -> TrainingImages {
        var part = TrainingImages(images: Array(images[range]), maxValue: maxValue)
        part.binarizesEachEpoch = binarizesEachEpoch
        return part
    }

    /// These 8-bit images as a bi-level training set that draws each pixel anew every epoch, as
    /// ink with probability v/256: the way statically binarized MNIST was drawn once from MNIST
    /// (Larochelle & Murray 2011), so a model sees as many binarizations of a digit as it has
    /// epochs instead of one it can learn by heart.
    /// - Precondition: `maxValue` is 255.
    public func binarizedEachEpoch() -> TrainingImages {
        precondition(maxValue == 255 && !binarizesEachEpoch)
        var set = TrainingImages(images: images, maxValue: 1)
        set.binarizesEachEpoch = true
        return set
    }

    /// The images an epoch drawn with `seed` crops: `images`, or their binarization for the epoch.
    func epochImages(seed: UInt64) -> [Image] {
        guard binarizesEachEpoch else { return images }
        var rng = SplitMix64(seed: seed ^ 0xB1A2_13E5_0000_0001)
        return images.map { image in
            // One byte of the generator per pixel: ink when it falls below v, probability v/256.
            var bits = 0 as UInt64, left = 0
            return Image(width: image.width, height: image.height, pixels: image.pixels.map { v in
                if left == 0 { bits = rng.next(); left = 8 }
                let draw = UInt8(truncatingIfNeeded: bits)
                bits >>= 8; left -= 1
                return draw < v ? 1 : 0
            })
        }
    }

    public var count: Int { images.count }
    public var totalPixels: Int { images.reduce(0) { $0 + $1.pixels.count } }

    /// Crops per epoch for tile side `side`: the tiles that cover each image, summed.
    public func cropsPerEpoch(side: Int) -> Int {
        images.reduce(0) { $0 + ((($1.width + side - 1) / side) * (($1.height + side - 1) / side)) }
    }

    /// The S×S tiles of one epoch, drawn with `seed` (the same seed gives the same tiles).
    public func tiles(side: Int, seed: UInt64) -> ImageSet { tiles(canvas: TileCanvas(side: side, border: 0), seed: seed) }

    /// The tiles of one epoch for a model whose first layer reads `canvas`: each crop with its
    /// band, the image's pixels above and left of it (−1 outside the image). Bi-level crops
    /// without ink are left out for such models, since the coder codes blank tiles with a flag
    /// instead of the model.
    public func tiles(canvas: TileCanvas, seed: UInt64) -> ImageSet {
        let side = canvas.side, band = canvas.band
        let images = epochImages(seed: seed)
        if images.allSatisfy({ $0.width == side && $0.height == side }) {
            return ImageSet(pixels: images.flatMap(\.pixels), side: side, maxValue: maxValue)
                .withCanvas(canvas)
        }
        let skipBlank = canvas.border > 0 && maxValue == 1
        var rng = SplitMix64(seed: seed)
        var pixels: [UInt8] = [], bands: [Int16] = []
        pixels.reserveCapacity(cropsPerEpoch(side: side) * side * side)
        var crop = [UInt8](repeating: 0, count: side * side)
        for image in images {
            let crops = ((image.width + side - 1) / side) * ((image.height + side - 1) / side)
            for _ in 0..<crops {
                let x0 = Int(rng.next() % UInt64(max(1, image.width - side + 1)))
                let y0 = Int(rng.next() % UInt64(max(1, image.height - side + 1)))
                for r in 0..<side {
                    let y = min(y0 + r, image.height - 1)
                    for c in 0..<side { crop[r * side + c] = image.pixels[y * image.width + min(x0 + c, image.width - 1)] }
                }
                if skipBlank && !crop.contains(where: { $0 != 0 }) { continue }
                pixels += crop
                for (dy, dx) in band {
                    let y = y0 + dy, x = x0 + dx
                    let inside = y >= 0 && y < image.height && x >= 0 && x < image.width
                    bands.append(inside ? Int16(image.pixels[y * image.width + x]) : -1)
                }
            }
        }
        return ImageSet(pixels: pixels, side: side, maxValue: maxValue, canvas: canvas, bands: bands)
    }
}

extension TrainingImages {
    /// Reads training images from files and directories: IDX (`[count, rows, columns]` or one
    /// `[rows, columns]` image, plain or gzip), Netpbm (P1, P2, P4, P5; every image of a file) and
    /// PNG (1-bit to 8-bit grayscale). Directories are searched recursively for files of these
    /// kinds, in sorted order; a directory holding `train-images-idx3-ubyte.gz` is read as an
    /// MNIST-style data set instead: that file only (its test files are never read).
    ///
    /// All images must be bi-level (every value 0 or 1), or grayscale with one maxval.
    public static func load(paths: [String]) throws -> TrainingImages {
        var images: [Image] = [], maxValues = Set<Int>()
        for file in try paths.flatMap(files(under:)) {
            let bytes = try readFile(file)
            for (image, maxValue) in try decode(bytes, path: file) {
                images.append(image)
                maxValues.insert(maxValue)
            }
        }
        guard !images.isEmpty else { throw TrainingDataError.noImages(paths) }
        let grayscale = maxValues.subtracting([1])
        guard grayscale.count <= 1 else { throw TrainingDataError.mixedMaxValues(grayscale.sorted()) }
        return TrainingImages(images: images, maxValue: grayscale.first ?? 1)
    }

    /// The MNIST-style validation file beside a training directory, if it has one.
    public static func validationFile(besides paths: [String]) -> String? {
        guard paths.count == 1, isMNISTLayout(paths[0]) else { return nil }
        let file = (paths[0] as NSString).appendingPathComponent("valid-images-idx3-ubyte.gz")
        return FileManager.default.fileExists(atPath: file) ? file : nil
    }

    static func isMNISTLayout(_ directory: String) -> Bool {
        FileManager.default.fileExists(atPath: (directory as NSString).appendingPathComponent("train-images-idx3-ubyte.gz"))
    }

    /// The image files `path` names: itself, or the files of a directory.
    static func files(under path: String) throws -> [String] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { throw TrainingDataError.unreadable(path, "no such file or directory") }
        guard isDirectory.boolValue else { return [path] }
        if isMNISTLayout(path) { return [(path as NSString).appendingPathComponent("train-images-idx3-ubyte.gz")] }
        guard let walker = FileManager.default.enumerator(atPath: path) else { throw TrainingDataError.unreadable(path, "cannot list the directory") }
        let kinds = [".pbm", ".pgm", ".pnm", ".png", ".idx", ".idx.gz", "-ubyte", "-ubyte.gz"]
        return walker.compactMap { $0 as? String }
            .filter { name in kinds.contains { name.lowercased().hasSuffix($0) } }
            .sorted()
            .map { (path as NSString).appendingPathComponent($0) }
    }

    static func readFile(_ path: String) throws -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path) else { throw TrainingDataError.unreadable(path, "cannot read the file") }
        return Array(data)
    }

    /// The images of one file, each with its maxval (1 for bi-level images).
    static func decode(_ bytes: [UInt8], path: String) throws -> [(Image, Int)] {
        do {
            if bytes.first == UInt8(ascii: "P") {
                return try NetpbmReader.read(bytes).images.map { image in
                    (Image(width: image.width, height: image.height, pixels: image.pixels), image.maxval)
                }
            }
            if bytes.starts(with: PNGReader.signature) {
                let png = try PNGReader.read(bytes)
                return [(Image(width: png.width, height: png.height, pixels: png.samples), png.samples.allSatisfy { $0 <= 1 } ? 1 : (1 << png.bitDepth) - 1)]
            }
            let idx = try IDXReader.read(bytes)
            let d = idx.dimensions
            let maxValue = idx.values.allSatisfy { $0 <= 1 } ? 1 : 255
            switch d.count {
            case 2 where d[0] > 0 && d[1] > 0:
                return [(Image(width: d[1], height: d[0], pixels: idx.values), maxValue)]
            case 3 where d[1] > 0 && d[2] > 0:
                let n = d[1] * d[2]
                return (0..<d[0]).map { (Image(width: d[2], height: d[1], pixels: Array(idx.values[($0 * n)..<(($0 + 1) * n)])), maxValue) }
            default:
                throw TrainingDataError.notImages(path, d)
            }
        } catch let error as TrainingDataError {
            throw error
        } catch {
            throw TrainingDataError.unreadable(path, "\(error)")
        }
    }
}

public enum TrainingDataError: Error, Equatable, CustomStringConvertible {
    case unreadable(String, String)
    case notImages(String, [Int])
    case noImages([String])
    case mixedMaxValues([Int])

    public var description: String {
        switch self {
        case .unreadable(let path, let why): "\(path): \(why)"
        case .notImages(let path, let dims): "\(path): an IDX array of shape \(dims) is not images (expected [rows, columns] or [count, rows, columns])"
        case .noImages(let paths): "no images (IDX, Netpbm or PNG) found in \(paths.joined(separator: ", "))"
        case .mixedMaxValues(let values): "grayscale images with different maxvals \(values): train on one maxval at a time"
        }
    }
}
