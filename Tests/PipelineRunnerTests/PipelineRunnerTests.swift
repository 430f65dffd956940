import Foundation
import PipelineConfig
import PipelineKit
import XCTest

@testable import PipelineRunner

/// Fails documents whose text contains "FAIL"; sleeps a little on documents containing "slow".
struct PickyStage: Stage {
    struct Options: Decodable, Sendable {}
    static let spec = StageSpec(name: "picky", summary: "Test stage.")
    init(options: Options, setup: StageSetup) throws {}
    func process(_ document: Document, context: StageContext) async throws -> [Document] {
        if document.text.contains("slow") { try await Task.sleep(for: .milliseconds(30)) }
        if document.text.contains("FAIL") { throw StageError("refused this document") }
        var d = document
        d.text = d.text.uppercased()
        d.annotations.append(Annotation(stage: "picky", type: "upper", start: 0, end: 1))
        return [d]
    }
}

/// Splits a document into one per line; drops documents with text "drop".
struct SplitStage: Stage {
    struct Options: Decodable, Sendable {}
    static let spec = StageSpec(name: "split", summary: "Test stage.")
    init(options: Options, setup: StageSetup) throws {}
    func process(_ document: Document, context: StageContext) async throws -> [Document] {
        if document.text == "drop" { return [] }
        return document.text.split(separator: "\n").enumerated().map { i, line in
            Document(id: "\(document.id)#\(i)", text: String(line), metadata: document.metadata)
        }
    }
}

/// Writes a CSV-like header and one row per document, as the export stage does for CSV.
struct TableStage: Stage {
    struct Options: Decodable, Sendable {}
    static let spec = StageSpec(name: "table", summary: "Test stage.")
    init(options: Options, setup: StageSetup) throws {}
    func process(_ document: Document, context: StageContext) async throws -> [Document] {
        // The event a sink's `writeStdoutHeader` sends: the runner orders headers for any stage.
        context.events.emit(.stdoutHeader(stage: context.stageID, text: "id\n"))
        context.writeStdout(document.id + "\n")
        return [document]
    }
}

/// Writes each document to stdout like an export stage would, and trips fail-run on "leak".
struct PrintStage: Sink {
    struct Options: Decodable, Sendable {}
    static let spec = StageSpec(name: "export", role: .sink, summary: "Test export.")
    init(options: Options, setup: StageSetup) throws {}
    func write(_ document: Document, context: SinkContext) async throws -> [Document] {
        if context.stdoutReserved { context.note("stdout carries JSON lines; skipped") } else { context.writeStdout("<\(document.id)>\n") }
        if document.text.contains("leak") { context.failRun(reason: "found a leak") }
        return [document]
    }
    func finish(context: SinkContext) async throws { context.writeStdout("<end>\n") }
}

/// A custom sink under a name the runner has never heard of: it collects ids and prints one
/// line per run with the run's date; the runner knows it by its role alone.
struct DeliverStage: Sink {
    struct Options: Decodable, Sendable {}
    static let spec = StageSpec(name: "deliver", role: .sink, summary: "Test sink.")
    let delivered = LockedValue<[String]>([])
    init(options: Options, setup: StageSetup) throws {}
    func write(_ document: Document, context: SinkContext) async throws -> [Document] {
        delivered.withLock { $0.append(document.id) }
        return [document]
    }
    func finish(context: SinkContext) async throws {
        let ids = delivered.withLock { list in defer { list = [] }; return list.sorted() }
        let line = "delivered \(ids.joined(separator: ",")) on \(context.runDate)"
        if context.stdoutReserved { context.note(line + " (stdout reserved)") } else { context.writeStdout(line + "\n") }
    }
}

/// A transform whose name sounds like a sink: not one, so the runner prints text.
struct NamedLikeASinkStage: Stage {
    struct Options: Decodable, Sendable {}
    static let spec = StageSpec(name: "export-like", summary: "Test transform.")
    init(options: Options, setup: StageSetup) throws {}
    func process(_ document: Document, context: StageContext) async throws -> [Document] { [document] }
}

