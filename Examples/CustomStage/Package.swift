// swift-tools-version: 6.1
import Foundation
import PackageDescription

// This example depends on the pipeline package two folders up. SwiftPM names a path dependency
// after its folder, which differs between clones, so the identity is computed here.
let pipelineRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../..").standardizedFileURL
let pipelineIdentity = pipelineRoot.lastPathComponent.lowercased()

let package = Package(
    name: "CustomStage",
    platforms: [.macOS(.v13)],
    dependencies: [.package(path: pipelineRoot.path)],
    targets: [
        .target(
            name: "Keywords",
            dependencies: [.product(name: "PipelineKit", package: pipelineIdentity)],
            swiftSettings: [.swiftLanguageMode(.v6)]),
        .executableTarget(
            name: "keywords-pipeline",
            dependencies: [
                "Keywords",
                .product(name: "PipelineCLI", package: pipelineIdentity),
                .product(name: "BuiltInStages", package: pipelineIdentity),
            ],
            swiftSettings: [.swiftLanguageMode(.v6)]),
        .testTarget(
            name: "KeywordsTests",
            dependencies: ["Keywords", .product(name: "PipelineKit", package: pipelineIdentity)],
            swiftSettings: [.swiftLanguageMode(.v6)]),
    ]
)
