// swift-tools-version:6.0
import PackageDescription

// An implementation of keras.layers.Normalization in Float, written for this example, and
// how it proves its conformance with normconf: `swift test` runs the whole corpus in
// process; the `float32-layer-results` executable takes the `normconf run --exec` route.
let package = Package(
    name: "Float32Layer",
    dependencies: [
        .package(name: "normconf", path: "../.."),
    ],
    targets: [
        .target(name: "Float32Layer", dependencies: [.product(name: "Normconf", package: "normconf")]),
        .executableTarget(name: "float32-layer-results", dependencies: ["Float32Layer", .product(name: "Normconf", package: "normconf")]),
        .testTarget(name: "Float32LayerTests", dependencies: ["Float32Layer", .product(name: "Normconf", package: "normconf")]),
    ]
)
