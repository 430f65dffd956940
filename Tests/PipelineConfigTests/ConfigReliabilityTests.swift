import Foundation
import PipelineKit
import XCTest

@testable import PipelineConfig

/// Configuration errors never print a secret and always point at a line and column.
final class ConfigReliabilityTests: XCTestCase {
    func diagnostics(_ yaml: String, environment: [String: String]) -> [String] {
        do {
            _ = try PipelineLoader(environment: PipelineEnvironment(stages: testRegistry), variables: environment)
                .load(yaml: yaml, file: "bad.yaml", baseDirectory: "/base")
            return []
        } catch {
            return error.diagnostics.map(\.description)
        }
    }

    func testAWronglyTypedOptionNeverPrintsAnInterpolatedSecret() {
        let secret = "sk_live_51HqLyjWDarjtT1zdp7dcXYZ"
        for yaml in [
            "stages:\n  - count: {sentences: \"${API_TOKEN}\"}\n",
            "stages:\n  - count:\n      sentences: ${API_TOKEN}\n",
            "stages:\n  - count:\n      method: \"prefix-${API_TOKEN}\"\n",
            "stages:\n  - count:\n      labels: ${API_TOKEN}\n",
        ] {
            let lines = diagnostics(yaml, environment: ["API_TOKEN": secret])
            XCTAssertFalse(lines.isEmpty, yaml)
            for line in lines {
                XCTAssertFalse(line.contains(secret), line)
                XCTAssertFalse(line.contains("sk_live"), line)
            }
            XCTAssertTrue(lines.joined().contains("${API_TOKEN}"), lines.joined(separator: "\n"))
        }
    }

    func testANULByteInTheYAMLGivesLineAndColumn() {
        let lines = diagnostics("stages:\n  - co\u{0}unt\n", environment: [:])
        XCTAssertEqual(lines, ["bad.yaml:2:7: error: NUL byte (U+0000) is not allowed in YAML; remove it"])
        let control = diagnostics("name: a\u{1B}b\nstages: [echo]\n", environment: [:])
        XCTAssertEqual(control, ["bad.yaml:1:8: error: control character (U+001B) is not allowed in YAML; remove it"])
    }

    func testANonUTF8ByteInThePipelineFileGivesLineAndColumn() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("latin1-\(UUID().uuidString).yaml")
        defer { try? FileManager.default.removeItem(at: url) }
        try Data(Array("name: caf".utf8) + [0xE9] + Array("\nstages: [echo]\n".utf8)).write(to: url)
        do {
            _ = try PipelineLoader(environment: PipelineEnvironment(stages: testRegistry)).load(file: url.path)
            XCTFail("expected an error")
        } catch {
            XCTAssertEqual(error.diagnostics.map(\.description),
                           ["\(url.path):1:10: error: the pipeline file is not valid UTF-8 (byte 0xE9 at byte offset 9); save it as UTF-8"])
        }
    }
}
