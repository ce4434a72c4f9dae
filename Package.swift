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
        // What a conforming implementation needs: the protocol, the corpus, the judge and
        // the reports, the results-file writer and reader (Sources/Normconf/Exports.swift).
        .library(name: "Normconf", targets: ["Normconf"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.4.0"),
        .package(url: "https://github.com/JohnSundell/Plot", from: "0.14.0"),
    ],
    targets: [
        .target(name: "NormalizationReference", exclude: ["README.md"]),
        .target(name: "JSONText", exclude: ["README.md"]),
        .target(name: "ArrayFile", exclude: ["README.md"]),
        .systemLibrary(name: "CHDF5", pkgConfig: "hdf5-serial", providers: [.apt(["libhdf5-dev"])]),
        .target(name: "HDF5", dependencies: ["CHDF5"], exclude: ["README.md"]),
        .target(name: "Corpus", dependencies: ["NormalizationReference", "JSONText"], exclude: ["README.md"]),
        .target(name: "CorpusFile", dependencies: ["Corpus", "HDF5", "JSONText", "NormalizationReference"], exclude: ["README.md"]),
        .target(name: "Playback", dependencies: ["Corpus", "NormalizationReference"], exclude: ["README.md"]),
        .target(name: "Harness", dependencies: ["Corpus", "NormalizationReference", "Playback"], exclude: ["README.md"]),
        .target(name: "CaseCatalog", dependencies: ["Corpus", "JSONText", "NormalizationReference", "Playback"], exclude: ["README.md"]),
        .target(name: "Dashboard", dependencies: ["Corpus", "Harness", "JSONText", "NormalizationReference", .product(name: "Plot", package: "Plot")],
                exclude: ["README.md"]),
        .target(name: "Normconf", dependencies: ["Corpus", "CorpusFile", "Harness", "NormalizationReference", "Playback"], exclude: ["README.md"]),
        .executableTarget(
            name: "normconf",
            dependencies: [
                "NormalizationReference", "JSONText", "ArrayFile", "Corpus", "CorpusFile", "CaseCatalog", "Dashboard", "HDF5", "Harness",
                "Normconf", "Playback", .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            exclude: ["README.md"]
        ),
        // Times the reference's adapt and call on a .npy file, for tools/benchmark.
        .executableTarget(name: "reference-timer", dependencies: ["ArrayFile", "NormalizationReference"]),
        .testTarget(
            name: "NormalizationReferenceTests",
            dependencies: ["NormalizationReference"]
        ),
        // The committed corpus for every test target, read once and never silently empty.
        .target(name: "TestSupport", dependencies: ["Corpus", "CorpusFile", "Harness", "Playback"], path: "Tests/Support"),
        .testTarget(
            name: "ConformanceTests",
            dependencies: ["Corpus", "CorpusFile", "Harness", "NormalizationReference", "Playback", "TestSupport"]
        ),
        .testTarget(
            name: "HDF5Tests",
            dependencies: ["HDF5"]
        ),
        .testTarget(
            name: "HarnessTests",
            dependencies: ["Corpus", "CorpusFile", "Harness", "NormalizationReference", "Playback", "TestSupport"]
        ),
        .testTarget(
            name: "NormconfTests",
            dependencies: ["NormalizationReference", "JSONText", "ArrayFile", "Corpus", "CorpusFile", "CaseCatalog", "HDF5", "Harness", "normconf", "Playback",
                           "TestSupport"]
        ),
    ]
)
