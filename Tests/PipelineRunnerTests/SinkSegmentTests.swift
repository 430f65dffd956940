import Foundation
import PipelineConfig
import PipelineKit
import XCTest

@testable import PipelineRunner

/// What the test sinks saw, shared by a test and the stages it builds (one run at a time).
final class SinkLog: @unchecked Sendable {
    private let lock = NSLock()
    private var _sequences: [Int] = []
    private var _threads: Set<String> = []
    private var _computed: Set<Int> = []
    private var _overlapped = 0

    static let shared = SinkLog()

    func reset() { lock.withLock { _sequences = []; _threads = []; _computed = []; _overlapped = 0 } }
    func wrote(_ sequence: Int, thread: String) { lock.withLock { _sequences.append(sequence); _threads.insert(thread) } }
    func computed(_ sequence: Int) { lock.withLock { _ = _computed.insert(sequence) } }
    func sawLaterWork(than sequence: Int) -> Bool { lock.withLock { _computed.contains { $0 > sequence } } }
    func overlapped() { lock.withLock { _overlapped += 1 } }
    var sequences: [Int] { lock.withLock { _sequences } }
    var threads: Set<String> { lock.withLock { _threads } }
    var overlaps: Int { lock.withLock { _overlapped } }
}

/// The name of the calling thread, as the kernel knows it.
func currentThreadName() -> String {
    let name = (try? String(contentsOfFile: "/proc/thread-self/comm", encoding: .utf8)) ?? "?"
    return name.trimmingCharacters(in: .newlines)
}

/// A transform before the sink: notes which documents went through it.
struct NoteComputeStage: Stage {
    struct Options: Decodable, Sendable {}
    static let spec = StageSpec(name: "note-compute", summary: "Test stage.")
    init(options: Options, setup: StageSetup) throws {}
    func process(_ document: Document, context: StageContext) async throws -> [Document] {
        SinkLog.shared.computed(context.sequence)
        var out = document
        out.text = document.text.uppercased()
        return [out]
    }
}

/// A sink that blocks on I/O (as a file export does): records the order and thread of its
/// writes, fails documents whose text contains `BREAK`, and, at the first document when it
/// reads `ITEM 0` (after `note-compute`), waits (up to 10 s) for the stage before it to take a
/// later document: that only happens when the steps before the sink overlap with its writes.
struct BlockingSink: Sink {
    struct Options: Decodable, Sendable {}
    static let spec = StageSpec(name: "blocking-sink", summary: "Test sink that blocks on I/O.")
    init(options: Options, setup: StageSetup) throws {}
    var blocksOnIO: Bool { true }
    func write(_ document: Document, context: SinkContext) async throws -> [Document] {
        SinkLog.shared.wrote(context.sequence, thread: currentThreadName())
        if context.sequence == 0 && document.text == "ITEM 0" {
            for _ in 0..<1000 {
                if SinkLog.shared.sawLaterWork(than: 0) {
                    SinkLog.shared.overlapped()
                    break
                }
                usleep(10_000)
            }
        }
        if document.text.contains("BREAK") { throw StageError("cannot write '\(document.id).out': No space left on device") }
        context.writeStdout("wrote \(document.id)\n")
        return [document]
    }
}

/// A transform after the sink (it runs in the sink segment too).
struct TagAfterSinkStage: Stage {
    struct Options: Decodable, Sendable {}
    static let spec = StageSpec(name: "tag-after", summary: "Test stage.")
    init(options: Options, setup: StageSetup) throws {}
    func process(_ document: Document, context: StageContext) async throws -> [Document] {
        var out = document
        out.metadata["after"] = .string(currentThreadName())
        return [out]
    }
}

