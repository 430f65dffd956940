import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import PipelineConfig
import PipelineKit
@testable import PipelineRunner
import XCTest

/// A stage that finds the word "KEY-<digits>" as a `secret` finding and trips fail-on on it,
/// the way redact does, without depending on redact's detectors. With `metadata: true` it also
/// finds "KEY-" in metadata string values, as redact reports a finding in metadata (an
/// annotation with `field` `metadata.KEY` and offsets into that value; no fail-on trip).
struct GateStage: Stage {
    struct Options: Decodable, Sendable { var metadata: Bool? }
    static let spec = StageSpec(name: "gate", summary: "Finds KEY-n tokens.",
                                options: [OptionSpec("metadata", .boolean, doc: "Also find KEY- in metadata values.")], reportsFindings: true)
    let scansMetadata: Bool
    init(options: Options, setup: StageSetup) throws { scansMetadata = options.metadata ?? false }
    func process(_ document: Document, context: StageContext) async throws -> [Document] {
        var d = document
        if scansMetadata {
            for (key, value) in document.metadata.sorted(by: { $0.key < $1.key }) {
                guard let text = value.stringValue, let found = text.range(of: "KEY-") else { continue }
                let start = text.unicodeScalars.distance(from: text.startIndex, to: found.lowerBound)
                d.annotations.append(Annotation(stage: "gate", type: "secret", start: start, end: start + 4,
                                                attributes: ["field": .string("metadata.\(key)")]))
            }
        }
        let scalars = Array(document.text.unicodeScalars)
        var findings: [FailOnFinding] = []
        var i = 0
        while i + 4 <= scalars.count {
            if String(String.UnicodeScalarView(scalars[i..<(i + 4)])) == "KEY-" {
                var end = i + 4
                while end < scalars.count, ("0"..."9").contains(scalars[end]) { end += 1 }
                d.annotations.append(Annotation(stage: "gate", type: "secret", start: i, end: end))
                if findings.isEmpty { findings.append(FailOnFinding(type: "secret", count: 1, start: i, end: end)) } else { findings[0].count += 1 }
                i = end
            } else { i += 1 }
        }
        if !findings.isEmpty { context.failRun(reason: "gate found \(findings[0].count) secret in document '\(document.id)'", documentID: document.id, findings: findings) }
        return [d]
    }
}

/// Cuts a first line starting with "Hi" (as strip-salutations cuts a greeting).
struct CutGreetingStage: Stage {
    struct Options: Decodable, Sendable {}
    static let spec = StageSpec(name: "cut-greeting", summary: "Drops a 'Hi' line.")
    init(options: Options, setup: StageSetup) throws {}
    func process(_ document: Document, context: StageContext) async throws -> [Document] {
        var d = document
        if d.text.hasPrefix("Hi"), let newline = d.text.firstIndex(of: "\n") { d.text = String(d.text[d.text.index(after: newline)...]) }
        return [d]
    }
}

