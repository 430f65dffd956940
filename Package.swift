// swift-tools-version: 6.1
import PackageDescription

/// Every target builds in Swift 6 language mode with strict concurrency.
let strict: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
]

let package = Package(
    name: "pipeline",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "PipelineKit", targets: ["PipelineKit"]),
        .library(name: "TextKit", targets: ["TextKit"]),
        // Custom translation providers conform to `TranslationProvider` from here.
        .library(name: "Translate", targets: ["Translate"]),
        // Load, validate and run pipelines inside another program (config + runner).
        .library(name: "PipelineEngine", targets: ["PipelineEngine"]),
        // The six built-in stages and `PipelineEnvironment.builtIn`; a custom binary that needs
        // none of them leaves this out and links no SQLite, Crypto or Mustache.
        .library(name: "BuiltInStages", targets: ["BuiltInStages"]),
        .library(name: "PipelineCLI", targets: ["PipelineCLI"]),
        .library(name: "PipelineFuzzing", targets: ["PipelineFuzzing"]),
        .executable(name: "pipeline", targets: ["pipeline"]),
        .executable(name: "pipeline-bench", targets: ["pipeline-bench"]),
        .plugin(name: "LintPipelines", targets: ["LintPipelines"]),
    ],
    dependencies: [
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
    ],
    targets: [
        // MARK: Core
        .target(name: "PipelineKit", dependencies: ["CProcessSpawn", "CAtomicWord"], swiftSettings: strict),
        // Compare-and-exchange on one integer (`ReusePool`'s thread slots), inline C: the standard
        // `Synchronization.Atomic` needs macOS 15.
        .target(name: "CAtomicWord"),
        .target(name: "TextKit", swiftSettings: strict),
        // Starting external programs (fork/exec with PR_SET_PDEATHSIG, process groups, timeouts,
        // stderr tails), shared by the command stage and translate's command provider.
        .target(name: "CProcessSpawn"),
        .target(name: "CCacheHints"),
        // An HTTP client on libcurl loaded with dlopen on first use (the LibreTranslate provider), so
        // no binary links libcurl and its ~25 shared libraries just in case.
        .target(name: "CHTTPClient", linkerSettings: [.linkedLibrary("dl", .when(platforms: [.linux]))]),
        .target(name: "ProcessSupport", dependencies: ["PipelineKit", "CProcessSpawn"], swiftSettings: strict),
        .target(
            name: "PipelineConfig",
            dependencies: ["PipelineKit", .product(name: "Yams", package: "Yams")],
            swiftSettings: strict),
        .target(
            name: "PipelineRunner",
            dependencies: ["PipelineKit", "PipelineConfig", "CProcessSpawn"],
            swiftSettings: strict),

        // MARK: Built-in stages (one module each; a stage never imports another stage)
        .target(
            name: "StripSalutations",
            dependencies: ["PipelineKit", "TextKit"],
            path: "Sources/Stages/StripSalutations",
            resources: [.copy("Phrases"), .copy("Mail")],
            swiftSettings: strict),
        .target(
            name: "Summarize",
            dependencies: ["PipelineKit", "TextKit", "CCacheHints"],
            path: "Sources/Stages/Summarize",
            swiftSettings: strict),
        .target(
            name: "Translate",
            dependencies: ["PipelineKit", "TextKit", "ProcessSupport", "CHTTPClient", .product(name: "Crypto", package: "swift-crypto")],
            path: "Sources/Stages/Translate",
            swiftSettings: strict),
        .target(
            name: "Redact",
            dependencies: ["PipelineKit", "TextKit", .product(name: "Crypto", package: "swift-crypto")],
            path: "Sources/Stages/Redact",
            resources: [.copy("Names"), .copy("Data")],
            swiftSettings: strict),
        .systemLibrary(name: "CSQLite", path: "Sources/CSQLite", providers: [.apt(["libsqlite3-dev"])]),
        .target(
            name: "Export",
            dependencies: ["PipelineKit", "CSQLite", .product(name: "Mustache", package: "swift-mustache")],
            path: "Sources/Stages/Export",
            resources: [.copy("Templates")],
            swiftSettings: strict),
        .target(
            name: "CommandStage",
            dependencies: ["PipelineKit", "ProcessSupport"],
            path: "Sources/Stages/Command",
            swiftSettings: strict),

        .target(
            name: "PipelineEngine",
            dependencies: ["PipelineKit", "PipelineConfig", "PipelineRunner"],
            swiftSettings: strict),
        .target(
            name: "BuiltInStages",
            dependencies: ["PipelineKit", "StripSalutations", "Summarize", "Translate", "Redact", "Export", "CommandStage"],
            swiftSettings: strict),

        // MARK: Command line
        .target(
            name: "PipelineCLI",
            dependencies: [
                "PipelineKit", "PipelineConfig", "PipelineRunner",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict),
        // Linked with the Swift runtime and Foundation inside (as `--static-swift-stdlib` does), so
        // `swift build -c release && .build/release/pipeline` starts without loading ~20 shared
        // libraries: a third of a short run's time went to the dynamic loader. main.swift is
        // compiled with the flag too, so it names the toolchain's static Foundation libraries.
        // Linked as a fixed-address (non-PIE) executable: as a PIE, the loader applied ~87,000
        // relocations to the Swift metadata at every start and copied the pages they sit on
        // (~170 page faults, docs/performance-log.md "Start-up").
        .executableTarget(
            name: "pipeline", dependencies: ["PipelineCLI", "BuiltInStages", "PipelineRunner"],
            swiftSettings: strict + [.unsafeFlags(["-static-stdlib"], .when(platforms: [.linux]))],
            linkerSettings: [.unsafeFlags(["-static-stdlib", "-Xclang-linker", "-no-pie"], .when(platforms: [.linux]))]),
        // Fuzz target bodies: driven by libFuzzer from Fuzz/ and replayed by FuzzRegressionTests.
        .target(
            name: "PipelineFuzzing",
            dependencies: ["PipelineKit", "PipelineConfig", "PipelineRunner", "BuiltInStages", "CommandStage"],
            swiftSettings: strict),
        .executableTarget(
            name: "pipeline-bench",
            dependencies: ["PipelineKit", "BuiltInStages", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            path: "Benchmarks/pipeline-bench",
            swiftSettings: strict),
        .plugin(
            name: "LintPipelines",
            capability: .command(
                intent: .custom(verb: "lint-pipelines", description: "Validate every pipeline under pipelines/"),
                permissions: []),
            dependencies: []),

        // MARK: Tests
        .testTarget(name: "PipelineKitTests", dependencies: ["PipelineKit"], swiftSettings: strict),
        .testTarget(name: "ProcessSupportTests", dependencies: ["ProcessSupport", "PipelineKit"], swiftSettings: strict),
        .testTarget(name: "TextKitTests", dependencies: ["TextKit", "PipelineKit"], resources: [.copy("Fixtures")], swiftSettings: strict),
        .testTarget(name: "PipelineConfigTests", dependencies: ["PipelineConfig", "PipelineKit"], swiftSettings: strict),
        .testTarget(name: "PipelineRunnerTests", dependencies: ["PipelineRunner", "PipelineConfig", "PipelineKit"], swiftSettings: strict),
        .testTarget(name: "StripSalutationsTests", dependencies: ["StripSalutations", "PipelineKit"], resources: [.copy("Fixtures")], swiftSettings: strict),
        .testTarget(name: "SummarizeTests", dependencies: ["Summarize", "TextKit", "PipelineKit"], swiftSettings: strict),
        .testTarget(name: "TranslateTests", dependencies: ["Translate", "TextKit", "PipelineKit"], resources: [.copy("Fixtures")], swiftSettings: strict),
        .testTarget(
            name: "RedactTests",
            dependencies: ["Redact", "PipelineKit", .product(name: "PropertyBased", package: "swift-property-based")],
            resources: [.copy("Fixtures")],
            swiftSettings: strict),
        .testTarget(name: "ExportTests", dependencies: ["Export", "PipelineKit"], resources: [.copy("Fixtures")], swiftSettings: strict),
        .testTarget(name: "CommandStageTests", dependencies: ["CommandStage", "PipelineKit"], swiftSettings: strict),
        .testTarget(name: "StageExamplesTests", dependencies: ["BuiltInStages", "PipelineCLI", "PipelineKit"], swiftSettings: strict),
        .testTarget(name: "PipelineCLITests", dependencies: ["PipelineCLI", .product(name: "ArgumentParser", package: "swift-argument-parser")], swiftSettings: strict),
        .testTarget(name: "ExplainTests", dependencies: ["PipelineCLI", "BuiltInStages", "PipelineConfig", "PipelineRunner", "PipelineKit"], swiftSettings: strict),
        .testTarget(name: "PipelineEngineTests", dependencies: ["PipelineEngine", "BuiltInStages", "Translate"], swiftSettings: strict),
        .testTarget(name: "FuzzRegressionTests", dependencies: ["PipelineFuzzing", "PipelineKit"], resources: [.copy("Corpus")], swiftSettings: strict),
        .testTarget(name: "EndToEndTests", dependencies: ["PipelineKit"], exclude: ["Golden"], swiftSettings: strict),
    ]
)