final class CapturedOutput: RunOutput, @unchecked Sendable {
    private let lock = NSLock()
    private var out = ""
    private var err = ""
    func stdout(_ text: String) { lock.lock(); out += text; lock.unlock() }
    func stderr(_ text: String) { lock.lock(); err += text; lock.unlock() }
    var stderrIsTerminal: Bool { false }
    var standardOutput: String { lock.lock(); defer { lock.unlock() }; return out }
    var standardError: String { lock.lock(); defer { lock.unlock() }; return err }
}

final class PipelineRunnerTests: XCTestCase {
    let registry = StageRegistry([PickyStage.self, SplitStage.self, PrintStage.self, TableStage.self, DeliverStage.self, NamedLikeASinkStage.self])
    var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("runner-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: directory)
    }

    func write(_ name: String, _ text: String) throws -> String {
        let url = directory.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
        return url.path
    }

    /// Runs without `==> PATH <==` headers (ReliabilityTests covers them), so outputs compare plainly.
    func run(_ yaml: String, inputs: [String], jsonl: Bool = false, jobs: Int = 2, report: String? = nil) async throws -> (RunSummary, CapturedOutput) {
        let pipeline = try PipelineLoader(environment: PipelineEnvironment(stages: registry)).load(yaml: yaml, file: "test.yaml", baseDirectory: directory.path)
        var options = RunOptions()
        options.headers = false
        options.inputs = inputs
        options.jsonl = jsonl
        options.jobs = jobs
        options.reportPath = report
        let output = CapturedOutput()
        let summary = await PipelineRunner(pipeline: pipeline, options: options, output: output).run()
        return (summary, output)
    }

    func testDirectoryInputsAreSortedAndRecursive() throws {
        _ = try write("b.txt", "b")
        _ = try write("a/z.txt", "z")
        _ = try write("a/c.md", "c")
        _ = try write(".hidden", "h")
        let sources = InputExpander.expand([directory.path])
        XCTAssertEqual(sources, [
            .file(path: directory.path + "/a/c.md", id: "a/c"),
            .file(path: directory.path + "/a/z.txt", id: "a/z"),
            .file(path: directory.path + "/b.txt", id: "b"),
        ])
        XCTAssertEqual(InputExpander.expand([directory.path + "/**/*.txt"]).count, 2)
        XCTAssertEqual(InputExpander.expand([directory.path + "/*.txt"]), [.file(path: directory.path + "/b.txt", id: "b")])
        XCTAssertEqual(InputExpander.expand(["/no/such/path"]), [.unusable(argument: "/no/such/path", message: "no such file or directory")])
    }

    /// A folder's listing: a link to a file is a file, a link to a folder is neither listed
    /// nor followed, a hidden folder is not read, a named pipe is skipped, and the rest is in
    /// byte order (upper case before lower case, non-ASCII last).
    func testDirectoryInputsFollowLinksToFilesOnly() throws {
        let outside = directory.appendingPathComponent("outside").path
        try FileManager.default.createDirectory(atPath: outside, withIntermediateDirectories: true)
        try Data("o".utf8).write(to: URL(fileURLWithPath: outside + "/o.txt"))
        let root = directory.appendingPathComponent("in").path
        _ = try write("in/sub/b.txt", "b")
        _ = try write("in/sub/B.txt", "B")
        _ = try write("in/sub/\u{E9}.txt", "e")
        _ = try write("in/.hidden/h.txt", "h")
        try FileManager.default.createSymbolicLink(atPath: root + "/linked-folder", withDestinationPath: outside)
        try FileManager.default.createSymbolicLink(atPath: root + "/linked.txt", withDestinationPath: outside + "/o.txt")
        XCTAssertEqual(mkfifo(root + "/pipe", 0o600), 0)
        XCTAssertEqual(InputExpander.expand([root]).map { source -> String in
            if case .file(_, let id) = source { return id }
            return "?"
        }, ["linked", "sub/B", "sub/b", "sub/\u{E9}"])
    }