final class CIReportsTests: XCTestCase {
    let registry = StageRegistry([GateStage.self, CutGreetingStage.self, PickyStage.self])
    var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("ci-reports-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: directory) }

    func write(_ name: String, _ text: String) throws -> String {
        let url = directory.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url.path
    }

    func run(_ yaml: String, inputs: [String], jsonl: Bool = false, reports: [String] = [], github: Bool = false) async throws -> (RunSummary, CapturedOutput) {
        let pipeline = try PipelineLoader(environment: PipelineEnvironment(stages: registry)).load(yaml: yaml, file: "test.yaml", baseDirectory: directory.path)
        var options = RunOptions()
        options.inputs = inputs
        options.jsonl = jsonl
        options.jobs = 2
        options.reports = try reports.map { try ReportDestination(parsing: $0) }
        options.githubAnnotations = github
        options.summaryLine = true
        let output = CapturedOutput()
        let summary = await PipelineRunner(pipeline: pipeline, options: options, output: output).run()
        return (summary, output)
    }

    func testFailOnTripsPointAtTheLineAndColumnOfTheInputEvenAfterAnEarlierStageCutText() async throws {
        let file = try write("mail.txt", "Hi Anna,\nnothing here\nthe key is KEY-1234 today\n")
        let (summary, output) = try await run("stages: [cut-greeting, gate]", inputs: [file], reports: [directory.appendingPathComponent("r.json").path])
        XCTAssertEqual(summary.exitCode, 1)
        let trip = try XCTUnwrap(summary.report.failOn.first)
        XCTAssertEqual(trip.type, "secret")
        XCTAssertEqual(trip.source, file)
        XCTAssertEqual(trip.document, "mail")
        XCTAssertEqual(trip.position?.line, 3)
        XCTAssertEqual(trip.position?.column, 12)
        XCTAssertTrue(output.standardError.contains("\(file):3:12: error: gate found 1 secret in document 'mail' (fail-on, stage 'gate')"), output.standardError)
        let json = try JSONReader.parse(String(contentsOfFile: directory.appendingPathComponent("r.json").path, encoding: .utf8))
        let entry = try XCTUnwrap(json.objectValue?["fail-on"]?.arrayValue?.first?.objectValue)
        XCTAssertEqual(entry["line"], .int(3))
        XCTAssertEqual(entry["column"], .int(12))
        XCTAssertEqual(entry["type"], .string("secret"))
        XCTAssertEqual(entry["source"], .string(file))
        XCTAssertEqual(entry["document"], .string("mail"))
        XCTAssertEqual(entry["stage"], .string("gate"))
        // The summary line ends the run.
        XCTAssertTrue(output.standardError.hasSuffix("1 ok, 0 failed, 0 skipped in " + output.standardError.components(separatedBy: "1 ok, 0 failed, 0 skipped in ").last!))
        XCTAssertTrue(output.standardError.contains("1 fail-on trip"))
    }

    func testSARIFHasOneResultPerFindingAndTripWithoutTheValue() async throws {
        let file = try write("a.txt", "KEY-1 and\nKEY-22\n")
        let sarif = directory.appendingPathComponent("out.sarif").path
        let (_, _) = try await run("stages: [gate]", inputs: [file], reports: [sarif])
        let text = try String(contentsOfFile: sarif, encoding: .utf8)
        XCTAssertFalse(text.contains("KEY-"))
        let log = try JSONReader.parse(text).objectValue!
        XCTAssertEqual(log["version"], .string("2.1.0"))
        let run = log["runs"]!.arrayValue![0].objectValue!
        XCTAssertEqual(run["columnKind"], .string("unicodeCodePoints"))
        let results = run["results"]!.arrayValue!
        XCTAssertEqual(results.count, 3) // two findings + one fail-on trip
        let second = results[1].objectValue!
        XCTAssertEqual(second["ruleId"], .string("secret"))
        XCTAssertEqual(second["level"], .string("error"))
        let region = second["locations"]!.arrayValue![0].objectValue!["physicalLocation"]!.objectValue!["region"]!.objectValue!
        XCTAssertEqual(region["startLine"], .int(2))
        XCTAssertEqual(region["startColumn"], .int(1))
        XCTAssertEqual(region["endColumn"], .int(7))
        for r in results { XCTAssertNil(r.objectValue!["fingerprints"]); XCTAssertNil(r.objectValue!["partialFingerprints"]) }
    }

    func testJSONLinesFindingsPointAtTheRecordLine() async throws {
        let file = try write("in.jsonl", "{\"id\":\"a\",\"text\":\"clean\"}\n\n{\"id\":\"b\",\"text\":\"x KEY-9\"}\n")
        let (summary, output) = try await run("stages: [gate]", inputs: [file], jsonl: true, reports: ["sarif:" + directory.appendingPathComponent("j.sarif").path], github: true)
        XCTAssertEqual(summary.report.failOn.first?.position?.line, 3)
        XCTAssertNil(summary.report.failOn.first?.position?.column)
        XCTAssertTrue(output.standardError.contains("::error file=\(GitHubWorkflowCommands.escapeProperty(file)),line=3,title="), output.standardError)
        let log = try JSONReader.parse(String(contentsOfFile: directory.appendingPathComponent("j.sarif").path, encoding: .utf8))
        let region = log.objectValue!["runs"]!.arrayValue![0].objectValue!["results"]!.arrayValue![0].objectValue!["locations"]!.arrayValue![0]
            .objectValue!["physicalLocation"]!.objectValue!["region"]!.objectValue!
        XCTAssertEqual(region["startLine"], .int(3))
        XCTAssertNil(region["startColumn"])
        // The finding itself is at the record's line, not at a line and column of its text.
        let finding = summary.report.items.first { $0.id == "b" }?.findings.first
        XCTAssertEqual(finding?.position, SourcePosition(line: 3, column: nil, endLine: 3, endColumn: nil))
    }

    /// A finding in a record's metadata is at the record's line too, as a fail-on trip on it is;
    /// in a file, metadata has no line or column.
    func testMetadataFindingsInARecordPointAtTheRecordLine() async throws {
        let file = try write("meta.jsonl", "{\"id\":\"a\",\"text\":\"clean\"}\n{\"id\":\"b\",\"text\":\"clean\",\"metadata\":{\"from\":\"x KEY-1\"}}\n")
        let (summary, _) = try await run("stages: [{gate: {metadata: true}}]", inputs: [file], jsonl: true, reports: ["sarif:" + directory.appendingPathComponent("m.sarif").path])
        let finding = summary.report.items.first { $0.id == "b" }?.findings.first
        XCTAssertEqual(finding?.field, "metadata.from")
        XCTAssertEqual(finding?.position, SourcePosition(line: 2, column: nil, endLine: 2, endColumn: nil))
    }

    func testJUnitHasOneTestcasePerDocumentAndFailuresWithoutText() async throws {
        let bad = try write("bad.txt", "please FAIL on this secret text")
        let leak = try write("leak.txt", "KEY-77")
        let ok = try write("ok.txt", "fine")
        let xml = directory.appendingPathComponent("r.xml").path
        let (_, _) = try await run("stages: [picky, gate]", inputs: [bad, leak, ok], reports: [xml])
        let text = try String(contentsOfFile: xml, encoding: .utf8)
        XCTAssertEqual(text.components(separatedBy: "<testcase ").count - 1, 3)
        XCTAssertEqual(text.components(separatedBy: "<failure ").count - 1, 2)
        XCTAssertFalse(text.contains("secret text"))
        XCTAssertFalse(text.contains("KEY-77"))
        XCTAssertTrue(text.contains("<testsuite name=\"test\" tests=\"3\" failures=\"2\""), text)
        let parsed = try XMLDocument(xmlString: text)
        XCTAssertEqual(try parsed.nodes(forXPath: "//testcase").count, 3)
    }

    func testMarkdownSummaryAndGitHubStepSummary() async throws {
        let file = try write("leak.txt", "x | KEY-1")
        let summary = directory.appendingPathComponent("summary.md").path
        try Data("previous step\n".utf8).write(to: URL(fileURLWithPath: summary))
        let pipeline = try PipelineLoader(environment: PipelineEnvironment(stages: registry)).load(yaml: "stages: [gate]", file: "test.yaml", baseDirectory: directory.path)
        var options = RunOptions()
        options.inputs = [file]
        options.stepSummaryPath = summary
        options.githubAnnotations = true
        let output = CapturedOutput()
        _ = await PipelineRunner(pipeline: pipeline, options: options, output: output).run()
        let text = try String(contentsOfFile: summary, encoding: .utf8)
        XCTAssertTrue(text.hasPrefix("previous step\n## pipeline `test`: failed (exit 1)"), text)
        XCTAssertTrue(text.contains("| gate | 1 | 0 |"))
        XCTAssertTrue(text.contains("### Fail-on trips"))
        XCTAssertTrue(text.contains("leak.txt:1:5"))
        XCTAssertFalse(text.contains("KEY-1"))
        XCTAssertTrue(output.standardError.contains("::error file="), output.standardError)
    }

    func testWorkflowCommandEscaping() {
        XCTAssertEqual(GitHubWorkflowCommands.escapeData("50% done\r\nnext"), "50%25 done%0D%0Anext")
        XCTAssertEqual(GitHubWorkflowCommands.escapeProperty("a,b:c%"), "a%2Cb%3Ac%25")
        let line = GitHubWorkflowCommands.command("error", file: "./in,1.txt", position: SourcePosition(line: 2, column: 3, endLine: 2, endColumn: 9),
                                                  title: "t: x", message: "bad\nthing")
        XCTAssertEqual(line, "::error file=in%2C1.txt,line=2,col=3,endColumn=9,title=t%3A x::bad%0Athing")
    }

    func testReportDestinations() throws {
        XCTAssertEqual(try ReportDestination(parsing: "out/run.sarif").format.name, "sarif")
        XCTAssertEqual(try ReportDestination(parsing: "out/run.xml").format.name, "junit")
        XCTAssertEqual(try ReportDestination(parsing: "junit:out/run.txt").format.name, "junit")
        XCTAssertEqual(try ReportDestination(parsing: "summary.md").format.name, "md")
        XCTAssertEqual(try ReportDestination(parsing: "-").path, "-")
        XCTAssertEqual(try ReportDestination(parsing: "sarif:-").isStandardOutput, true)
        XCTAssertEqual(try ReportDestination(parsing: "/dev/stdout").format.name, "json")
        // The standard names mean the descriptors whatever the file system holds at those paths.
        XCTAssertEqual(ReportFile.standardDescriptor(for: "/dev/stdout"), 1)
        XCTAssertEqual(ReportFile.standardDescriptor(for: "/dev/fd/2"), 2)
        XCTAssertNil(ReportFile.standardDescriptor(for: directory.appendingPathComponent("stdout").path))
        XCTAssertThrowsError(try ReportDestination(parsing: "run.pdf"))
        XCTAssertThrowsError(try ReportDestination(parsing: directory.path)) { error in
            XCTAssertTrue("\(error)".contains("is a directory"))
        }
        XCTAssertThrowsError(try ReportDestination(parsing: directory.path + "/missing/run.json").checkWritable())
    }

    func testReportFileFollowsSymlinksAndNeverReplacesThem() throws {
        let target = try write("real.json", "old")
        let link = directory.appendingPathComponent("link.json").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target)
        try ReportFile.write(Array("new".utf8), to: link)
        XCTAssertEqual(try FileManager.default.destinationOfSymbolicLink(atPath: link), target)
        XCTAssertEqual(try String(contentsOfFile: target, encoding: .utf8), "new")
        // A dangling link creates its target.
        let dangling = directory.appendingPathComponent("dangling.json").path
        let missing = directory.appendingPathComponent("made.json").path
        try FileManager.default.createSymbolicLink(atPath: dangling, withDestinationPath: missing)
        try ReportFile.write(Array("x".utf8), to: dangling)
        XCTAssertEqual(try String(contentsOfFile: missing, encoding: .utf8), "x")
        // A device is written to, not replaced.
        try ReportFile.write(Array("x".utf8), to: "/dev/null")
        var info = stat()
        XCTAssertEqual(stat("/dev/null", &info), 0)
        XCTAssertEqual(info.st_mode & S_IFMT, S_IFCHR)
        // No temporary files are left behind.
        XCTAssertFalse(try FileManager.default.contentsOfDirectory(atPath: directory.path).contains { $0.contains(".tmp-") })
    }

