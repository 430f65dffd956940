import Foundation
import XCTest

extension EndToEndTests {
    /// A scaffold made by an installed binary depends on the published package at the binary's
    /// version, never on the folder the binary was built in.
    func testNewStageDependsOnTheRepositoryByURLAndVersion() throws {
        let version = try pipeline(["--version"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let r = try pipeline(["new-stage", "word-count", "--output", scratch.path,
                              "--pipeline-url", "https://example.org/team/pipeline.git"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let manifest = try String(contentsOf: scratch.appendingPathComponent("word-count/Package.swift"), encoding: .utf8)
        XCTAssertTrue(manifest.contains(#".package(url: pipelineURL, from: "\#(version)")"#), manifest)
        XCTAssertTrue(manifest.contains(#"package: "pipeline")"#), manifest)
        XCTAssertFalse(manifest.contains("package(path:"), manifest)
    }
}