    func testTextModePrintsFinalTextInInputOrderAndFailuresContinue() async throws {
        let slow = try write("1.txt", "slow first")
        let bad = try write("2.txt", "FAIL me")
        let fast = try write("3.txt", "third")
        let reportPath = directory.appendingPathComponent("report.json").path
        let (summary, output) = try await run("stages: [picky]", inputs: [slow, bad, fast], report: reportPath)
        XCTAssertEqual(summary.exitCode, 1)
        XCTAssertEqual(output.standardOutput, "SLOW FIRST\nTHIRD\n")
        XCTAssertEqual(output.standardError, "\(bad): error: stage 'picky' failed: refused this document\n")
        let report = try JSONReader.parse(String(contentsOfFile: reportPath, encoding: .utf8))
        XCTAssertEqual(report["documents"]?["failed"], 1)
        XCTAssertEqual(report["documents"]?["ok"], 2)
        XCTAssertEqual(report["stages"]?.arrayValue?.first?["annotations"], ["upper": 2])
        XCTAssertEqual(report["items"]?.arrayValue?[1]["status"], "failed")
        // The report never holds document text.
        XCTAssertFalse(try String(contentsOfFile: reportPath, encoding: .utf8).contains("third"))
    }

    func testOnErrorSkipAndKeep() async throws {
        let bad = try write("bad.txt", "FAIL")
        let (skipped, out1) = try await run("stages:\n  - picky:\n    on-error: skip\n", inputs: [bad])
        XCTAssertEqual(skipped.exitCode, 0)
        XCTAssertEqual(out1.standardOutput, "")
        XCTAssertTrue(out1.standardError.contains("warning: stage 'picky' failed: refused this document (on-error: skip, document dropped)"))
        let (kept, out2) = try await run("stages:\n  - picky:\n    on-error: keep\n", inputs: [bad])
        XCTAssertEqual(kept.exitCode, 0)
        XCTAssertEqual(out2.standardOutput, "FAIL\n")
    }

    func testJSONLinesKeepOrderWithManyJobsAndReportBadLines() async throws {
        var lines: [String] = []
        for i in 0..<200 {
            let text = i % 7 == 0 ? "slow \(i)" : "doc \(i)"
            lines.append(Document(id: "d\(i)", text: text).jsonLine())
        }
        lines.insert("{\"text\": 5}", at: 50)
        lines.insert("not json", at: 100)
        lines.insert("", at: 10)
        let path = try write("in.jsonl", lines.joined(separator: "\n") + "\n")
        let (summary, output) = try await run("stages: [picky]", inputs: [path], jsonl: true, jobs: 4)
        XCTAssertEqual(summary.exitCode, 1)
        XCTAssertEqual(summary.failed, 2)
        let ids = try output.standardOutput.split(separator: "\n").map { try JSONReader.parse(String($0))["id"]!.stringValue! }
        XCTAssertEqual(ids, (0..<200).map { "d\($0)" })
        XCTAssertEqual(output.standardError, """
            \(path):52: error: not a document: field 'text' must be a string, found integer; expected {"id"?: string, "text": string, "metadata"?: object}
            \(path):102: error: invalid JSON: invalid literal (column 1)

            """)
    }

    func testSplitDropStdoutOrderFinishAndFailRun() async throws {
        let a = try write("a.txt", "one\ntwo")
        let b = try write("b.txt", "drop")
        let c = try write("c.txt", "leak")
        let (summary, output) = try await run("stages: [split, export]", inputs: [a, b, c])
        XCTAssertEqual(output.standardOutput, "<a#0>\n<a#1>\n<c#0>\n<end>\n")
        XCTAssertEqual(summary.exitCode, 1, "fail-run trips exit 1")
        XCTAssertEqual(summary.report.failRun.map(\.reason), ["found a leak"])
        // In JSON-lines mode the export note is printed once, and stdout holds only JSON.
        let j = try write("in.jsonl", "{\"text\":\"x\"}\n{\"text\":\"y\"}\n")
        let (_, out2) = try await run("stages: [export]", inputs: [j], jsonl: true)
        XCTAssertEqual(out2.standardError, "note: stage 'export': stdout carries JSON lines; skipped\n")
        XCTAssertEqual(out2.standardOutput.split(separator: "\n").count, 2)
    }