    func testInputSelection() {
        XCTAssertEqual(InputSelection.inputs(arguments: ["a.txt"], pipelineInputs: ["b.txt"], standardInput: .data), ["a.txt"])
        XCTAssertEqual(InputSelection.inputs(arguments: [], pipelineInputs: ["b.txt"], standardInput: .data), ["-"])
        XCTAssertEqual(InputSelection.inputs(arguments: [], pipelineInputs: ["b.txt"], standardInput: .none), ["b.txt"])
        XCTAssertNil(InputSelection.inputs(arguments: [], pipelineInputs: [], standardInput: .none))
        XCTAssertTrue(InputSelection.noInputMessage(pipeline: "p.yaml").contains("< in.txt"))
    }

    func testSummaryAndProgressLines() {
        var report = RunReport(pipeline: "p", file: "p.yaml", started: "", stages: [RunReport.StageTotals(id: "s", name: "s")])
        report.counts = ["ok": 1204, "failed": 3]
        report.seconds = 2.1
        report.stages[0].bytesIn = 79_800_000
        XCTAssertEqual(RunSummaryLine.render(report), "1,204 ok, 3 failed, 0 skipped in 2.10 s, 38 MB/s")
        XCTAssertEqual(ProgressLine.render(done: 50, total: 200, failed: 1, elapsed: 5), "\r\u{1B}[K[50/200 done, 1 failed, 10 docs/s, ETA 15 s]")
        XCTAssertEqual(ProgressLine.render(done: 10, total: nil, failed: 0, elapsed: 1), "\r\u{1B}[K[10 done, 10 docs/s]")
    }

