// swift-tools-version:6.0
import PackageDescription

// The module graph is the architecture (README "Map"): the reference knows nothing of files,
// the HDF5 binding knows nothing of normalization, the harness knows implementations only
// through one protocol and the results-file format.
let package = Package(
    name: "normconf",
    products: [
        .executable(name: "normconf", targets: ["normconf"]),
        .library(name: "NormalizationReference", targets: ["NormalizationReference"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        .target(name: "NormalizationReference"),
        .target(name: "JSONText"),
        .target(name: "Corpus", dependencies: ["NormalizationReference", "JSONText"]),
        .target(name: "Harness", dependencies: ["Corpus", "NormalizationReference"]),
        .executableTarget(
            name: "normconf",
            dependencies: [
                "NormalizationReference", "JSONText", "Corpus", "Harness",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "NormalizationReferenceTests",
            dependencies: ["NormalizationReference"]
        ),
        .testTarget(
            name: "NormconfTests",
            dependencies: ["NormalizationReference", "JSONText", "Corpus", "Harness", "normconf"]
        ),
    ]
)
