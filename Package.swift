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
    ],
    targets: [
        // C libraries from Debian packages.
        .systemLibrary(name: "CZlib", path: "Sources/CZlib"),
        .systemLibrary(name: "CZstd", path: "Sources/CZstd"),
        .systemLibrary(name: "COpenBLAS", path: "Sources/COpenBLAS"),
        .systemLibrary(name: "CCrypto", path: "Sources/CCrypto"),
        // libpng behind a small C shim: its errors longjmp, which Swift cannot catch.
        .target(name: "CPNGDecode", linkerSettings: [.linkedLibrary("png")]),

        // Coding core: deterministic math, the rANS coder.
        .target(name: "DeterministicMath", exclude: ["Generators"],
                linkerSettings: [.linkedLibrary("m", .when(platforms: [.linux]))]),
        .target(name: "EntropyCoder", dependencies: ["DeterministicMath"]),
        // The codec without a network: adaptive context models on the rANS coder.
        .target(name: "ContextCoding", dependencies: ["EntropyCoder"]),

        // Files: Netpbm/IDX/PNG, the .vz container.
        .target(name: "ImageIO", dependencies: ["CZlib", "CPNGDecode"]),
        .target(name: "Container", dependencies: ["CZlib", "CZstd", "ImageIO", "ModelFile"]),

        // Model files: configuration, safetensors, identity (SHA-256), the shipped models, the catalog.
        .target(name: "ModelFile", dependencies: ["CCrypto"],
                resources: [.copy("Resources/vlae-binarized-mnist.safetensors"), .copy("Resources/vlae-fashion-mnist.safetensors"),
                            .copy("Resources/vlae-mnist.safetensors"), .copy("Resources/vlae-pages.safetensors"),
                            .copy("Resources/vlae-mnist-c64.safetensors"), .copy("Resources/vlae-mnist-c64b.safetensors"),
                            .copy("Resources/vlae-binarized-mnist-int16.safetensors"), .copy("Resources/vlae-fashion-mnist-int16.safetensors"),
                            .copy("Resources/vlae-mnist-c64b-int16.safetensors"), .copy("Resources/vlae-pages-int16.safetensors"),
                            .copy("Resources/vlae-binarized-mnist-fast-int16.safetensors"),
                            .copy("Resources/vlae-fashion-mnist-fast-int16.safetensors")]),

        // The model: float training engine, the VLAE and its trainer, the coding model and codec.
        .target(name: "Network", dependencies: ["COpenBLAS", "DeterministicMath", "CTrainingKernels", "CCodingKernels"]),
        // Its direct convolutions in C: AVX2 and FMA where the CPU has them, chosen at run time.
        .target(name: "CTrainingKernels"),
        .target(name: "VLAE", dependencies: ["Network", "DeterministicMath", "ImageIO", "ModelFile"]),
        // The coding path is built from model files alone: no training engine, no BLAS.
        .target(name: "VLAECoding", dependencies: ["ModelFile", "EntropyCoder", "DeterministicMath", "CCodingKernels"]),
        // Its inner loop in C: AVX2 where the CPU has it, chosen at run time, the same bits either way.
        .target(name: "CCodingKernels"),

        // The library behind the CLI, and the executables.
        .target(name: "Compressor", dependencies: [
            "ImageIO", "Container", "ModelFile", "VLAECoding", "EntropyCoder", "ContextCoding"]),
        .executableTarget(name: "vlae-compress", dependencies: [
            "Compressor", "ModelFile", "VLAECoding", .product(name: "ArgumentParser", package: "swift-argument-parser")]),
        .executableTarget(name: "vlae-train", dependencies: [
            "VLAE", "VLAECoding", "ModelFile", "ImageIO", "Network", "DeterministicMath", .product(name: "ArgumentParser", package: "swift-argument-parser")]),

        // Benchmarks.
        .executableTarget(name: "bench-context", dependencies: ["ContextCoding", "ImageIO"], path: "Bench/bench-context"),
        .executableTarget(name: "bench-coder", dependencies: ["EntropyCoder", "DeterministicMath", "CRansReference"], path: "Bench/bench-coder"),
        // bench-coder's yardstick: rans64's scheme in C.
        .target(name: "CRansReference", path: "Bench/CRansReference"),
        .executableTarget(name: "bench-codec", dependencies: ["VLAECoding", "VLAE", "ModelFile", "ImageIO", "CCodingKernels"], path: "Bench/bench-codec"),
        .executableTarget(name: "bench-network", dependencies: [
            "VLAE", "ModelFile", "Network", "DeterministicMath", "COpenBLAS", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            path: "Bench/bench-network"),

        // Fuzzing: the harness, and one libFuzzer executable per target (scripts/fuzz.sh builds
        // them with libFuzzer; an ordinary build makes them replay the files they are given).
        .target(name: "FuzzHarness", dependencies: ["ImageIO", "Container", "ModelFile", "VLAECoding", "Compressor"], path: "Fuzz/FuzzHarness"),
        .executableTarget(name: "fuzz-netpbm", dependencies: ["FuzzHarness"], path: "Fuzz/fuzz-netpbm"),
        .executableTarget(name: "fuzz-idx", dependencies: ["FuzzHarness"], path: "Fuzz/fuzz-idx"),
        .executableTarget(name: "fuzz-container", dependencies: ["FuzzHarness"], path: "Fuzz/fuzz-container"),
        .executableTarget(name: "fuzz-decompress", dependencies: ["FuzzHarness"], path: "Fuzz/fuzz-decompress"),
        .executableTarget(name: "fuzz-png", dependencies: ["FuzzHarness"], path: "Fuzz/fuzz-png"),
        .executableTarget(name: "fuzz-archive", dependencies: ["FuzzHarness"], path: "Fuzz/fuzz-archive"),

        // Tests.
        .testTarget(name: "DeterministicMathTests", dependencies: ["DeterministicMath"]),
        .testTarget(name: "EntropyCoderTests", dependencies: ["EntropyCoder", "DeterministicMath"]),
        .testTarget(name: "ContextCodingTests", dependencies: ["ContextCoding", "DeterministicMath"]),
        .testTarget(name: "ImageIOTests", dependencies: ["ImageIO", "DeterministicMath"], resources: [.copy("Fixtures")]),
        .testTarget(name: "ContainerTests", dependencies: ["Container", "ImageIO", "ModelFile", "DeterministicMath"]),
        .testTarget(name: "NetworkTests", dependencies: ["Network", "ModelFile", "DeterministicMath", "CTrainingKernels"]),
        .testTarget(name: "ModelFileTests", dependencies: ["ModelFile"]),
        .testTarget(name: "VLAETests", dependencies: ["VLAE", "ModelFile"]),
        .testTarget(name: "VLAECodingTests", dependencies: ["VLAECoding", "VLAE", "ModelFile", "EntropyCoder", "DeterministicMath", "CCodingKernels"]),
        .testTarget(name: "CompressorTests", dependencies: ["Compressor", "ImageIO", "Container", "ModelFile", "VLAECoding", "DeterministicMath", "FuzzHarness"], exclude: ["Golden"]),
        .testTarget(name: "CLITests", dependencies: ["vlae-compress", "vlae-train"]),
    ],
    swiftLanguageModes: [.v5]
)
