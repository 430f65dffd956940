// swift-tools-version: 6.1
// libFuzzer targets for pipeline. Not part of the main build: they need `-sanitize=fuzzer`.
// Build and run with scripts/fuzz.sh (or .ci/steps/reliability.sh for a short CI run).
import PackageDescription

let targets = ["yaml", "jsonlines", "stages", "replies"]

let package = Package(
    name: "pipeline-fuzz",
    platforms: [.macOS(.v13)],
    dependencies: [.package(name: "pipeline", path: "..")],
    targets: targets.map { name in
        .executableTarget(
            name: "fuzz-\(name)",
            dependencies: [.product(name: "PipelineFuzzing", package: "pipeline")],
            path: "Sources/fuzz-\(name)",
            swiftSettings: [.swiftLanguageMode(.v6)])
    }
)