/// The sink segment: steps from the first sink that blocks on I/O run on the run's own thread,
/// in input order, overlapped with the next documents' steps, and a failed write fails exactly
/// that document.
final class SinkSegmentTests: XCTestCase {
    let registry = StageRegistry([NoteComputeStage.self, BlockingSink.self, TagAfterSinkStage.self, PickyStage.self])
    var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("sink-segment-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        SinkLog.shared.reset()
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: directory)
    }

    /// `count` JSON lines `d0`...; the text of those in `breaking` contains `BREAK`.
    func input(count: Int, breaking: Set<Int> = []) throws -> String {
        var text = ""
        for i in 0..<count {
            text += #"{"id": "d\#(i)", "text": "item \#(i)\#(breaking.contains(i) ? " BREAK" : "")"}"# + "\n"
        }
        let url = directory.appendingPathComponent("in.jsonl")
        try Data(text.utf8).write(to: url)
        return url.path
    }

    func run(_ yaml: String, input: String, jobs: Int) async throws -> (RunSummary, CapturedOutput) {
        let pipeline = try PipelineLoader(environment: PipelineEnvironment(stages: registry)).load(yaml: yaml, file: "test.yaml", baseDirectory: directory.path)
        var options = RunOptions()
        options.inputs = [input]
        options.jsonl = true
        options.jobs = jobs
        options.reportPath = directory.appendingPathComponent("report.json").path
        let captured = CapturedOutput()
        let summary = await PipelineRunner(pipeline: pipeline, options: options, output: captured).run()
        return (summary, captured)
    }

    func testTheSegmentStartsAtTheFirstSinkThatBlocks() throws {
        let loader = PipelineLoader(environment: PipelineEnvironment(stages: registry))
        let split = try loader.load(yaml: "stages: [note-compute, blocking-sink, tag-after]", file: "t.yaml", baseDirectory: directory.path)
        XCTAssertEqual(PipelineRunner(pipeline: split, options: RunOptions()).sinkSegmentStart, 1)
        let none = try loader.load(yaml: "stages: [note-compute, tag-after]", file: "t.yaml", baseDirectory: directory.path)
        XCTAssertNil(PipelineRunner(pipeline: none, options: RunOptions()).sinkSegmentStart)
        // A sink that only prints (does not say it blocks) runs with the steps before it.
        XCTAssertFalse(AnyStage(try TransformDeclaredSink(options: .init(), setup: StageSetup(stageID: "s")), id: "s").blocksOnIO)
    }

    func testAWriteThatFailsFailsThatDocumentOnlyWithOneAndTwoJobs() async throws {
        for jobs in [1, 2] {
            SinkLog.shared.reset()
            let input = try input(count: 40, breaking: [17])
            let (summary, output) = try await run("stages: [note-compute, blocking-sink, tag-after]", input: input, jobs: jobs)
            XCTAssertEqual(summary.exitCode, 1, "jobs \(jobs)")
            XCTAssertEqual(summary.failed, 1)
            XCTAssertEqual(summary.report.counts["ok"], 39)
            XCTAssertEqual(summary.report.counts["failed"], 1)
            let failed = summary.report.items.filter { $0.status == "failed" }
            XCTAssertEqual(failed.map(\.id), ["d17"])
            XCTAssertEqual(failed.first?.error, "stage 'blocking-sink' failed: cannot write 'd17.out': No space left on device")
            XCTAssertEqual(failed.first?.stage, "blocking-sink")
            XCTAssertEqual(output.standardError.components(separatedBy: "\n").filter { !$0.isEmpty },
                           ["\(input):18: error: stage 'blocking-sink' failed: cannot write 'd17.out': No space left on device"])
            // Every other document went through every step, in input order, and out.
            let ids = output.standardOutput.split(separator: "\n").map { try! JSONReader.parse(String($0))["id"]!.stringValue! }
            XCTAssertEqual(ids, (0..<40).filter { $0 != 17 }.map { "d\($0)" }, "jobs \(jobs)")
            XCTAssertTrue(output.standardOutput.contains(#""text":"ITEM 3""#), "the stage before the sink ran")
            let afterThreads = Set(output.standardOutput.split(separator: "\n").compactMap {
                try? JSONReader.parse(String($0))["metadata"]?["after"]?.stringValue
            })
            XCTAssertTrue(output.standardOutput.contains(#""after":"pipeline-sink""#),
                          "the stage after the sink ran on the sink thread (jobs \(jobs); it ran on \(afterThreads.sorted()))")
            // The report's per-step figures add both sides of the split.
            XCTAssertEqual(summary.report.stages.map(\.documents), [40, 39, 39], "a failed write is counted in errors, not documents")
            XCTAssertEqual(summary.report.stages.map(\.errors), [0, 1, 0])
            let written = try JSONReader.parse(String(contentsOf: directory.appendingPathComponent("report.json"), encoding: .utf8))
            XCTAssertEqual(written["exit-code"], 1)
        }
    }

    func testTheSinkSeesDocumentsInInputOrderOnItsOwnThreadOverlappedWithTheStagesBeforeIt() async throws {
        for jobs in [1, 2] {
            SinkLog.shared.reset()
            let input = try input(count: 300)
            let (summary, output) = try await run("stages: [note-compute, blocking-sink]", input: input, jobs: jobs)
            XCTAssertEqual(summary.exitCode, 0, output.standardError)
            XCTAssertEqual(SinkLog.shared.sequences, Array(0..<300), "jobs \(jobs)")
            XCTAssertEqual(SinkLog.shared.threads, ["pipeline-sink"], "jobs \(jobs)")
            XCTAssertEqual(SinkLog.shared.overlaps, 1, "the stage before the sink took document 1 while the sink held document 0 (jobs \(jobs))")
            let ids = output.standardOutput.split(separator: "\n").map { try! JSONReader.parse(String($0))["id"]!.stringValue! }
            XCTAssertEqual(ids, (0..<300).map { "d\($0)" })
        }
    }

    func testDocumentsThatFailBeforeTheSinkKeepTheirPlace() async throws {
        // `picky` fails documents whose text contains "FAIL" before they reach the sink.
        var text = ""
        for i in 0..<30 { text += #"{"id": "d\#(i)", "text": "\#(i % 7 == 3 ? "FAIL" : "good") \#(i)"}"# + "\n" }
        let url = directory.appendingPathComponent("mixed.jsonl")
        try Data(text.utf8).write(to: url)
        let (summary, output) = try await run("stages: [picky, blocking-sink]", input: url.path, jobs: 1)
        let failing = (0..<30).filter { $0 % 7 == 3 }
        XCTAssertEqual(summary.report.items.filter { $0.status == "failed" }.map(\.id), failing.map { "d\($0)" })
        XCTAssertEqual(SinkLog.shared.sequences, (0..<30).filter { $0 % 7 != 3 })
        let ids = output.standardOutput.split(separator: "\n").map { try! JSONReader.parse(String($0))["id"]!.stringValue! }
        XCTAssertEqual(ids, (0..<30).filter { $0 % 7 != 3 }.map { "d\($0)" })
        XCTAssertEqual(output.standardError.components(separatedBy: "\n").filter { !$0.isEmpty }.count, failing.count)
    }
}
