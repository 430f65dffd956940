import Foundation
import PipelineConfig
import PipelineKit
import XCTest

@testable import PipelineRunner

/// Records how many documents it holds at once; sleeps on every document so that documents
/// given to different child tasks overlap.
struct ConcurrencyProbeStage: Stage {
    struct Options: Decodable, Sendable {}
    static let spec = StageSpec(name: "probe", summary: "Test stage.")
    static let state = LockedValue((current: 0, most: 0))
    init(options: Options, setup: StageSetup) throws {}
    func process(_ document: Document, context: StageContext) async throws -> [Document] {
        Self.state.withLock { $0.current += 1; $0.most = max($0.most, $0.current) }
        try await Task.sleep(for: .milliseconds(20))
        Self.state.withLock { $0.current -= 1 }
        return [document]
    }
}

/// JSON lines share child tasks in batches; the batches must not serialize slow documents.
final class BatchingTests: XCTestCase {
    func testBatchSizeFollowsTheTimePerDocument() {
        XCTAssertEqual(PipelineRunner.BatchLimits.items(afterSecondsPerDocument: 0), PipelineRunner.BatchLimits.maxItems)
        XCTAssertEqual(PipelineRunner.BatchLimits.items(afterSecondsPerDocument: 1e-7), PipelineRunner.BatchLimits.maxItems)
        XCTAssertEqual(PipelineRunner.BatchLimits.items(afterSecondsPerDocument: 0.0001), 5)
        XCTAssertEqual(PipelineRunner.BatchLimits.items(afterSecondsPerDocument: 0.02), 1)
    }

    func testABatchStopsAtItsItemAndByteLimits() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("batch-\(UUID().uuidString).jsonl").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let big = String(repeating: "y", count: 40_000)
        var lines = (0..<100).map { #"{"text":"x\#($0)"}"# }
        lines += [#"{"text":"\#(big)"}"#, #"{"text":"\#(big)"}"#, #"{"text":"\#(big)"}"#]
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: path))
        var items = WorkItems(sources: InputExpander.expand([path]), jsonl: true)
        var sizes: [Int] = []
        var lineNumbers: [Int] = []
        while case .item(let first) = items.next(blocking: true) {
            let batch = items.batch(startingWith: first, maxItems: 30)
            sizes.append(batch.count)
            for item in batch { if case .jsonLine(_, _, let line, _, _) = item { lineNumbers.append(line) } }
        }
        // 30 + 30 + 30 small lines; then 10 small and two 40 KB lines, where the batch has passed
        // its 64 KiB and closes; the last 40 KB line alone.
        XCTAssertEqual(sizes, [30, 30, 30, 12, 1])
        XCTAssertEqual(lineNumbers, Array(1...103))
    }

    func testSlowDocumentsStillRunConcurrently() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("batching-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("in.jsonl").path
        let lines = (0..<24).map { Document(id: "d\($0)", text: "doc \($0)").jsonLine() }
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: path))
        let pipeline = try PipelineLoader(environment: PipelineEnvironment(stages: StageRegistry([ConcurrencyProbeStage.self])))
            .load(yaml: "stages: [probe]", file: "test.yaml", baseDirectory: directory.path)
        var options = RunOptions()
        options.inputs = [path]
        options.jsonl = true
        options.jobs = 4
        let output = CapturedOutput()
        let summary = await PipelineRunner(pipeline: pipeline, options: options, output: output).run()
        XCTAssertEqual(summary.exitCode, 0)
        let ids = try output.standardOutput.split(separator: "\n").map { try JSONReader.parse(String($0))["id"]!.stringValue! }
        XCTAssertEqual(ids, (0..<24).map { "d\($0)" })
        // 20 ms per document: every batch after the first measurement holds one document, so
        // the four workers overlap (a batch of 24 would have held one at a time).
        XCTAssertGreaterThanOrEqual(ConcurrencyProbeStage.state.current.most, 3)
    }
}