    func testTextLocatorMapsLinesThroughAnEarlierCut() {
        var locator = TextLocator(original: "Hi,\n\nline one\nline two x\n")
        let p = locator.position(start: 18, end: 19, in: "line one\nline two x\n")
        XCTAssertEqual(p.line, 4)
        XCTAssertEqual(p.column, 10)
        var unchanged = TextLocator(original: "ab\ncd")
        let same = unchanged.position(start: 3, end: 5, in: "ab\ncd")
        XCTAssertEqual(same, SourcePosition(line: 2, column: 1, endLine: 2, endColumn: 3))
    }

    /// CR LF line ends: each line is found in the original as with LF alone (a `Character`
    /// split kept CR LF inside one line, and the finding lost its original line).
    func testTextLocatorMapsCRLFLinesThroughAnEarlierCut() {
        var locator = TextLocator(original: "Hi,\r\n\r\nline one\r\nline two x\r\n")
        let p = locator.position(start: 19, end: 20, in: "line one\r\nline two x\r\n")
        XCTAssertEqual(p, SourcePosition(line: 4, column: 10, endLine: 4, endColumn: 11))
    }

    /// The lines of a stage input whose first line was cut are found one below, the first
    /// lookups by comparing lines in order and the rest through the index made after
    /// `linesComparedBeforeIndex` of them; a line that is in the original twice is found at its
    /// first place either way.
    func testTextLocatorFindsManyLinesBeforeAndAfterItsIndex() {
        let body = (1...20).map { "line \($0) x" } + ["twice x", "twice x"]
        let original = (["Hi,"] + body).joined(separator: "\n")
        var locator = TextLocator(original: original)
        let stageInput = body.joined(separator: "\n")
        var map = locator.map(for: stageInput)
        var offset = 0
        for (index, line) in body.enumerated() {
            let x = offset + line.count - 1
            let expectedLine = line == "twice x" ? 22 : index + 2
            XCTAssertEqual(map.position(start: x, end: x + 1, locator: &locator),
                           SourcePosition(line: expectedLine, column: line.count, endLine: expectedLine, endColumn: line.count + 1), line)
            offset += line.count + 1
        }
        XCTAssertGreaterThan(body.count, TextLocator.linesComparedBeforeIndex)
    }