    func testTheRunnerKnowsASinkByItsRoleNotItsName() async throws {
        let a = try write("a.txt", "alpha")
        let b = try write("b.txt", "beta")
        // A sink named 'deliver': no document text on stdout, only what the sink prints, with
        // the run's date from its SinkContext.
        let today = SinkRun.today()
        let (summary, output) = try await run("stages: [deliver]", inputs: [a, b])
        XCTAssertEqual(summary.exitCode, 0)
        XCTAssertEqual(output.standardOutput, "delivered a,b on \(today)\n")
        // With --jsonl the sink is told stdout is reserved, and stdout holds only the JSON lines.
        let j = try write("in.jsonl", "{\"id\":\"x\",\"text\":\"x\"}\n")
        let (_, jsonl) = try await run("stages: [deliver]", inputs: [j], jsonl: true)
        XCTAssertEqual(jsonl.standardError, "note: stage 'deliver': delivered x on \(today) (stdout reserved)\n")
        XCTAssertEqual(jsonl.standardOutput.split(separator: "\n").count, 1)
        // A transform whose name sounds like a sink is a transform: the text is printed.
        let (_, plain) = try await run("stages: [export-like]", inputs: [a, b])
        XCTAssertEqual(plain.standardOutput, "alpha\nbeta\n")
    }

    func testAStdoutHeaderIsPrintedOnceEvenWhenTheFirstDocumentFailsOrSplits() async throws {
        let bad = try write("1.txt", "FAIL")
        let split = try write("2.txt", "one\ntwo")
        let last = try write("3.txt", "three")
        let yaml = "stages:\n  - split\n  - picky:\n    on-error: fail\n  - table\n"
        let (_, output) = try await run(yaml, inputs: [bad, split, last], jobs: 3)
        // (No export stage, so the final texts are printed after each input's stage output.)
        XCTAssertEqual(output.standardOutput, "id\n2#0\n2#1\nONE\nTWO\n3#0\nTHREE\n")
    }

    func testBadInputsAreClearPerDocumentErrors() async throws {
        let empty = try write("empty.txt", "")
        let latin = directory.appendingPathComponent("latin1.txt")
        try Data([0x63, 0x61, 0x66, 0x0A, 0x63, 0x61, 0x66, 0xE9, 0x21]).write(to: latin)
        let good = try write("good.txt", "fine")
        let (summary, output) = try await run("stages: [picky]", inputs: [empty, latin.path, good, directory.path + "/missing.txt"])
        XCTAssertEqual(summary.exitCode, 1)
        XCTAssertEqual(output.standardOutput, "FINE\n")
        XCTAssertEqual(output.standardError, """
            \(empty): error: empty input: there is no text to process
            \(latin.path): error: not valid UTF-8: bad byte at line 2, column 4 (byte offset 7); convert the file to UTF-8 (e.g. iconv -f LATIN1 -t UTF-8)
            \(directory.path)/missing.txt: error: no such file or directory

            """)
    }

    func testCRLFAndByteOrderMarkAreNormalized() async throws {
        let path = directory.appendingPathComponent("win.txt")
        try Data([0xEF, 0xBB, 0xBF] + Array("a\r\nb\r\n".utf8)).write(to: path)
        let (_, output) = try await run("stages: [picky]", inputs: [path.path])
        XCTAssertEqual(output.standardOutput, "A\nB\n")
    }

    func testWhenConditionSkipsTheStage() async throws {
        let j = try write("in.jsonl", "{\"text\":\"a\",\"metadata\":{\"language\":\"fr\"}}\n{\"text\":\"b\"}\n")
        let (_, output) = try await run("stages:\n  - picky:\n    when: metadata.language == 'fr'\n", inputs: [j], jsonl: true)
        let texts = try output.standardOutput.split(separator: "\n").map { try JSONReader.parse(String($0))["text"]! }
        XCTAssertEqual(texts, ["A", "b"])
    }

    func testLineReaderHandlesChunkBoundariesAndLongLines() throws {
        var text = ""
        for i in 0..<5000 { text += String(repeating: "x", count: i % 97) + "\n" }
        text += "last-without-newline"
        let path = try write("lines.txt", text)
        let reader = LineReader(fd: open(path, O_RDONLY), closeOnEnd: true, maxLineBytes: 50)
        var count = 0
        var tooLong = 0
        while let line = reader.next() {
            switch line {
            case .line(let bytes): count += 1; XCTAssertLessThanOrEqual(bytes.count, 50)
            case .tooLong: tooLong += 1
            case .wouldBlock: XCTFail("a blocking read never returns wouldBlock")
            }
        }
        XCTAssertEqual(count + tooLong, 5001)
        XCTAssertGreaterThan(tooLong, 0)
    }
}
