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
        XCTAssertEqual(PipelineRunner.BatchLimits.items(afterSecondsPerDocument: 0.0001), 50)
        // A news item through the brief's stages and a Markdown export: several per hand-off.
        XCTAssertEqual(PipelineRunner.BatchLimits.items(afterSecondsPerDocument: 0.0006), 8)
        XCTAssertEqual(PipelineRunner.BatchLimits.items(afterSecondsPerDocument: 0.02), 1)
    }

    func testABatchStopsAtItsItemAndByteLimits() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("batch-\(UUID().uuidString).jsonl").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        // Two big lines pass the byte limit together, one does not.
        let big = String(repeating: "y", count: PipelineRunner.BatchLimits.maxBytes * 5 / 8)
        var lines = (0..<100).map { #"{"text":"x\#($0)"}"# }
        lines += [#"{"text":"\#(big)"}"#, #"{"text":"\#(big)"}"#, #"{"text":"\#(big)"}"#]
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: path))
        var items = WorkItems(sources: InputExpander.expand([path]), jsonl: true)
        var sizes: [Int] = []
        var lineNumbers: [Int] = []
        while case .lines(let batch) = items.next(blocking: true, maxLines: 30) {
            sizes.append(batch.lines.count)
            lineNumbers += batch.lines.map(\.number)
            // Each line's bytes are its own, in the batch's one buffer.
            for line in batch.lines {
                XCTAssertEqual(batch.buffer.withBytes { $0[line.start] }, UInt8(ascii: "{"))
                XCTAssertEqual(batch.buffer.withBytes { $0[line.end - 1] }, UInt8(ascii: "}"))
            }
        }
        // 30 + 30 + 30 small lines; then 10 small and two big lines, where the batch has passed
        // its byte limit and closes; the last big line alone.
        XCTAssertEqual(sizes, [30, 30, 30, 12, 1])
        XCTAssertEqual(lineNumbers, Array(1...103))
    }

    func testSlowDocumentsStillRunConcurrently() async throws {
        let lines = (0..<24).map { Document(id: "d\($0)", text: "doc \($0)").jsonLine() }
        let output = CapturedOutput()
        let (summary, _) = try await runJSONLines(Array((lines.joined(separator: "\n") + "\n").utf8), stage: ConcurrencyProbeStage.self,
                                                  jobs: 4, output: output)
        XCTAssertEqual(summary.exitCode, 0)
        let ids = try output.standardOutput.split(separator: "\n").map { try JSONReader.parse(String($0))["id"]!.stringValue! }
        XCTAssertEqual(ids, (0..<24).map { "d\($0)" })
        // 20 ms per document: every batch after the first measurement holds one document, so
        // the four workers overlap (a batch of 24 would have held one at a time).
        XCTAssertGreaterThanOrEqual(ConcurrencyProbeStage.state.current.most, 3)
    }

    /// Lines of one batch come out in input order, each JSON line before the messages of the
    /// lines after it (quiet lines are written together, up to the next line with a message);
    /// a BOM shifts line 1's error column; blank lines are skipped; CRLF is dropped; a line
    /// without an id is named after the file and its line.
    func testABatchKeepsLinesAndMessagesInInputOrder() async throws {
        var bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array(#"{"text": 1"#.utf8) + [0x0A]
        for i in 2...40 {
            switch i {
            case 7: bytes += Array("   \n".utf8)
            case 9, 23: bytes += Array(#"{"id": "x\#(i)", "text": 5}"#.utf8) + [0x0A]
            case 30: bytes += Array(#"{"text": "crlf"}"#.utf8) + [0x0D, 0x0A]
            default: bytes += Array(#"{"id": "d\#(i)", "text": "t\#(i)"}"#.utf8) + [0x0A]
            }
        }
        let output = InterleavedOutput()
        let (summary, path) = try await runJSONLines(bytes, stage: NamedLikeASinkStage.self, jobs: 1, output: output)
        XCTAssertEqual(summary.exitCode, 1)
        XCTAssertEqual(summary.failed, 3)
        var expected: [String] = [
            "E \(path):1: error: invalid JSON: unexpected end of JSON (column 14)\n"
        ]
        let notADocument = #"not a document: field 'text' must be a string, found integer; expected {"id"?: string, "text": string, "metadata"?: object}"#
        for i in 2...40 where i != 7 {
            switch i {
            case 9, 23: expected.append("E \(path):\(i): error: \(notADocument)\n")
            case 30: expected.append(#"O {"id":"in-30","text":"crlf","metadata":{"source":"\#(path)"},"annotations":[]}"# + "\n")
            default: expected.append(#"O {"id":"d\#(i)","text":"t\#(i)","metadata":{"source":"\#(path)"},"annotations":[]}"# + "\n")
            }
        }
        XCTAssertEqual(output.lines, expected)
    }
}

/// Writes `bytes` as `in.jsonl` in a fresh folder and runs a one-step pipeline of `stage` over
/// it with `--jsonl`; returns the summary and the input's path (the folder is gone by then).
private func runJSONLines(_ bytes: [UInt8], stage: any Stage.Type, jobs: Int, output: any RunOutput) async throws -> (RunSummary, String) {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("batching-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let path = directory.appendingPathComponent("in.jsonl").path
    try Data(bytes).write(to: URL(fileURLWithPath: path))
    let pipeline = try PipelineLoader(environment: PipelineEnvironment(stages: StageRegistry([stage])))
        .load(yaml: "stages: [\(stage.spec.name)]", file: "test.yaml", baseDirectory: directory.path)
    var options = RunOptions()
    options.inputs = [path]
    options.jsonl = true
    options.jobs = jobs
    return (await PipelineRunner(pipeline: pipeline, options: options, output: output).run(), path)
}

/// Records stdout and stderr in one stream, as `2>&1` would show them, split into lines
/// marked `O` (stdout) and `E` (stderr).
final class InterleavedOutput: RunOutput, @unchecked Sendable {
    private let lock = NSLock()
    private var stream: [String] = []
    private var partial = ""
    func stdout(_ text: String) {
        lock.lock()
        defer { lock.unlock() }
        partial += text
        while let newline = partial.firstIndex(of: "\n") {
            stream.append("O " + partial[...newline])
            partial = String(partial[partial.index(after: newline)...])
        }
    }
    func stderr(_ text: String) { lock.lock(); stream.append("E " + text); lock.unlock() }
    var stderrIsTerminal: Bool { false }
    var lines: [String] { lock.lock(); defer { lock.unlock() }; return stream }
}
