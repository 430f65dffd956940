import Foundation
import PipelineKit
import XCTest

/// Runs the built `pipeline` binary the way a user or a CI job does.
final class EndToEndTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The `pipeline` executable built beside this test bundle.
    static var binary: URL {
        let besideTests = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("pipeline")
        if FileManager.default.isExecutableFile(atPath: besideTests.path) { return besideTests }
        return root.appendingPathComponent(".build/debug/pipeline")
    }

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    var scratch: URL!

    override func setUpWithError() throws {
        scratch = FileManager.default.temporaryDirectory.appendingPathComponent("e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: scratch) }

    @discardableResult
    func pipeline(_ arguments: [String], stdin: String? = nil, environment: [String: String] = [:]) throws -> Result {
        let process = Process()
        process.executableURL = Self.binary
        process.arguments = arguments
        process.currentDirectoryURL = Self.root
        var env = ProcessInfo.processInfo.environment
        for (k, v) in environment { env[k] = v }
        process.environment = env
        let out = Pipe(), err = Pipe(), input = Pipe()
        process.standardOutput = out
        process.standardError = err
        // No stdin given: /dev/null, as from a terminal-less job; a pipe would be read as input.
        process.standardInput = stdin == nil ? FileHandle.nullDevice : input
        try process.run()
        // Read both pipes while the process runs, so a large output cannot block it.
        nonisolated(unsafe) var outData = Data()
        nonisolated(unsafe) var errData = Data()
        let group = DispatchGroup()
        DispatchQueue.global().async(group: group) { outData = out.fileHandleForReading.readDataToEndOfFile() }
        DispatchQueue.global().async(group: group) { errData = err.fileHandleForReading.readDataToEndOfFile() }
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
        process.waitUntilExit()
        group.wait()
        return Result(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self), stderr: String(decoding: errData, as: UTF8.self))
    }

    func write(_ name: String, _ text: String) throws -> String {
        let url = scratch.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url.path
    }

    func testBriefOnTheBundledSampleMatchesTheGoldenFile() throws {
        let r = try pipeline(["run", "pipelines/brief.yaml"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let golden = Self.root.appendingPathComponent("Tests/EndToEndTests/Golden/brief.md")
        if ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] == "1" {
            try Data(r.stdout.utf8).write(to: golden)
        }
        XCTAssertEqual(r.stdout, try String(contentsOf: golden, encoding: .utf8))
        // What the brief must never show: the courtesy wrapper and the people's names.
        for leaked in ["Assalamualaikum", "Wa alaikum assalam", "May Allah", "Abdul Hameed Jalili", "Abdul Saboor Mubariz"] {
            XCTAssertFalse(r.stdout.contains(leaked), leaked)
        }
    }

    func testValidateExitCodes() throws {
        let shipped = try FileManager.default.contentsOfDirectory(atPath: Self.root.appendingPathComponent("pipelines").path)
            .filter { $0.hasSuffix(".yaml") }.sorted().map { "pipelines/" + $0 }
        XCTAssertFalse(shipped.isEmpty)
        // validate checks the environment as run does: redact-hash needs its key.
        let ok = try pipeline(["validate", "--quiet"] + shipped, environment: ["REDACT_HASH_KEY": "test-key"])
        XCTAssertEqual(ok.status, 0, ok.stderr)
        XCTAssertEqual(ok.stdout, "")
        let lint = try pipeline(["validate", "--quiet", "--skip-env-check"] + shipped, environment: ["REDACT_HASH_KEY": ""])
        XCTAssertEqual(lint.status, 0, lint.stderr)

        let bad = try write("bad.yaml", "stages:\n  - summarize:\n      sentense: 3\n  - strip-salutation\n")
        let r = try pipeline(["validate", bad])
        XCTAssertEqual(r.status, 2)
        XCTAssertEqual(r.stderr, """
            \(bad):3:7: error: unknown option 'sentense' for stage 'summarize' (did you mean 'sentences'?)
            \(bad):4:5: error: unknown stage 'strip-salutation' (did you mean 'strip-salutations'?)

            """)
        // run refuses a bad pipeline with exit 2 and processes nothing.
        XCTAssertEqual(try pipeline(["run", bad, "pipelines/samples/talks-stall.txt"]).status, 2)
        // Usage errors exit 2 as well.
        XCTAssertEqual(try pipeline(["run"]).status, 2)
        XCTAssertEqual(try pipeline(["frobnicate"]).status, 2)
        // A report that could not be written would be lost after the whole run: refused up front.
        XCTAssertEqual(try pipeline(["run", "pipelines/strip.yaml", "pipelines/samples/talks-stall.txt", "--report", "/nonexistent/r.json"]).status, 2)
    }

    func testJSONLinesRoundTripKeepsOrderWithTwoJobs() throws {
        var lines: [String] = []
        for i in 0..<300 {
            lines.append(Document(id: "doc-\(i)", text: "Hello team,\n\nItem \(i): the meeting moved to 3 pm. Call +1 555 010 \(1000 + i) for details.\n\nBest regards,\nJo", metadata: ["n": .int(i)]).jsonLine())
        }
        let yaml = try write("strip.yaml", "stages:\n  - strip-salutations\n  - redact: {entities: [phone]}\n")
        let r = try pipeline(["run", yaml, "--jsonl", "--jobs", "2"], stdin: lines.joined(separator: "\n") + "\n")
        XCTAssertEqual(r.status, 0, r.stderr)
        let out = try r.stdout.split(separator: "\n").map { try JSONReader.parse(String($0)) }
        XCTAssertEqual(out.map { $0["id"]!.stringValue! }, (0..<300).map { "doc-\($0)" })
        XCTAssertEqual(out.map { $0["metadata"]!["n"]! }, (0..<300).map { Value.int($0) })
        XCTAssertFalse(r.stdout.contains("555 010"), "phones are redacted")
        XCTAssertFalse(r.stdout.contains("Best regards"), "sign-offs are stripped")
    }

    func testAFailingDocumentExitsOneWhileTheOthersAreWritten() throws {
        let inputs = scratch.appendingPathComponent("in")
        try FileManager.default.createDirectory(at: inputs, withIntermediateDirectories: true)
        try Data("First document.".utf8).write(to: inputs.appendingPathComponent("a.txt"))
        try Data("This one says FAIL.".utf8).write(to: inputs.appendingPathComponent("b.txt"))
        try Data("Third document.".utf8).write(to: inputs.appendingPathComponent("c.txt"))
        let script = try write("refuse.sh", #"input=$(cat); case "$input" in *FAIL*) echo "refusing" >&2; exit 3;; esac; printf '%s' "$input""# + "\n")
        let yaml = try write("fail.yaml", """
            stages:
              - command:
                  run: [sh, \(script)]
                  protocol: text
              - export: {format: text, path: "out/{id}.txt"}
            """)
        let r = try pipeline(["run", yaml, inputs.path, "--report", scratch.appendingPathComponent("report.json").path])
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.stderr.contains("b.txt: error: stage 'command' failed"), r.stderr)
        XCTAssertFalse(r.stderr.contains("This one says"), "errors never echo document text")
        let out = scratch.appendingPathComponent("out")
        XCTAssertTrue(FileManager.default.fileExists(atPath: out.appendingPathComponent("a.txt").path))
        XCTAssertTrue(FileManager.default.fileExists(atPath: out.appendingPathComponent("c.txt").path))
        XCTAssertFalse(FileManager.default.fileExists(atPath: out.appendingPathComponent("b.txt").path))
        let report = try JSONReader.parse(String(contentsOf: scratch.appendingPathComponent("report.json"), encoding: .utf8))
        XCTAssertEqual(report["documents"]?["failed"], 1)
        XCTAssertEqual(report["exit-code"], 1)
    }

    /// Metadata is redacted before any sink sees it: the brief's heading comes from
    /// `metadata.title`, and a secret in metadata trips `fail-on` and is counted in the report.
    func testMetadataIsRedactedForEverySink() throws {
        let yaml = try write("brief-meta.yaml", """
            stages:
              - strip-salutations
              - redact:
                  entities: [email, phone, url, ip, credit-card, iban, ssn, secret]
                  fail-on: [secret]
              - summarize
              - export: {format: markdown, path: "out/{id}.md"}
            """)
        let line = #"{"id": "m1", "text": "Talks stalled on Monday. Both sides will meet again next week.", "metadata": {"title": "Call jane.miller@example.com or +44 20 7946 0958", "token": "ghp_R7dkP2mQ9xLw4TzB8vNc3YhJ6sKf1GaE5uWo"}}"#
        let report = scratch.appendingPathComponent("report.json")
        let r = try pipeline(["run", yaml, "--jsonl", "--report", report.path], stdin: line + "\n")
        XCTAssertEqual(r.status, 1, "the secret in metadata trips fail-on: \(r.stderr)")
        for leaked in ["jane.miller@example.com", "7946 0958", "ghp_R7dk"] {
            XCTAssertFalse(r.stdout.contains(leaked), leaked)
            XCTAssertFalse(r.stderr.contains(leaked), leaked)
        }
        let md = try String(contentsOf: scratch.appendingPathComponent("out/m1.md"), encoding: .utf8)
        XCTAssertTrue(md.contains("EMAIL") && md.contains("PHONE"), md) // Markdown escapes the brackets
        XCTAssertFalse(md.contains("jane.miller"), md)
        let text = try String(contentsOf: report, encoding: .utf8)
        XCTAssertTrue(text.contains("secret"), text)
    }

    func testFilterModeOnStdin() throws {
        let r = try pipeline(["run", "pipelines/strip.yaml"], stdin: "Hi team,\n\nThe report is attached.\n\nThanks,\nAna\n")
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(r.stdout, "The report is attached.\n")
    }

    func testStagesAndDescribe() throws {
        let list = try pipeline(["stages", "--format", "json"])
        XCTAssertEqual(list.status, 0)
        let names = try JSONReader.parse(list.stdout).arrayValue?.compactMap { $0["name"]?.stringValue }
        XCTAssertEqual(names, ["strip-salutations", "summarize", "translate", "redact", "export", "command"])
        let describe = try pipeline(["describe", "summarize"])
        XCTAssertEqual(describe.status, 0)
        XCTAssertTrue(describe.stdout.contains("sentences"))
        XCTAssertEqual(try pipeline(["describe", "sumarize"]).stderr, "error: unknown stage 'sumarize' (did you mean 'summarize'?)\n")
        XCTAssertEqual(try pipeline(["--version"]).stdout, "0.1.0\n")
    }
}
