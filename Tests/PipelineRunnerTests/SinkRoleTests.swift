import Foundation
import PipelineConfig
import PipelineKit
@testable import PipelineRunner
import XCTest

/// A `Sink` whose spec says `.transform`: being a `Sink` decides, so the runner runs it as one.
struct TransformDeclaredSink: Sink {
    struct Options: Decodable, Sendable {}
    static let spec = StageSpec(name: "says-transform", role: .transform, summary: "Test sink declared a transform.")
    init(options: Options, setup: StageSetup) throws {}
    func write(_ document: Document, context: SinkContext) async throws -> [Document] {
        if context.stdoutReserved { context.note("stdout reserved for \(document.id)") } else { context.writeStdout("[\(document.id) on \(context.runDate)]\n") }
        return [document]
    }
}

final class SinkRoleTests: XCTestCase {
    func testASinkDeclaredATransformIsRunAsASink() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sink-role-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let input = directory.appendingPathComponent("a.txt")
        try Data("secret text".utf8).write(to: input)
        let lines = directory.appendingPathComponent("a.jsonl")
        try Data(#"{"id": "a", "text": "secret text"}"#.utf8).write(to: lines)
        let environment = PipelineEnvironment(stages: StageRegistry([TransformDeclaredSink.self]))
        let pipeline = try PipelineLoader(environment: environment).load(yaml: "stages: [says-transform]", file: "test.yaml", baseDirectory: directory.path)
        XCTAssertEqual(pipeline.steps.map(\.stage.spec.role), [.sink])

        func run(jsonl: Bool) async -> (RunSummary, CapturedOutput) {
            var options = RunOptions()
            options.headers = false
            options.inputs = [jsonl ? lines.path : input.path]
            options.jsonl = jsonl
            let output = CapturedOutput()
            return (await PipelineRunner(pipeline: pipeline, options: options, output: output).run(), output)
        }
        // A transform's final text would be printed; a sink's is not: only what the sink writes.
        let (summary, text) = await run(jsonl: false)
        XCTAssertEqual(summary.exitCode, 0)
        XCTAssertEqual(text.standardOutput, "[a on \(SinkRun.today())]\n")
        // Under --jsonl it is told that stdout is reserved.
        let (_, jsonl) = await run(jsonl: true)
        XCTAssertTrue(jsonl.standardError.contains("stdout reserved for a"), jsonl.standardError)
        XCTAssertFalse(jsonl.standardOutput.contains("[a on"), jsonl.standardOutput)
    }
}
