// swift-tools-version: 6.0
//
// Spares: a discrete-event simulator for after-sales parts and field-service logistics.
// Module layout follows DESIGN.md section 3; each module knows only the ones before it.

import PackageDescription
import class Foundation.ProcessInfo

/// `SPARES_STATIC=1` links GSL statically (`libgsl.a`, `libgslcblas.a`) into the executable, so that
/// together with `--static-swift-stdlib` the `spares` binary runs on a machine without the Swift
/// toolchain or libgsl (`make static`). System library targets cannot carry linker settings, so the
/// archives are named on the executable target; the module map then links nothing itself.
let staticGSL = ProcessInfo.processInfo.environment["SPARES_STATIC"] == "1"
let gslLinkSettings: [LinkerSetting] = staticGSL
    ? [.linkedLibrary(":libgsl.a"), .linkedLibrary(":libgslcblas.a"), .linkedLibrary("m")]
    : []

/// The event loop and its random streams are compiled with optimisation in debug builds too: the
/// test suite runs millions of simulated events against the oracles, 10x slower unoptimised. Their
/// stored state is owned by one replication on one thread, so the runtime's dynamic exclusivity
/// checks (a hash-set insert per class property access) are off in them; the static checks stay.
let optimisedInDebug: [SwiftSetting] = [
    .unsafeFlags(["-O"], .when(configuration: .debug)),
    .unsafeFlags(["-enforce-exclusivity=unchecked"]),
]

let package = Package(
    name: "Spares",
    products: [
        .executable(name: "spares", targets: ["spares"]),
        .library(name: "SparesRandom", targets: ["SparesRandom"]),
        .library(name: "SparesStatistics", targets: ["SparesStatistics"]),
        .library(name: "SparesModel", targets: ["SparesModel"]),
        .library(name: "SparesKernel", targets: ["SparesKernel"]),
        .library(name: "SparesReference", targets: ["SparesReference"]),
        .library(name: "SparesSim", targets: ["SparesSim"]),
        .library(name: "SparesExperiment", targets: ["SparesExperiment"]),
        .library(name: "SparesReport", targets: ["SparesReport"]),
        .library(name: "SparesOptimize", targets: ["SparesOptimize"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        // The results database (results.sqlite), through the system's SQLite.
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        // The report's Excel workbook (report.xlsx): the zip container; through the system's zlib.
        .package(url: "https://github.com/weichsel/ZIPFoundation.git", from: "0.9.20"),
    ],
    targets: [
        // C: GNU Scientific Library, seen only by SparesRandom.
        .systemLibrary(
            name: "CGSL",
            path: staticGSL ? "Sources/CGSLStatic" : "Sources/CGSL",
            pkgConfig: staticGSL ? nil : "gsl",
            providers: [.apt(["libgsl-dev"]), .brew(["gsl"])]
        ),
        // Random streams and distributions; the only module that imports CGSL.
        .target(name: "SparesRandom", dependencies: ["CGSL"], swiftSettings: optimisedInDebug),
        // Running statistics and confidence intervals (t quantiles from SparesRandom).
        .target(name: "SparesStatistics", dependencies: ["SparesRandom"]),
        // Scenario files: YAML, CSV and workbook (.xlsx) loading, units, validation with located errors.
        // Optimised in debug builds too: every input byte passes its UTF-8 and control-character checks.
        .target(name: "SparesModel", dependencies: ["SparesRandom", "SparesZlib", .product(name: "Yams", package: "Yams")],
                swiftSettings: optimisedInDebug),
        // C: zlib, seen only by SparesModel (inflating the parts of workbooks read as tables).
        .systemLibrary(name: "SparesZlib", path: "Sources/SparesZlib", providers: [.apt(["zlib1g-dev"]), .brew(["zlib"])]),
        // Clock, event list and run loop. Knows no randomness and no domain.
        .target(name: "SparesKernel", swiftSettings: optimisedInDebug),
        // The service-chain model of one replication on the kernel: failures to restore, stock,
        // shipments, repair loop, technicians, SLA accounting. Knows no files and no reports.
        .target(name: "SparesSim", dependencies: ["SparesKernel", "SparesModel", "SparesRandom"], swiftSettings: optimisedInDebug),
        // Monte Carlo experiments: replications on every core, statistics, policy comparison, SLA
        // risk, the results directory (journal, resume, shards, merge).
        .target(
            name: "SparesExperiment",
            dependencies: ["SparesKernel", "SparesSim", "SparesModel", "SparesStatistics", .product(name: "GRDB", package: "GRDB.swift")]),
        // Policy reports: self-contained HTML with SVG charts, Markdown, CSV tables.
        .target(name: "SparesReport", dependencies: ["SparesExperiment", "SparesStatistics", .product(name: "ZIPFoundation", package: "ZIPFoundation")]),
        // Analytic multi-echelon models (Palm, METRIC, VARI-METRIC, Erlang loss) and efficient stock curves.
        .target(name: "SparesOptimize", dependencies: ["SparesKernel", "SparesModel", "SparesRandom", "SparesStatistics", "SparesSim", "SparesExperiment"]),
        // Reference queueing models on the kernel (M/M/c), used by tests and benchmarks.
        .target(name: "SparesReference", dependencies: ["SparesKernel", "SparesRandom", "SparesStatistics"]),
        .executableTarget(
            name: "spares",
            dependencies: [
                "SparesRandom", "SparesStatistics", "SparesKernel", "SparesReference", "SparesModel", "SparesSim", "SparesExperiment", "SparesReport", "SparesOptimize",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            linkerSettings: gslLinkSettings
        ),
        .testTarget(name: "SparesRandomTests", dependencies: ["SparesRandom", "SparesStatistics"]),
        .testTarget(name: "SparesStatisticsTests", dependencies: ["SparesStatistics", "SparesRandom"]),
        // Corpus/ holds scenario files the tests read by path; it is not a bundle resource.
        .testTarget(name: "SparesModelTests", dependencies: ["SparesModel", "SparesRandom", .product(name: "ZIPFoundation", package: "ZIPFoundation")], exclude: ["Corpus"]),
        .testTarget(name: "SparesKernelTests", dependencies: ["SparesKernel"]),
        .testTarget(name: "SparesSimTests", dependencies: ["SparesSim", "SparesModel", "SparesRandom", "SparesStatistics"]),
        .testTarget(name: "SparesExperimentTests", dependencies: ["SparesExperiment", "SparesSim", "SparesModel", "SparesRandom", .product(name: "GRDB", package: "GRDB.swift")]),
        // Golden/ holds expected report structures the tests read by path; not a bundle resource.
        .testTarget(name: "SparesReportTests", dependencies: ["SparesReport", "SparesExperiment", "SparesModel"], exclude: ["Golden"]),
        .testTarget(name: "SparesOptimizeTests", dependencies: ["SparesOptimize", "SparesModel", "SparesSim", "SparesStatistics"]),
        .testTarget(name: "SparesReferenceTests", dependencies: ["SparesReference", "SparesStatistics"]),
        .testTarget(name: "SparesCLITests", dependencies: ["spares"]),
    ]
)