    /// A line of non-ASCII letters is found by its bytes, its column counted in scalars.
    func testTextLocatorFindsNonASCIILines() {
        var locator = TextLocator(original: "Bonjour,\nCaf\u{E9} cr\u{E8}me x\n")
        XCTAssertEqual(locator.position(start: 11, end: 12, in: "Caf\u{E9} cr\u{E8}me x\n"),
                       SourcePosition(line: 2, column: 12, endLine: 2, endColumn: 13))
    }

    /// A stage that hands back its input in another normalization form (here NFC of an NFD
    /// line, after a greeting was cut): the line is not found by its bytes, then is as Swift
    /// compares strings, and its columns count the original line's scalars (`x` is the 12th
    /// scalar of the NFC line, the 14th of the NFD one); an ASCII line that is nowhere in the
    /// original keeps its own place and columns.
    func testTextLocatorFindsALineInAnotherNormalizationForm() {
        var locator = TextLocator(original: "Bonjour,\n\nCafe\u{301} cre\u{300}me x\n")
        XCTAssertEqual(locator.position(start: 11, end: 12, in: "Caf\u{E9} cr\u{E8}me x\n"),
                       SourcePosition(line: 3, column: 14, endLine: 3, endColumn: 15))
        XCTAssertEqual(locator.position(start: 11, end: 12, in: "Caf\u{E9} cr\u{E8}me x\nnew line y\n"),
                       SourcePosition(line: 3, column: 14, endLine: 3, endColumn: 15))
        XCTAssertEqual(locator.position(start: 22, end: 23, in: "Caf\u{E9} cr\u{E8}me x\nnew line y\n"),
                       SourcePosition(line: 2, column: 10, endLine: 2, endColumn: 11))
    }

    /// Columns between canonically equivalent lines: a character's start maps to its start, a
    /// scalar inside a character moves at most to the other character's last, the line's end
    /// to the other's end; lines of different characters have no map.
    func testColumnMapBetweenNormalizationForms() throws {
        let nfcToNFD = try XCTUnwrap(ColumnMap(from: "\u{E9}t\u{E9} x", to: "e\u{301}te\u{301} x"))
        XCTAssertEqual([1, 2, 3, 4, 5, 6].map(nfcToNFD.originalColumn), [1, 3, 4, 6, 7, 8])
        let nfdToNFC = try XCTUnwrap(ColumnMap(from: "e\u{301}t", to: "\u{E9}t"))
        XCTAssertEqual([1, 2, 3, 4].map(nfdToNFC.originalColumn), [1, 1, 2, 3])
        XCTAssertNil(ColumnMap(from: "ab", to: "abc"))
    }

    func testUnifiedDiff() {
        XCTAssertEqual(UnifiedDiff.render(expected: "a", actual: "a"), "")
        let diff = UnifiedDiff.render(expected: "one\ntwo\nthree", actual: "one\n2\nthree")
        XCTAssertEqual(diff, "--- expected\n+++ actual\n@@ -1,3 +1,3 @@\n one\n-two\n+2\n three\n")
    }
}
