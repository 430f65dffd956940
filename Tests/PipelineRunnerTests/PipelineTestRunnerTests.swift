import Foundation
import PipelineConfig
import PipelineKit
@testable import PipelineRunner
import XCTest

final class PipelineTestRunnerTests: XCTestCase {
    let registry = StageRegistry([GateStage.self, CutGreetingStage.self, PickyStage.self, SplitStage.self])

    func results(_ yaml: String) async throws -> [PipelineTestResult] {
        let loader = PipelineLoader(environment: PipelineEnvironment(stages: registry), validateOnly: true)
        let definition = try loader.load(yaml: yaml, file: "t.yaml", baseDirectory: ".")
        let runner = PipelineTestRunner { _ in definition }
        var out: [PipelineTestResult] = []
        for test in definition.tests { out.append(await runner.run(test, file: "t.yaml")) }
        return out
    }

    func testPassingAndFailingExpectations() async throws {
        let r = try await results("""
            stages: [cut-greeting, gate]
            tests:
              - name: passes
                input: "Hi Bob\\nthe KEY-1 leaked"
                expect: {text: "the KEY-1 leaked", contains: [leaked], not-contains: [Bob], annotations: {secret: 1}, status: ok}
              - name: wrong text
                input: "Hi Bob\\nthe KEY-1 leaked"
                expect: {text: "the key leaked"}
              - name: prefix only
                until: cut-greeting
                input: "Hi Bob\\nKEY-2"
                expect: {annotations: {secret: 0}}
            """)
        XCTAssertEqual(r.map(\.passed), [true, false, true])
        XCTAssertEqual(r[1].problems, ["text: differs (diff below)"])
        XCTAssertTrue(r[1].diff.contains("-the key leaked\n+the KEY-1 leaked"), r[1].diff)
    }

    func testStatusAndErrorExpectations() async throws {
        let r = try await results("""
            stages: [picky]
            tests:
              - name: refused
                input: "please FAIL it"
                expect: {status: failed, error-contains: [refused this document]}
              - name: not refused but expected to be
                input: "fine"
                expect: {error-contains: [refused]}
              - name: metadata subset
                input: {text: "fine", id: doc-1, metadata: {lang: en, extra: 1}}
                expect: {metadata: {lang: en}}
            """)
        XCTAssertEqual(r.map(\.passed), [true, false, true])
        XCTAssertTrue(r[1].problems.joined().contains("error-contains: 'refused' not in the error (there was no error)"), "\(r[1].problems)")
    }

    func testTestsAreValidatedWithLocations() {
        let loader = PipelineLoader(environment: PipelineEnvironment(stages: registry), validateOnly: true)
        XCTAssertThrowsError(try loader.load(yaml: """
            stages: [gate]
            tests:
              - name: t
                until: gat
                input: x
                expect: {contians: [x], status: done}
            """, file: "t.yaml", baseDirectory: ".")) { error in
            let text = "\(error)"
            XCTAssertTrue(text.contains("t.yaml:4:12: error: 'until' names no stage id 'gat' (did you mean 'gate'?)"), text)
            XCTAssertTrue(text.contains("t.yaml:6:14: error: unknown key 'contians' in 'expect' (did you mean 'contains'?)"), text)
            XCTAssertTrue(text.contains("'expect.status' must be one of: ok, failed, skipped; found 'done'"), text)
        }
    }

    func testSidecarTestFile() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sidecar-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let pipelineFile = folder.appendingPathComponent("gate.yaml").path
        try Data("stages: [gate]\n".utf8).write(to: URL(fileURLWithPath: pipelineFile))
        try Data("hello KEY-5\n".utf8).write(to: folder.appendingPathComponent("sample.txt"))
        let sidecar = PipelineLoader.sidecarTestFile(for: pipelineFile)
        XCTAssertEqual(sidecar, folder.appendingPathComponent("gate.test.yaml").path)
        try Data("tests:\n  - name: from a file\n    input: {file: sample.txt}\n    expect: {annotations: {secret: 1}}\n".utf8).write(to: URL(fileURLWithPath: sidecar))
        let loader = PipelineLoader(environment: PipelineEnvironment(stages: registry), validateOnly: true)
        let tests = try loader.loadTests(file: sidecar, for: try loader.load(file: pipelineFile))
        XCTAssertEqual(tests.map(\.name), ["from a file"])
        XCTAssertEqual(tests[0].file, folder.appendingPathComponent("sample.txt").path)
        XCTAssertTrue(PipelineLoader.isTestFile(sidecar))
    }

    func testSchemaIsBuiltFromSpecsIncludingRecordFields() {
        let fields = [OptionSpec("name", .string, required: true, doc: "n"), OptionSpec("regex", .string, required: true, doc: "r")]
        let type = OptionType.list(.record(fields))
        XCTAssertNil(type.check(.array([.object(["name": "a", "regex": "b"])]), path: ["patterns"]))
        XCTAssertEqual(type.check(.array([.object(["name": "a", "regx": "b"])]), path: ["patterns"])?.message, "unknown key 'regx' (did you mean 'regex'?)")
        XCTAssertEqual(type.check(.array([.object(["name": "a"])]), path: ["patterns"])?.path, ["patterns", "0"])
        let schema = PipelineSchema.schema(for: registry).objectValue!
        XCTAssertEqual(schema["$schema"], .string("https://json-schema.org/draft/2020-12/schema"))
        XCTAssertEqual(schema["additionalProperties"], .bool(false))
        let defs = schema["$defs"]!.objectValue!
        XCTAssertNotNil(defs["stage-gate"])
        XCTAssertNotNil(defs["test"])
    }
}
