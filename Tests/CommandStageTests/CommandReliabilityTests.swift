import CommandStage
import Foundation
import PipelineKit
import XCTest

#if canImport(Glibc)
import Glibc
#endif

/// Regression tests for the command stage's reliability defects (issue 14).
final class CommandReliabilityTests: ScriptFolderTestCase {
    private func stage(_ options: [String: Value]) throws -> AnyStage {
        try CommandStage.build(options: options, setup: StageSetup(stageID: "command", baseDirectory: folder.path))
    }

    private func context(_ scrubber: (any TextScrubber)? = nil) -> StageContext {
        StageContext(stageID: "command", stageName: "command", sequence: 0, events: CollectingEventSink(), scrubber: scrubber)
    }

    private func message(_ stage: AnyStage, _ text: String = "hello", scrubber: (any TextScrubber)? = nil) async -> String {
        do {
            _ = try await stage.process(Document(id: "doc", text: text), context: context(scrubber))
            XCTFail("expected an error")
            return ""
        } catch {
            return "\(error)"
        }
    }

    func testAStrayOutputLineSaysStdoutIsReservedForReplies() async throws {
        let program = try script("chatty.sh", "cat > /dev/null; echo 'loading model...'; echo '{\"text\":\"x\"}'")
        let text = await message(try stage(["run": .array([.string(program)])]))
        XCTAssertTrue(text.contains("output line 1 is not valid JSON"), text)
        XCTAssertTrue(text.contains("stdout is reserved for replies"), text)
        // A broken reply (it starts like JSON) gets no such hint.
        let broken = try script("broken.sh", "cat > /dev/null; echo '{\"text\": '")
        let other = await message(try stage(["run": .array([.string(broken)])]))
        XCTAssertFalse(other.contains("reserved"), other)
    }

    func testAPersistentProgramThatNeverAnswersIsToldAboutBuffering() async throws {
        let program = try script("silent.sh", "while read line; do sleep 5; done")
        let s = try stage(["run": .array([.string(program)]), "persistent": true, "timeout": 0.5])
        let text = await message(s)
        try await s.finish(context: context())
        XCTAssertTrue(text.contains("timed out after 0.5s"), text)
        XCTAssertTrue(text.contains("block-buffered") && text.contains("flush"), text)
    }

    func testPersistentProgramsThatAnswerAndExitDoNotRaceTheRestart() async throws {
        // Answers one document, then exits 0: every document needs a fresh process.
        let program = try script("one-shot.sh", "read line; printf '%s\\n' \"$line\"")
        let s = try stage(["run": .array([.string(program)]), "persistent": true, "timeout": 5])
        var failures: [String] = []
        for i in 0..<30 {
            do {
                let out = try await s.process(Document(id: "d\(i)", text: "text \(i)"), context: context())
                XCTAssertEqual(out.first?.text, "text \(i)")
            } catch {
                failures.append("\(error)")
            }
        }
        try await s.finish(context: context())
        XCTAssertEqual(failures, [])
    }

    func testOutOfRangeAnnotationsFromAProgramFailTheDocument() async throws {
        let program = try script("bad-offsets.sh", "cat > /dev/null; echo '{\"text\":\"abc\",\"annotations\":[{\"type\":\"t\",\"start\":0,\"end\":99}]}'")
        let text = await message(try stage(["run": .array([.string(program)])]))
        XCTAssertTrue(text.contains("annotation 1 (t) has offsets 0..<99 outside the text (3 Unicode scalars"), text)
    }

    func testEchoedAnnotationsOfEarlierStagesMayPointBeyondTheShorterText() async throws {
        // strip-salutations annotated the text as it received it (longer); the program echoes
        // that annotation unchanged and adds its own, which must fit the text.
        let program = try script("echo.sh", "cat")
        var document = Document(id: "d", text: "abc")
        document.annotations = [Annotation(stage: "strip-salutations", type: "greeting", start: 0, end: 20)]
        let out = try await stage(["run": .array([.string(program)])]).process(document, context: context())
        XCTAssertEqual(out.first?.annotations, document.annotations)
    }

    func testStderrTailsAreScrubbedAndCapped() async throws {
        // The program echoes its input to stderr (as a crashing script's traceback may).
        let program = try script("echo-err.sh", "cat >&2; head -c 5000 /dev/zero | tr '\\\\0' 'x' >&2; echo >&2; echo 'end ada@example.com' >&2; exit 3")
        let text = await message(try stage(["run": .array([.string(program)]), "protocol": "text"]),
                                 "mail ada@example.com now", scrubber: FakeScrubber())
        XCTAssertTrue(text.contains("exited with status 3"), text)
        XCTAssertFalse(text.contains("ada@example.com"), text)
        XCTAssertTrue(text.contains("[EMAIL]"), text)
        XCTAssertLessThan(text.count, 700, "the stderr tail is capped")
    }

    func testChildrenAreRegisteredWhileTheyRunAndForgottenAfter() async throws {
        let program = try script("pid.sh", "cat > /dev/null; echo $$ > \(folder.path)/pid; sleep 1; echo '{\"text\":\"ok\"}'")
        let s = try stage(["run": .array([.string(program)])])
        let ctx = context()
        let running = Task { try await s.process(Document(id: "d", text: "x"), context: ctx) }
        var pid: Int32?
        for _ in 0..<100 where pid == nil {
            try await Task.sleep(for: .milliseconds(20))
            pid = (try? String(contentsOfFile: folder.path + "/pid", encoding: .utf8)).flatMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        }
        let child = try XCTUnwrap(pid)
        XCTAssertTrue(ChildProcesses.registered.contains(child), "a running program's group must be killable on SIGTERM")
        _ = try await running.value
        XCTAssertFalse(ChildProcesses.registered.contains(child))
    }
}

/// Replaces the one e-mail address the tests use.
struct FakeScrubber: TextScrubber {
    func scrub(_ text: String) async -> String { text.replacingOccurrences(of: "ada@example.com", with: "[EMAIL]") }
}
