import Foundation
import XCTest

/// End-to-end tests of the CI features (issue 13): input selection, pipeline tests, reports,
/// GitHub Actions output, schema, validate parity.
extension EndToEndTests {
    func testPipedStdinIsReadInsteadOfThePipelinesInput() throws {
        // The README's streaming example: --jsonl from a pipe, never the pipeline's .txt input.
        let r = try pipeline(["run", "pipelines/brief.yaml", "--jsonl"], stdin: "{\"id\":\"a\",\"text\":\"Mail bob@example.com about the talks.\"}\n")
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.hasPrefix("{\"id\":\"a\""), r.stdout)
        XCTAssertFalse(r.stderr.contains("invalid JSON"), r.stderr)
        // Text mode: `summarize.yaml < article.txt` summarizes the article, not the sample.
        let article = "Talks stalled in Istanbul on Tuesday. Both sides blamed the other. Mediators will try again next week."
        let s = try pipeline(["run", "pipelines/summarize.yaml"], stdin: article)
        XCTAssertEqual(s.status, 0, s.stderr)
        XCTAssertTrue(s.stdout.contains("Istanbul"), s.stdout)
        XCTAssertFalse(s.stdout.contains("KABUL"), s.stdout)
    }

    func testWithoutInputOrPipeTheErrorSaysHowToGiveInput() throws {
        let r = try pipeline(["run", "pipelines/strip.yaml"])
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.stderr.contains("error: no input:"), r.stderr)
        XCTAssertTrue(r.stderr.contains("< in.txt"), r.stderr)
        // With /dev/null on stdin the pipeline's own input is used.
        let b = try pipeline(["run", "pipelines/summarize.yaml", "--quiet"])
        XCTAssertEqual(b.status, 0, b.stderr)
        XCTAssertTrue(b.stdout.contains("KABUL"), b.stdout)
        XCTAssertEqual(b.stderr, "")
    }

    func testReportDashIsStdoutAndSymlinksAndFoldersBehave() throws {
        let input = try write("in.txt", "Mail bob@example.com today.")
        let r = try pipeline(["run", "pipelines/redact.yaml", input, "--report", "-", "--quiet"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("\"exit-code\": 0"), r.stdout)
        XCTAssertFalse(FileManager.default.fileExists(atPath: Self.root.appendingPathComponent("-").path))
        // A symlinked report path: the link stays, its target gets the report.
        let target = try write("real.sarif", "old")
        let link = scratch.appendingPathComponent("link.sarif").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target)
        let s = try pipeline(["run", "pipelines/redact.yaml", input, "--report", link, "--quiet"])
        XCTAssertEqual(s.status, 0, s.stderr)
        XCTAssertEqual(try FileManager.default.destinationOfSymbolicLink(atPath: link), target)
        XCTAssertTrue(try String(contentsOfFile: target, encoding: .utf8).contains("\"version\": \"2.1.0\""))
        // /dev/stdout is written through, never replaced (this matters when running as root), and
        // means standard output even on a machine where a stray regular file sits at /dev/stdout.
        var before = stat()
        let hadEntry = lstat("/dev/stdout", &before) == 0
        let d = try pipeline(["run", "pipelines/redact.yaml", input, "--report", "/dev/stdout", "--quiet"])
        XCTAssertEqual(d.status, 0, d.stderr)
        XCTAssertTrue(d.stdout.contains("\"exit-code\": 0"), d.stdout)
        var after = stat()
        XCTAssertEqual(lstat("/dev/stdout", &after) == 0, hadEntry)
        if hadEntry {
            XCTAssertEqual(after.st_mode & S_IFMT, before.st_mode & S_IFMT, "the run changed what /dev/stdout is")
            XCTAssertEqual(after.st_ino, before.st_ino, "the run replaced /dev/stdout")
        }
        // A folder is refused before anything runs.
        let f = try pipeline(["run", "pipelines/redact.yaml", input, "--report", scratch.path])
        XCTAssertEqual(f.status, 2)
        XCTAssertTrue(f.stderr.contains("is a directory"), f.stderr)
        XCTAssertEqual(f.stdout, "")
    }

    func testGitHubActionsCommandsAndStepSummary() throws {
        let leak = try write("leak.txt", "Deploy notes\n\nThe build used key AKIAQYLPMN5HHHFPZAM2 by mistake.\n")
        let summary = scratch.appendingPathComponent("summary.md").path
        let r = try pipeline(["run", "pipelines/redact.yaml", leak, "--report", scratch.appendingPathComponent("r.xml").path],
                             environment: ["GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": summary])
        XCTAssertEqual(r.status, 1, r.stderr)
        XCTAssertTrue(r.stderr.contains("::error file=\(leak),line=3,col=20,"), r.stderr)
        XCTAssertFalse(r.stderr.contains("AKIAQYLPMN5HHHFPZAM2"))
        let md = try String(contentsOfFile: summary, encoding: .utf8)
        XCTAssertTrue(md.contains("### Fail-on trips"), md)
        XCTAssertFalse(md.contains("AKIAQYLPMN5HHHFPZAM2"))
        XCTAssertTrue(r.stderr.contains("0 failed, 0 skipped in"), r.stderr)
    }

    func testValidateReportsWhatRunWouldRefuseAndSkipEnvCheckLints() throws {
        let file = try write("hash.yaml", "stages:\n  - redact: {replace-with: hash, hash-key-env: NOKEY_FOR_TEST}\n")
        let v = try pipeline(["validate", file])
        XCTAssertEqual(v.status, 2)
        XCTAssertTrue(v.stderr.contains("NOKEY_FOR_TEST"), v.stderr)
        XCTAssertEqual(try pipeline(["validate", "--skip-env-check", file]).status, 0)
        let required = try write("req.yaml", "stages:\n  - summarize: {sentences: \"${NSENT_FOR_TEST:?set it}\"}\n")
        XCTAssertEqual(try pipeline(["validate", required]).status, 2)
        let skipped = try pipeline(["validate", "--skip-env-check", required])
        XCTAssertEqual(skipped.status, 0, skipped.stderr)
    }

    func testPipelineTestCommand() throws {
        let junit = scratch.appendingPathComponent("tests.xml").path
        let r = try pipeline(["test", "pipelines/", "--junit", junit])
        XCTAssertEqual(r.status, 0, r.stdout + r.stderr)
        XCTAssertTrue(r.stdout.contains("PASS pipelines/redact.yaml: "), r.stdout)
        XCTAssertTrue(r.stdout.contains("PASS pipelines/command.yaml: "), r.stdout)
        XCTAssertTrue(r.stdout.hasSuffix(" passed, 0 failed\n"), r.stdout)
        XCTAssertTrue(try String(contentsOfFile: junit, encoding: .utf8).contains("<testsuite name=\"pipelines/brief.yaml\""))
        // Every ready pipeline carries tests.
        XCTAssertFalse(r.stderr.contains("no tests"), r.stderr)

        let failing = try write("f.yaml", "stages: [strip-salutations]\ntests:\n  - name: wrong\n    input: \"plain text here\"\n    expect: {text: \"other text\"}\n")
        let f = try pipeline(["test", failing])
        XCTAssertEqual(f.status, 1)
        XCTAssertTrue(f.stdout.contains("FAIL \(failing): wrong"), f.stdout)
        XCTAssertTrue(f.stdout.contains("-other text"), f.stdout)
        XCTAssertTrue(f.stdout.contains("+plain text here"), f.stdout)
        XCTAssertTrue(f.stdout.hasSuffix("0 passed, 1 failed\n"), f.stdout)

        let broken = try write("b.yaml", "stages: [strip-salutations]\ntests:\n  - name: x\n    input: y\n    expect: {texts: z}\n")
        XCTAssertEqual(try pipeline(["test", broken]).status, 2)
    }

    func testSchemaCompletionsAndJobsMessages() throws {
        let s = try pipeline(["schema"])
        XCTAssertEqual(s.status, 0)
        XCTAssertTrue(s.stdout.contains("\"$schema\": \"https://json-schema.org/draft/2020-12/schema\""))
        XCTAssertTrue(s.stdout.contains("\"regex\""), "redact patterns items are described")
        let shipped = try String(contentsOf: Self.root.appendingPathComponent("pipelines/brief.yaml"), encoding: .utf8)
        XCTAssertTrue(shipped.hasPrefix("# yaml-language-server: $schema="))
        for shell in ["bash", "zsh", "fish"] {
            let c = try pipeline(["completions", shell])
            XCTAssertEqual(c.status, 0, shell)
            XCTAssertTrue(c.stdout.contains("pipeline"), shell)
        }
        let j = try pipeline(["run", "pipelines/strip.yaml", "--jobs", "-3"])
        XCTAssertEqual(j.status, 2)
        XCTAssertTrue(j.stderr.contains("--jobs must be 1 or more"), j.stderr)
    }

    func testDocsCIStepsRunLocally() throws {
        let check = Process()
        check.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        check.arguments = ["python3", "-c", "import yaml"]
        check.standardError = FileHandle.nullDevice
        do { try check.run() } catch { throw XCTSkip("python3 is not available") }
        check.waitUntilExit()
        if check.terminationStatus != 0 { throw XCTSkip("python3 has no yaml module") }
        let (status, text) = try ReportPagesTests.execute(
            "/usr/bin/env", ["python3", Self.root.appendingPathComponent("scripts/run_ci_doc_steps.py").path, Self.binary.path, scratch.path])
        XCTAssertEqual(status, 0, text)
        let stderr = try String(contentsOfFile: scratch.appendingPathComponent("github-leak-gate.stderr").path, encoding: .utf8)
        XCTAssertTrue(stderr.contains("::error file=incoming/leak.txt,line=3,col=20,"), stderr)
        XCTAssertTrue(FileManager.default.fileExists(atPath: scratch.appendingPathComponent("out/leaks.sarif").path))
    }
}
