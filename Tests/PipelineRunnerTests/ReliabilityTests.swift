import Foundation
import PipelineConfig
import PipelineKit
import XCTest

@testable import PipelineRunner

/// Regression tests for the reliability issue: every one failed before its fix.
final class ReliabilityTests: XCTestCase {
    let registry = StageRegistry([PickyStage.self, SplitStage.self, PrintStage.self, LosingStage.self])
    var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("reliability-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: directory)
    }

    func write(_ name: String, _ bytes: [UInt8]) throws -> String {
        let url = directory.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: url)
        return url.path
    }

    func write(_ name: String, _ text: String) throws -> String { try write(name, Array(text.utf8)) }

    func run(_ yaml: String, inputs: [String], jsonl: Bool = false, headers: Bool = true, report: String? = nil,
             output: (any RunOutput)? = nil) async throws -> (RunSummary, CapturedOutput) {
        let pipeline = try PipelineLoader(environment: PipelineEnvironment(stages: registry)).load(yaml: yaml, file: "test.yaml", baseDirectory: directory.path)
        var options = RunOptions()
        options.inputs = inputs
        options.jsonl = jsonl
        options.jobs = 2
        options.headers = headers
        options.reportPath = report
        let captured = CapturedOutput()
        let summary = await PipelineRunner(pipeline: pipeline, options: options, output: output ?? captured).run()
        return (summary, captured)
    }

    // MARK: 5. The JSON-lines reader is linear in line length

    func testLineReaderExaminesEachByteAboutOnce() throws {
        // One 8 MB line arrives in 128 chunks of 64 KB: the old reader searched the whole
        // buffer again after each chunk (about 128 * 4 MB = 500 MB of searching).
        let size = 8 << 20
        var bytes = [UInt8](repeating: UInt8(ascii: "x"), count: size)
        bytes.append(0x0A)
        bytes.append(contentsOf: Array("{\"text\":\"b\"}\n".utf8))
        let path = try write("long.jsonl", bytes)
        let reader = LineReader(fd: open(path, O_RDONLY), closeOnEnd: true)
        guard case .line(let first)? = reader.next() else { return XCTFail("no first line") }
        XCTAssertEqual(first.count, size)
        guard case .line(let second)? = reader.next() else { return XCTFail("no second line") }
        XCTAssertEqual(second.count, 12)
        XCTAssertNil(reader.next())
        XCTAssertLessThanOrEqual(reader.bytesExamined, 2 * (size + 14), "newline search must not restart at each chunk")
    }

    // MARK: 17, 18. Byte-order marks

    func testBOMAtTheStartOfAJSONLinesFileIsAccepted() async throws {
        let path = try write("bom.jsonl", [0xEF, 0xBB, 0xBF] + Array("{\"id\":\"a\",\"text\":\"x\"}\n{\"text\":\"y\"}\n".utf8))
        let (summary, output) = try await run("stages: [picky]", inputs: [path], jsonl: true)
        XCTAssertEqual(summary.exitCode, 0, output.standardError)
        XCTAssertEqual(output.standardOutput.split(separator: "\n").count, 2)
    }

    func testInvalidUTF8ColumnAfterABOMCountsTheFileBytes() async throws {
        // {"text":"ab<FF>"}: the bad byte is the 12th byte of the line, the 15th of the file.
        let line = Array("{\"text\":\"ab".utf8) + [0xFF] + Array("\"}\n".utf8)
        let plain = try write("plain.jsonl", line)
        let bom = try write("bom.jsonl", [0xEF, 0xBB, 0xBF] + line)
        let (_, a) = try await run("stages: [picky]", inputs: [plain], jsonl: true)
        let (_, b) = try await run("stages: [picky]", inputs: [bom], jsonl: true)
        XCTAssertTrue(a.standardError.contains("invalid UTF-8 in string (column 12)"), a.standardError)
        XCTAssertTrue(b.standardError.contains("(column 15)"), b.standardError)
    }

    func testTextModeInvalidUTF8OffsetCountsTheBOM() throws {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("ab".utf8) + [0xC3, 0x28]
        XCTAssertThrowsError(try DocumentReader.text(from: bytes)) { error in
            let message = (error as! DocumentReader.Failure).message
            XCTAssertTrue(message.contains("line 1, column 3 (byte offset 5)"), message)
        }
    }

    // MARK: 15. FIFOs and process substitution in text mode

    /// `readAll` returns every byte whatever room it started with: a file of its expected size,
    /// one larger than expected (it grew), and a pipe longer than the first buffer and the
    /// 64 KiB chunks after it.
    func testReadAllReturnsEveryByteBeyondItsFirstRoom() throws {
        let bytes = (0..<200_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let path = directory.appendingPathComponent("bytes.bin").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        XCTAssertEqual(try DocumentReader.readFile(path), bytes)
        for expected in [0, 100, bytes.count] {
            let fd = open(path, O_RDONLY)
            defer { close(fd) }
            XCTAssertEqual(try DocumentReader.readAll(fd, expected: expected), bytes, "expected \(expected)")
        }
        var ends: [Int32] = [0, 0]
        XCTAssertEqual(pipe(&ends), 0)
        let writeEnd = ends[1]
        let writer = Thread {
            let handle = FileHandle(fileDescriptor: writeEnd, closeOnDealloc: true)
            handle.write(Data(bytes))
            try? handle.close()
        }
        writer.start()
        defer { close(ends[0]) }
        XCTAssertEqual(try DocumentReader.readAll(ends[0]), bytes)
    }

    func testFIFOInputWorksInTextMode() async throws {
        let path = directory.appendingPathComponent("fifo").path
        XCTAssertEqual(mkfifo(path, 0o600), 0)
        let writer = Thread {
            let fd = open(path, O_WRONLY)
            _ = "hello from a fifo".withCString { Glibc.write(fd, $0, strlen($0)) }
            close(fd)
        }
        writer.start()
        let (summary, output) = try await run("stages: [picky]", inputs: [path])
        XCTAssertEqual(summary.exitCode, 0, output.standardError)
        XCTAssertEqual(output.standardOutput, "HELLO FROM A FIFO\n")
    }

    // MARK: 2. Failed writes to stdout fail the run

    func testFullDiskOnStdoutFailsTheRun() throws {
        let fd = open("/dev/full", O_WRONLY)
        try XCTSkipIf(fd < 0, "/dev/full is not available")
        defer { close(fd) }
        let output = StandardRunOutput(fd: fd)
        output.stdout("line\n")
        output.flush()
        XCTAssertEqual(output.stdoutFailure, "cannot write to standard output: No space left on device")
    }

    func testClosedStdoutIsReportedAndNothingElseLandsOnItsDescriptor() throws {
        let probe = open("/dev/null", O_WRONLY)
        close(probe)  // `probe` is now a closed descriptor number
        let output = StandardRunOutput(fd: probe)
        defer { close(probe) }
        // The writer parked /dev/null on it: a file opened now cannot get that number.
        XCTAssertNotEqual(fcntl(probe, F_GETFD), -1)
        output.stdout("x\n")
        output.flush()
        XCTAssertNotNil(output.stdoutFailure)
        XCTAssertTrue(output.stdoutFailure!.contains("closed"), output.stdoutFailure!)
    }

    func testRunExitsOneAndStopsWhenStdoutFails() async throws {
        // Far more lines than 10 writes (one per batch) and a full reorder window hold.
        let count = PipelineRunner.BatchLimits.maxItems * 80
        var lines = ""
        for i in 0..<count { lines += "{\"id\":\"d\(i)\",\"text\":\"t\"}\n" }
        let path = try write("many.jsonl", lines)
        let failing = FailingOutput(failAfter: 10)
        let (summary, _) = try await run("stages: [picky]", inputs: [path], jsonl: true, output: failing)
        XCTAssertEqual(summary.exitCode, 1)
        XCTAssertTrue(failing.standardError.contains("error: cannot write to standard output: No space left on device; the output is incomplete"),
                      failing.standardError)
        XCTAssertLessThan(summary.documents, count, "admission stops once stdout is gone")
    }

    // MARK: 14. Idle input flushes --jsonl output

    func testJSONLinesOutputIsFlushedWhenTheInputGoesIdle() async throws {
        var input: [Int32] = [0, 0]
        var outputPipe: [Int32] = [0, 0]
        XCTAssertEqual(pipe(&input), 0)
        XCTAssertEqual(pipe(&outputPipe), 0)
        defer { close(outputPipe[0]) }
        let writer = StandardRunOutput(fd: outputPipe[1])
        let pipeline = try PipelineLoader(environment: PipelineEnvironment(stages: registry)).load(yaml: "stages: [picky]", file: "t.yaml", baseDirectory: directory.path)
        var options = RunOptions()
        options.inputs = ["/dev/fd/\(input[0])"]
        options.jsonl = true
        let run = Task { await PipelineRunner(pipeline: pipeline, options: options, output: writer).run() }
        _ = "{\"id\":\"first\",\"text\":\"a\"}\n".withCString { Glibc.write(input[1], $0, strlen($0)) }
        // The producer now stalls. The answer must arrive anyway.
        var poller = pollfd(fd: outputPipe[0], events: Int16(POLLIN), revents: 0)
        let ready = poll(&poller, 1, 10_000)
        XCTAssertEqual(ready, 1, "no output while the input is idle")
        var buffer = [UInt8](repeating: 0, count: 4096)
        let n = read(outputPipe[0], &buffer, buffer.count)
        XCTAssertTrue(String(decoding: buffer[0..<max(n, 0)], as: UTF8.self).contains("\"id\":\"first\""))
        close(input[1])
        let summary = await run.value
        close(outputPipe[1])
        close(input[0])
        XCTAssertEqual(summary.exitCode, 0)
    }

    func testLineBufferedFlushesEveryDocument() throws {
        var p: [Int32] = [0, 0]
        XCTAssertEqual(pipe(&p), 0)
        defer { close(p[0]); close(p[1]) }
        let output = StandardRunOutput(fd: p[1], lineBuffered: true)
        output.stdout("one\n")
        var poller = pollfd(fd: p[0], events: Int16(POLLIN), revents: 0)
        XCTAssertEqual(poll(&poller, 1, 0), 1)
    }

    // MARK: Issue 13: head-style headers between inputs printed as text

    func testSeveralTextInputsGetHeadStyleHeaders() async throws {
        let a = try write("a.txt", "one")
        let b = try write("b.txt", "two")
        let (_, output) = try await run("stages: [picky]", inputs: [a, b])
        XCTAssertEqual(output.standardOutput, "==> \(a) <==\nONE\n\n==> \(b) <==\nTWO\n")
        let (_, plain) = try await run("stages: [picky]", inputs: [a, b], headers: false)
        XCTAssertEqual(plain.standardOutput, "ONE\nTWO\n")
        let (_, single) = try await run("stages: [picky]", inputs: [a])
        XCTAssertEqual(single.standardOutput, "ONE\n")
        let (_, exported) = try await run("stages: [export]", inputs: [a, b])
        XCTAssertFalse(exported.standardOutput.contains("==>"), "an export's own output gets no headers")
    }

    // MARK: 13. Ids and paths are escaped in messages

    func testIdsWithNewlinesAndEscapeCodesCannotForgeLogLines() async throws {
        let path = try write("x\nforged.txt: error: fake\u{1B}[31m.txt", "FAIL")
        let (_, output) = try await run("stages: [picky]", inputs: [path])
        let lines = output.standardError.split(separator: "\n")
        XCTAssertEqual(lines.count, 1, output.standardError)
        XCTAssertFalse(output.standardError.contains("\u{1B}"))
        XCTAssertEqual(MessageText.escaped("a\nb\u{1B}[0m\u{202E}"), "a\\nb\\u{1B}[0m\\u{202E}")
    }

    // MARK: 19. Annotation offsets from input lines are validated

    func testOutOfRangeAnnotationOffsetsFailTheDocumentClearly() async throws {
        // Input annotations were made by an earlier run's stages on the text as they received it,
        // which may have been longer ("cut", "meta"): only 0 <= start <= end can be checked.
        let path = try write("ann.jsonl", """
            {"id":"bad","text":"abc","annotations":[{"stage":"x","type":"t","start":-5,"end":99}]}
            {"id":"good","text":"abc","annotations":[{"stage":"x","type":"t","start":0,"end":3}]}
            {"id":"cut","text":"abc","annotations":[{"stage":"strip-salutations","type":"greeting","start":0,"end":20}]}
            {"id":"meta","text":"abc","metadata":{"title":"ab"},"annotations":[{"stage":"x","type":"t","start":0,"end":3,"field":"metadata.title"}]}
            {"id":"reversed","text":"abc","annotations":[{"stage":"x","type":"t","start":2,"end":1}]}

            """)
        let (summary, output) = try await run("stages: [picky]", inputs: [path], jsonl: true)
        XCTAssertEqual(summary.failed, 2)
        XCTAssertTrue(output.standardError.contains("annotation 1 (t) has offsets -5..<99 outside the text (3 Unicode scalars"), output.standardError)
        XCTAssertTrue(output.standardError.contains("annotation 1 (t) has offsets 2..<1"), output.standardError)
        for id in ["good", "cut", "meta"] { XCTAssertTrue(output.standardOutput.contains("\"id\":\"\(id)\""), id) }
        XCTAssertTrue(output.standardOutput.contains("\"id\":\"good\""))
    }

    // MARK: Dangling symlinks and loops in input folders are reported

    func testBrokenSymlinksInInputFoldersAreReported() async throws {
        _ = try write("in/a.txt", "a")
        let folder = directory.appendingPathComponent("in").path
        XCTAssertEqual(symlink(folder + "/missing.txt", folder + "/dangling.txt"), 0)
        XCTAssertEqual(symlink(folder + "/loop2.txt", folder + "/loop1.txt"), 0)
        XCTAssertEqual(symlink(folder + "/loop1.txt", folder + "/loop2.txt"), 0)
        let (summary, output) = try await run("stages: [picky]", inputs: [folder], headers: false)
        XCTAssertEqual(summary.exitCode, 1)
        XCTAssertEqual(output.standardOutput, "A\n")
        XCTAssertTrue(output.standardError.contains("dangling.txt: error: dangling symbolic link"), output.standardError)
        XCTAssertTrue(output.standardError.contains("loop1.txt: error: symbolic link loop"), output.standardError)
    }

    // MARK: 7. Documents a stage loses after accepting them are reported failed

    func testLostDocumentsAreReportedFailedInTheReport() async throws {
        let a = try write("a.txt", "one")
        let b = try write("b.txt", "two")
        let report = directory.appendingPathComponent("report.json").path
        let (summary, output) = try await run("stages: [losing]", inputs: [a, b], report: report)
        XCTAssertEqual(summary.exitCode, 1)
        XCTAssertEqual(summary.report.counts["ok"], 1)
        XCTAssertEqual(summary.report.counts["failed"], 1)
        XCTAssertEqual(summary.report.items.first { $0.id == "a" }?.status, "failed")
        XCTAssertTrue(output.standardError.contains("a: error: stage 'losing' failed after accepting the document: batch rolled back"),
                      output.standardError)
    }
}

/// Accepts every document, then at `finish` reports the document `a` lost (as a database
/// export whose last batch rolled back does).
struct LosingStage: Stage {
    struct Options: Decodable, Sendable {}
    static let spec = StageSpec(name: "losing", summary: "Test stage.")
    init(options: Options, setup: StageSetup) throws {}
    func process(_ document: Document, context: StageContext) async throws -> [Document] { [document] }
    func finish(context: StageContext) async throws {
        context.failDocuments(ids: ["a"], reason: "batch rolled back")
    }
}

/// An output whose stdout fails (as on a full disk) after `failAfter` writes.
final class FailingOutput: RunOutput, @unchecked Sendable {
    private let lock = NSLock()
    private var writes = 0
    private var err = ""
    private let failAfter: Int
    init(failAfter: Int) { self.failAfter = failAfter }
    func stdout(_ text: String) { lock.withLock { writes += 1 } }
    func stderr(_ text: String) { lock.withLock { err += text } }
    var stderrIsTerminal: Bool { false }
    var stdoutFailure: String? {
        lock.withLock { writes > failAfter ? "cannot write to standard output: No space left on device" : nil }
    }
    var standardError: String { lock.withLock { err } }
}
