// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "vlae",
    products: [
        .executable(name: "vlae-compress", targets: ["vlae-compress"]),
        .executable(name: "vlae-train", targets: ["vlae-train"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.0.0"),
    ],
    targets: [
        // C libraries from Debian packages.
        .systemLibrary(name: "CZlib", path: "Sources/CZlib"),
        .systemLibrary(name: "CZstd", path: "Sources/CZstd"),
        .systemLibrary(name: "COpenBLAS", path: "Sources/COpenBLAS"),
        // libpng behind a small C shim: its errors longjmp, which Swift cannot catch.
        .target(name: "CPNGDecode", linkerSettings: [.linkedLibrary("png")]),

        // Coding core: deterministic math, the rANS coder.
        .target(name: "DeterministicMath", exclude: ["Generators"],
                linkerSettings: [.linkedLibrary("m", .when(platforms: [.linux]))]),
        .target(name: "EntropyCoder", dependencies: ["DeterministicMath"]),

        // Files: Netpbm/IDX/PNG, the .vz container.
        .target(name: "ImageIO", dependencies: ["CZlib", "CPNGDecode"]),
        .target(name: "Container", dependencies: ["CZlib", "CZstd", "ImageIO"]),

        // The model: float training engine, the VLAE and its trainer, the coding model and codec.
        .target(name: "Network", dependencies: ["COpenBLAS", "DeterministicMath"]),
        .target(name: "VLAE", dependencies: ["Network", "DeterministicMath", "ImageIO"],
                resources: [.copy("Resources/vlae-binarized-mnist.safetensors"), .copy("Resources/vlae-fashion-mnist.safetensors")]),
        .target(name: "VLAECoding", dependencies: ["VLAE", "Network", "EntropyCoder", "DeterministicMath"]),

        // The library behind the CLI, and the executables.
        .target(name: "Compressor", dependencies: [
            "ImageIO", "Container", "VLAE", "VLAECoding", .product(name: "Crypto", package: "swift-crypto")]),
        .executableTarget(name: "vlae-compress", dependencies: [
            "Compressor", .product(name: "ArgumentParser", package: "swift-argument-parser")]),
        .executableTarget(name: "vlae-train", dependencies: [
            "VLAE", "VLAECoding", "ImageIO", "Network", "DeterministicMath", .product(name: "ArgumentParser", package: "swift-argument-parser")]),

        // Benchmarks.
        .executableTarget(name: "bench-coder", dependencies: ["EntropyCoder", "DeterministicMath"], path: "Bench/bench-coder"),
        .executableTarget(name: "bench-codec", dependencies: ["VLAECoding", "VLAE", "ImageIO"], path: "Bench/bench-codec"),
        .executableTarget(name: "bench-network", dependencies: [
            "VLAE", "Network", "DeterministicMath", "COpenBLAS", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            path: "Bench/bench-network"),

        // Fuzzing: the harness, and one libFuzzer executable per target (scripts/fuzz.sh builds
        // them with libFuzzer; an ordinary build makes them replay the files they are given).
        .target(name: "FuzzHarness", dependencies: ["ImageIO", "Container", "VLAECoding", "Compressor"], path: "Fuzz/FuzzHarness"),
        .executableTarget(name: "fuzz-netpbm", dependencies: ["FuzzHarness"], path: "Fuzz/fuzz-netpbm"),
        .executableTarget(name: "fuzz-idx", dependencies: ["FuzzHarness"], path: "Fuzz/fuzz-idx"),
        .executableTarget(name: "fuzz-container", dependencies: ["FuzzHarness"], path: "Fuzz/fuzz-container"),
        .executableTarget(name: "fuzz-decompress", dependencies: ["FuzzHarness"], path: "Fuzz/fuzz-decompress"),
        .executableTarget(name: "fuzz-png", dependencies: ["FuzzHarness"], path: "Fuzz/fuzz-png"),

        // Tests.
        .testTarget(name: "DeterministicMathTests", dependencies: ["DeterministicMath"]),
        .testTarget(name: "EntropyCoderTests", dependencies: ["EntropyCoder", "DeterministicMath"]),
        .testTarget(name: "ImageIOTests", dependencies: ["ImageIO", "DeterministicMath"], resources: [.copy("Fixtures")]),
        .testTarget(name: "ContainerTests", dependencies: ["Container", "ImageIO", "DeterministicMath"]),
        .testTarget(name: "NetworkTests", dependencies: ["Network", "DeterministicMath"]),
        .testTarget(name: "VLAETests", dependencies: ["VLAE"]),
        .testTarget(name: "VLAECodingTests", dependencies: ["VLAECoding", "VLAE", "EntropyCoder", "DeterministicMath"]),
        .testTarget(name: "CompressorTests", dependencies: ["Compressor", "ImageIO", "Container", "FuzzHarness"], exclude: ["Golden"]),
        .testTarget(name: "CLITests", dependencies: ["vlae-compress"]),
    ],
    swiftLanguageModes: [.v5]
)
