// swift-tools-version: 6.1
//
// Spares benchmarks, kept in their own package (as swift-nio does) so that package-benchmark and
// its malloc interposer stay out of the main build and test graph. Run with `make bench`, or
// `swift package --package-path Benchmarks benchmark` for package-benchmark alone.

import PackageDescription

let package = Package(
    name: "SparesBenchmarks",
    platforms: [.macOS(.v13)],
    dependencies: [
        .package(name: "Spares", path: ".."),
        // The MallocInterposer trait counts allocations; naming it alone also leaves out the Linux
        // runtime interposer, which Spares does not need.
        .package(url: "https://github.com/ordo-one/benchmark.git", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "KernelBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "SparesReference", package: "Spares"),
                .product(name: "SparesKernel", package: "Spares"),
            ],
            path: "Benchmarks/KernelBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ]
)
