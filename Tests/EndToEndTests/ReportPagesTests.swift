import Foundation
import PipelineKit
import XCTest

/// The HTML run report and `pipeline explain` through the binary, and both pages rendered by
/// headless Chromium (skipped with a message when Chromium is not installed).
final class ReportPagesTests: XCTestCase {
    var e2e: EndToEndTests!

    override func setUpWithError() throws {
        // The binary runner and scratch folder of the end-to-end suite, used as a helper.
        #if os(Linux)
        e2e = EndToEndTests(name: "helper", testClosure: { _ in })
        #else
        e2e = EndToEndTests()
        #endif
        try e2e.setUpWithError()
    }

    override func tearDownWithError() throws { try e2e.tearDownWithError() }

    var sample: String { EndToEndTests.root.appendingPathComponent("pipelines/samples/talks-stall.txt").path }

    func testExplainShowsEveryStageOfTheBriefOnTheSample() throws {
        let r = try e2e.pipeline(["explain", "pipelines/brief.yaml", sample])
        XCTAssertEqual(r.status, 0, r.stderr)
        // Not a terminal: no colour, word-diff notation.
        XCTAssertFalse(r.stdout.contains("\u{1B}["))
        XCTAssertTrue(r.stdout.contains("[-Assalamualaikum - -]‹greeting›"), r.stdout)
        XCTAssertTrue(r.stdout.contains("[-May Allah protect the region and guide leaders toward a just and lasting peace. Wa alaikum assalam.-]‹closing›"), r.stdout)
        XCTAssertTrue(r.stdout.contains("[-Abdul Hameed Jalili-]{+[PERSON]+}‹person›"))
        XCTAssertTrue(r.stdout.contains("{+[URL]+}‹url›"))
        XCTAssertTrue(r.stdout.contains("3. summarize  changed"))
        XCTAssertTrue(r.stdout.contains("+ metadata.summary = \"KABUL - Peace discussions"))
        XCTAssertTrue(r.stdout.contains("+ metadata.translations = {\"fr\":\"[fr] KABUL"))
        XCTAssertEqual(r.stderr, "")
    }

    func testExplainColourFlagsJSONAndHelp() throws {
        // NO_COLOR and --no-color win even when colour would otherwise be used; stdout here is a pipe.
        let noColor = try e2e.pipeline(["explain", "pipelines/brief.yaml", sample, "--no-color"], environment: ["NO_COLOR": "1"])
        XCTAssertFalse(noColor.stdout.contains("\u{1B}["))
        let json = try e2e.pipeline(["explain", "pipelines/brief.yaml", "-", "--format", "json"], stdin: "Hi Anna,\n\nWrite to anna.k@example.com today.\n")
        XCTAssertEqual(json.status, 0, json.stderr)
        let value = try JSONReader.parse(json.stdout).objectValue!
        let stages = value["stages"]!.arrayValue!.map { $0.objectValue! }
        XCTAssertEqual(stages.map { $0["id"]!.stringValue! }, ["strip-salutations", "redact", "summarize", "translate", "export"])
        XCTAssertEqual(stages[1]["annotations"], .object(["email": .int(1)]))
        XCTAssertEqual(value["document"]!.objectValue!["id"], .string("stdin"))
        // No INPUT and text piped in: the piped text, not the pipeline's own input:.
        let piped = try e2e.pipeline(["explain", "pipelines/brief.yaml", "--format", "json"], stdin: "Write to bob@example.com.\n")
        XCTAssertEqual(try JSONReader.parse(piped.stdout).objectValue!["document"]!.objectValue!["id"], .string("stdin"), piped.stderr)
        let help = try e2e.pipeline(["explain", "--help"])
        XCTAssertTrue(help.stdout.contains("SHOWS THE DOCUMENT'S TEXT"), help.stdout)
        XCTAssertTrue(help.stdout.contains("--no-color"))
    }

    func testExplainErrorsAreOneLineAndExitTwo() throws {
        let missing = try e2e.pipeline(["explain", "pipelines/brief.yaml", "no/such/file.txt"])
        XCTAssertEqual(missing.status, 2)
        XCTAssertEqual(missing.stderr, "no/such/file.txt: error: no such file\n")
        let bad = try e2e.pipeline(["explain", "pipelines/brief.yaml", sample, "--context", "x"])
        XCTAssertEqual(bad.status, 2)
        XCTAssertTrue(bad.stderr.contains("--context takes a number of lines"), bad.stderr)
    }

    func testRunReportAndExplainPagesRenderInChromium() throws {
        let incoming = e2e.scratch.appendingPathComponent("incoming")
        try FileManager.default.createDirectory(at: incoming, withIntermediateDirectories: true)
        let text = try String(contentsOfFile: sample, encoding: .utf8)
        for i in 0..<6 { try Data(text.utf8).write(to: incoming.appendingPathComponent("item-\(i).txt")) }
        try Data([0x42, 0xE9, 0x0A]).write(to: incoming.appendingPathComponent("latin1.txt"))
        let runPage = e2e.scratch.appendingPathComponent("run.html").path
        let explainPage = e2e.scratch.appendingPathComponent("explain.html").path
        let run = try e2e.pipeline(["run", "pipelines/brief.yaml", incoming.path, "--report", runPage, "-q"])
        XCTAssertEqual(run.status, 1, "the Latin-1 file fails")
        let report = try String(contentsOfFile: runPage, encoding: .utf8)
        XCTAssertTrue(report.contains("<code>latin1</code>"))
        for line in text.split(separator: "\n") where line.count > 20 {
            XCTAssertFalse(report.contains(String(line.prefix(40))), "document text in the run report: \(line.prefix(40))")
        }
        XCTAssertFalse(report.contains("Assalamualaikum"))
        let explain = try e2e.pipeline(["explain", "pipelines/brief.yaml", sample, "--html", explainPage])
        XCTAssertEqual(explain.status, 0, explain.stderr)

        guard let chromium = ["chromium", "chromium-browser", "google-chrome"].lazy.compactMap(Self.which).first else {
            throw XCTSkip("Chromium is not installed (apt-get install chromium): the pages were written but not rendered")
        }
        guard let python = Self.which("python3") else { throw XCTSkip("python3 is missing: cannot check the screenshots") }
        for page in [runPage, explainPage] {
            let png = page + ".png"
            let render = try Self.execute(chromium, ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                                                     "--screenshot=\(png)", "--window-size=1000,1200", "file://" + page])
            XCTAssertTrue(FileManager.default.fileExists(atPath: png), "chromium wrote no screenshot: \(render.output)")
            let check = try Self.execute(python, [EndToEndTests.root.appendingPathComponent("scripts/png_stats.py").path, png])
            XCTAssertEqual(check.status, 0, check.output)
        }
    }

    static func which(_ program: String) -> String? {
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let path = "\(dir)/\(program)"
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return nil
    }

    static func execute(_ program: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        let out = Pipe()
        process.standardOutput = out
        process.standardError = out
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
