import CommandStage
import Foundation
import PipelineKit
import XCTest

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The `command` stage: its examples, every failure mode, the protocols, persistent mode and
/// the programs under `Examples/`. Each test uses small `sh` scripts written to a temp folder.
final class CommandStageTests: ScriptFolderTestCase {
    /// Text that must never appear in an error message.
    static let secret = "SECRET-4711 Ada Lovelace, ada@example.com"

    private var setup: StageSetup {
        StageSetup(stageID: "command", baseDirectory: folder.path, environment: ProcessInfo.processInfo.environment)
    }

    private func run(_ options: [String: Value], on text: String = secret, id: String = "doc",
                     metadata: [String: Value] = [:]) async throws -> [Document] {
        try await StageTester.run(CommandStage.self, options: options, on: text, id: id, metadata: metadata, setup: setup).documents
    }

    /// Runs the stage expecting a StageError; returns its message after checking it holds no document text.
    private func failure(_ options: [String: Value], on text: String = secret,
                         file: StaticString = #filePath, line: UInt = #line) async throws -> String {
        do {
            let documents = try await run(options, on: text)
            XCTFail("expected an error, got \(documents.count) documents", file: file, line: line)
            return ""
        } catch let error as StageError {
            XCTAssertFalse(error.message.contains("SECRET"), "error leaks document text: \(error.message)", file: file, line: line)
            XCTAssertFalse(error.message.contains("Lovelace"), "error leaks document text: \(error.message)", file: file, line: line)
            return error.message
        }
    }

    /// Builds the stage expecting option issues; returns their messages and paths.
    private func optionIssues(_ options: [String: Value], validateOnly: Bool = false) -> [OptionIssue] {
        var s = setup
        s.validateOnly = validateOnly
        do {
            _ = try CommandStage.build(options: options, setup: s)
            XCTFail("expected option issues for \(options)")
            return []
        } catch let error as OptionIssues {
            return error.issues
        } catch {
            XCTFail("unexpected error \(error)")
            return []
        }
    }

    private static func elapsed(since start: ContinuousClock.Instant) -> Double {
        let d = ContinuousClock.now - start
        return Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }

    // MARK: Examples

    func testSpecExamplesPass() async {
        let failures = await StageTester.checkExamples(of: CommandStage.self)
        XCTAssertEqual(failures, [])
    }

    // MARK: The failure-mode table

    func testFailureModes() async throws {
        let exit3 = try script("exit3.sh", "cat > /dev/null\necho 'first line of noise' >&2\necho 'boom: cannot parse input' >&2\nexit 3")
        let segv = try script("segv.sh", "cat > /dev/null\necho 'about to crash' >&2\nkill -SEGV $$")
        let notJSON = try script("notjson.sh", "cat > /dev/null\necho 'this is not json'")
        let secondBad = try script("secondbad.sh", #"cat > /dev/null; echo '{"text":"ok"}'; echo '{"text": 5}'"#)
        let typo = try script("typo.sh", #"cat > /dev/null; echo '{"txt":"ok"}'"#)
        let number = try script("number.sh", "cat > /dev/null; echo 42")
        let badUTF8 = try script("badutf8.sh", #"cat > /dev/null; printf '\377\376'"#)
        let flood = try script("flood.sh", "cat > /dev/null; exec yes 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'")

        let table: [(name: String, options: [String: Value], expect: [String])] = [
            ("non-zero exit", ["run": [.string(exit3)]],
             ["exited with status 3", "stderr: first line of noise | boom: cannot parse input"]),
            ("killed by a signal", ["run": [.string(segv)]],
             ["killed by signal 11 (SIGSEGV)", "about to crash"]),
            ("not JSON", ["run": [.string(notJSON)]], ["malformed output: output line 1 is not valid JSON"]),
            ("second line wrong", ["run": [.string(secondBad)]], ["output line 2: field 'text' must be a string, found integer"]),
            ("unknown field", ["run": [.string(typo)]], ["output line 1: unknown field 'txt'", "did you mean 'text'?"]),
            ("not an object", ["run": [.string(number)]], ["output line 1: expected a document object", "found integer"]),
            ("text output not UTF-8", ["run": [.string(badUTF8)], "protocol": "text"], ["the output is not valid UTF-8"]),
            ("output over the limit", ["run": [.string(flood)], "max-output-bytes": 10_000],
             ["wrote more than 10000 bytes for one document (max-output-bytes) and was killed"]),
        ]
        for row in table {
            let message = try await failure(row.options)
            for part in row.expect {
                XCTAssertTrue(message.contains(part), "\(row.name): '\(part)' not in: \(message)")
            }
        }
    }

    func testTimeoutKillsTheProgramAndItsChildren() async throws {
        let pidFile = folder.appendingPathComponent("child.pid").path
        // The child would outlive the parent by half a minute if only the parent were killed,
        // and it holds stdout open, so a reader waiting for EOF would hang with it.
        let slow = try script("slow.sh", "echo 'starting a child' >&2\nsleep 30 &\necho $! > '\(pidFile)'\nwait")
        let start = ContinuousClock.now
        let message = try await failure(["run": [.string(slow)], "timeout": 0.5])
        XCTAssertLessThan(Self.elapsed(since: start), 5)
        XCTAssertTrue(message.contains("timed out after 0.5s (timeout) and was killed with its child processes"), message)
        XCTAssertTrue(message.contains("stderr: starting a child"), message)
        let childPID = try XCTUnwrap(pid_t(try String(contentsOfFile: pidFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)))
        try await assertGone(childPID)
    }

    func testChildrenLeftBehindDoNotBlockOrOutliveTheDocument() async throws {
        let pidFile = folder.appendingPathComponent("stray.pid").path
        // The parent answers and exits at once; its child keeps stdout open for 30 s.
        let stray = try script("stray.sh", "sleep 30 &\necho $! > '\(pidFile)'\ncat")
        let start = ContinuousClock.now
        let out = try await run(["run": [.string(stray)], "timeout": 10])
        XCTAssertLessThan(Self.elapsed(since: start), 5)
        XCTAssertEqual(out.map(\.text), [Self.secret])
        let childPID = try XCTUnwrap(pid_t(try String(contentsOfFile: pidFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)))
        try await assertGone(childPID)
    }

    /// Waits up to 2 s for `pid` to be gone (or a zombie nobody reaped yet).
    private func assertGone(_ pid: pid_t, file: StaticString = #filePath, line: UInt = #line) async throws {
        for _ in 0..<40 {
            if kill(pid, 0) != 0 { return }
            if let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                let close = stat.lastIndex(of: ")"), stat[stat.index(close, offsetBy: 2)] == "Z"
            {
                return
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        XCTFail("process \(pid) is still running", file: file, line: line)
        kill(pid, SIGKILL)
    }

    func testMissingProgramIsAnOptionErrorAtBuildTime() throws {
        let issues = optionIssues(["run": ["no-such-program-x7"]])
        XCTAssertEqual(issues.map(\.message), ["option 'run' of stage 'command': program 'no-such-program-x7' not found on PATH"])
        XCTAssertEqual(issues.first?.path, ["run", "0"])
        // A typo of a program on PATH gets a suggestion.
        XCTAssertEqual(optionIssues(["run": ["sedd"]]).first?.message, "option 'run' of stage 'command': program 'sedd' not found on PATH (did you mean 'sed'?)")
        // Also under `pipeline validate`, which must not start anything.
        XCTAssertEqual(optionIssues(["run": ["no-such-program-x7"]], validateOnly: true).count, 1)

        let missingFile = optionIssues(["run": ["./missing.sh"]])
        XCTAssertTrue(missingFile.first?.message.contains("program './missing.sh' not found (no file \(folder.path)/missing.sh)") ?? false, "\(missingFile)")

        try "echo hi\n".write(to: folder.appendingPathComponent("plain.sh"), atomically: true, encoding: .utf8)
        let notExecutable = optionIssues(["run": ["./plain.sh"]])
        XCTAssertTrue(notExecutable.first?.message.contains("is not executable") ?? false, "\(notExecutable)")
        // A file beside the pipeline named without ./ gets a hint.
        let hint = optionIssues(["run": ["plain.sh"]])
        XCTAssertTrue(hint.first?.message.contains("not found on PATH (for the file in the pipeline's folder, write './plain.sh')") ?? false, "\(hint)")
    }

    func testOptionValidation() {
        XCTAssertEqual(optionIssues(["run": []]).first?.message, "option 'run' of stage 'command': needs at least the program, e.g. [python3, stage.py]")
        XCTAssertEqual(optionIssues(["run": ["cat"], "timeout": 0]).first?.path, ["timeout"])
        XCTAssertEqual(optionIssues(["run": ["cat"], "max-output-bytes": -1]).first?.path, ["max-output-bytes"])
        XCTAssertEqual(optionIssues(["run": ["cat"], "protocol": "text", "persistent": true]).first?.path, ["persistent"])
        XCTAssertEqual(optionIssues(["run": ["cat"], "cwd": "no/such/dir"]).first?.path, ["cwd"])
        XCTAssertEqual(optionIssues(["run": ["cat"], "env": ["LIST": [1, 2]]]).first?.path, ["env", "LIST"])
        XCTAssertEqual(optionIssues(["run": ["cat"], "protocl": "text"]).first?.message,
                       "unknown option 'protocl' for stage 'command' (did you mean 'protocol'?)")
        XCTAssertEqual(optionIssues(["cwd": "."]).first?.message.hasPrefix("stage 'command' needs option 'run'"), true)
        // Every problem at once, each at its own option.
        let all = optionIssues(["run": ["no-such-program-x7"], "timeout": 0, "cwd": "nowhere", "env": ["A": [1]]])
        XCTAssertEqual(all.map(\.path), [["timeout"], ["env", "A"], ["cwd"], ["run", "0"]])
        XCTAssertEqual(all.last?.message, "option 'run' of stage 'command': program 'no-such-program-x7' not found on PATH")
    }

    // MARK: JSON lines: split, drop, metadata

    func testSplitIntoTwoDocuments() async throws {
        let split = try script("split.sh", #"""
            cat > /dev/null
            echo '{"text":"first half"}'
            echo ''
            echo '{"text":"second half","metadata":{"part":2}}'
            """#)
        let out = try await run(["run": [.string(split)]], id: "memo", metadata: ["title": "Memo"])
        XCTAssertEqual(out.map(\.text), ["first half", "second half"])
        XCTAssertEqual(out.map(\.id), ["memo-1", "memo-2"])
        XCTAssertEqual(out[0].metadata, ["title": "Memo"], "metadata left out keeps the input's")
        XCTAssertEqual(out[1].metadata, ["part": 2], "metadata given replaces the input's")

        let array = try script("array.sh", #"cat > /dev/null; echo '[{"id":"a","text":"x"},{"id":"b","text":"y"}]'"#)
        let fromArray = try await run(["run": [.string(array)]])
        XCTAssertEqual(fromArray.map(\.id), ["a", "b"])
    }

    func testDrop() async throws {
        let silent = try script("silent.sh", "cat > /dev/null")
        let out1 = try await run(["run": [.string(silent)]])
        XCTAssertEqual(out1, [])
        let explicit = try script("drop.sh", #"cat > /dev/null; echo '{"drop": true}'"#)
        let out2 = try await run(["run": [.string(explicit)]])
        XCTAssertEqual(out2, [])
        let emptyArray = try script("empty.sh", "cat > /dev/null; echo '[]'")
        let out3 = try await run(["run": [.string(emptyArray)]])
        XCTAssertEqual(out3, [])
    }

    func testAnnotationsFromTheProgram() async throws {
        let annotate = try script("annotate.sh", #"cat > /dev/null; echo '{"text":"Hello world","annotations":[{"type":"word","start":0,"end":5,"score":0.5}]}'"#)
        let out = try await run(["run": [.string(annotate)]], on: "Hello world")
        XCTAssertEqual(out.first?.annotations, [Annotation(stage: "command", type: "word", start: 0, end: 5, attributes: ["score": 0.5])])
        let bad = try script("badann.sh", #"cat > /dev/null; echo '{"text":"x","annotations":[{"type":"word","start":"0","end":5}]}'"#)
        let message = try await failure(["run": [.string(bad)]])
        XCTAssertTrue(message.contains("output line 1: annotation 1: field 'start' must be an integer"), message)
    }

    func testBigDocumentDoesNotDeadlock() async throws {
        // 4 MB in and out: stdin is written while stdout is read, so full pipes cannot block.
        let big = String(repeating: "All work and no play. ", count: 200_000)
        let jsonl = try await run(["run": ["cat"], "timeout": 20], on: big)
        XCTAssertEqual(jsonl.first?.text.utf8.count, big.utf8.count)
        let text = try await run(["run": ["tr", "a-z", "A-Z"], "protocol": "text", "timeout": 20], on: big)
        XCTAssertEqual(text.first?.text, big.uppercased())
    }

    func testProgramThatExitsWithoutReadingABigDocument() async throws {
        // Writing to a program that already exited must not kill the pipeline (SIGPIPE) nor
        // hide the real failure behind a write error.
        let big = String(repeating: "x", count: 2_000_000)
        let quits = try script("quits.sh", "echo 'refusing' >&2; exit 2")
        let message = try await failure(["run": [.string(quits)]], on: big)
        XCTAssertTrue(message.hasSuffix("exited with status 2; stderr: refusing"), message)
        let dropped = try await run(["run": ["true"]], on: big)
        XCTAssertEqual(dropped, [])
    }

    func testCancellationKillsTheProgram() async throws {
        let pidFile = folder.appendingPathComponent("cancel.pid").path
        let slow = try script("cancel.sh", "sleep 30 &\necho $! > '\(pidFile)'\nwait")
        let options: [String: Value] = ["run": [.string(slow)], "timeout": 20]
        let setup = self.setup
        let task = Task { try await StageTester.run(CommandStage.self, options: options, on: "x", setup: setup) }
        for _ in 0..<100 where !FileManager.default.fileExists(atPath: pidFile) { try await Task.sleep(for: .milliseconds(20)) }
        try await Task.sleep(for: .milliseconds(50))
        task.cancel()
        let start = ContinuousClock.now
        let result = await task.result
        XCTAssertLessThan(Self.elapsed(since: start), 5)
        XCTAssertThrowsError(try result.get()) { XCTAssertTrue($0 is CancellationError, "\($0)") }
        let childPID = try XCTUnwrap(pid_t(try String(contentsOfFile: pidFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)))
        try await assertGone(childPID)
    }

    func testNonASCIIRoundTrip() async throws {
        let text = "Zoë — naïve café 🚀 \u{2028} line\nnext \"quoted\" \\ back"
        let out = try await run(["run": ["cat"]], on: text, metadata: ["title": "Ünïcode"])
        XCTAssertEqual(out.first?.text, text)
        XCTAssertEqual(out.first?.metadata["title"], "Ünïcode")
    }

    // MARK: Text protocol, env, cwd

    func testTextProtocol() async throws {
        let out = try await run(["run": ["sed", "s/colour/color/g"], "protocol": "text"], on: "colour and colour\n", metadata: ["k": "v"])
        XCTAssertEqual(out.first?.text, "color and color\n")
        XCTAssertEqual(out.first?.metadata, ["k": "v"])
        let empty = try await run(["run": ["true"], "protocol": "text"], on: "gone")
        XCTAssertEqual(empty.map(\.text), [""], "empty output is empty text, not a drop")
    }

    func testEnvironmentAndWorkingDirectory() async throws {
        let sub = folder.appendingPathComponent("sub")
        try FileManager.default.createDirectory(at: sub, withIntermediateDirectories: true)
        let show = try script("show.sh", #"printf '%s|%s|%s|%s' "$GREETING" "$COUNT" "${HOME-unset}" "$(pwd -P)""#)
        let out = try await run(["run": [.string(show)], "protocol": "text", "cwd": "sub",
                                 "env": ["GREETING": "hi there", "COUNT": 3, "HOME": nil]])
        let realSub = URL(fileURLWithPath: sub.path).resolvingSymlinksInPath().path
        XCTAssertEqual(out.first?.text, "hi there|3|unset|\(realSub)")
        let defaultCwd = try await run(["run": ["pwd", "-P"], "protocol": "text"])
        XCTAssertEqual(defaultCwd.first?.text, URL(fileURLWithPath: folder.path).resolvingSymlinksInPath().path + "\n",
                       "the program runs in the pipeline's folder")
    }

    // MARK: Persistent mode

    func testPersistentModeServesManyDocumentsFromOneProcess() async throws {
        let server = try script("server.py", "") // replaced below by a Python program
        try #"""
            #!/usr/bin/env python3
            import json, os, sys
            for n, line in enumerate(sys.stdin, 1):
                doc = json.loads(line)
                if doc["text"] == "split me":
                    parts = [{"text": "part a"}, {"text": "part b"}]
                    print(json.dumps(parts), flush=True)
                elif doc["text"] == "drop me":
                    print('{"drop": true}', flush=True)
                else:
                    doc["metadata"]["pid"] = os.getpid()
                    doc["metadata"]["seen"] = n
                    doc["text"] = doc["text"].upper()
                    print(json.dumps(doc), flush=True)
            """#.write(toFile: server, atomically: true, encoding: .utf8)
        let stage = try CommandStage.build(options: ["run": ["python3", .string(server)], "persistent": true, "timeout": 10], setup: setup)
        let sink = CollectingEventSink()
        let inputs = (0..<12).map { Document(id: "d\($0)", text: "document \($0)") }
            + [Document(id: "s", text: "split me"), Document(id: "x", text: "drop me")]
        // Called concurrently, as the runner does: answers must still match their documents.
        let results = try await withThrowingTaskGroup(of: (Int, [Document]).self) { group in
            for (i, d) in inputs.enumerated() {
                group.addTask {
                    let context = StageContext(stageID: "command", stageName: "command", sequence: i, events: sink)
                    return (i, try await stage.process(d, context: context))
                }
            }
            var all: [Int: [Document]] = [:]
            for try await (i, docs) in group { all[i] = docs }
            return all
        }
        try await stage.finish(context: StageContext(stageID: "command", stageName: "command", sequence: -1, events: sink))
        for i in 0..<12 {
            XCTAssertEqual(results[i]?.map(\.text), ["DOCUMENT \(i)"])
            XCTAssertEqual(results[i]?.map(\.id), ["d\(i)"])
        }
        let pids = Set((0..<12).compactMap { results[$0]?.first?.metadata["pid"] })
        XCTAssertEqual(pids.count, 1, "one process for the whole run")
        let seen = Set((0..<12).compactMap { results[$0]?.first?.metadata["seen"]?.intValue })
        XCTAssertEqual(seen.count, 12)
        XCTAssertEqual(results[12]?.map(\.text), ["part a", "part b"])
        XCTAssertEqual(results[12]?.map(\.id), ["s-1", "s-2"])
        XCTAssertEqual(results[13]?.count, 0)
        // finish() closed its stdin: the process is gone.
        try await assertGone(pid_t(try XCTUnwrap(pids.first?.intValue)))
    }

    func testManyDocumentsAtOnce() async throws {
        let stage = try CommandStage.build(options: ["run": ["cat"]], setup: setup)
        let sink = CollectingEventSink()
        let texts = try await withThrowingTaskGroup(of: (Int, String).self) { group in
            for i in 0..<48 {
                group.addTask {
                    let context = StageContext(stageID: "command", stageName: "command", sequence: i, events: sink)
                    let out = try await stage.process(Document(id: "d\(i)", text: "text \(i)"), context: context)
                    return (i, out.map(\.text).joined())
                }
            }
            var all: [Int: String] = [:]
            for try await (i, text) in group { all[i] = text }
            return all
        }
        XCTAssertEqual(texts.count, 48)
        for i in 0..<48 { XCTAssertEqual(texts[i], "text \(i)") }
    }

    func testPersistentModeRecoversFromFailures() async throws {
        // Answers until it sees "slow" (never answers), "die" (exits 4) or "junk" (bad JSON).
        let server = try script("flaky.sh", #"""
            while IFS= read -r line; do
              case "$line" in
                *'"text":"slow"'*) echo 'thinking forever' >&2; sleep 30 ;;
                *'"text":"die"'*) echo 'giving up' >&2; exit 4 ;;
                *'"text":"junk"'*) echo 'not json' ;;
                *) printf '%s\n' "$line" ;;
              esac
            done
            """#)
        let stage = try CommandStage.build(options: ["run": [.string(server)], "persistent": true, "timeout": 0.5], setup: setup)
        let sink = CollectingEventSink()
        let context = StageContext(stageID: "command", stageName: "command", sequence: 0, events: sink)
        func send(_ text: String) async throws -> String {
            try await stage.process(Document(id: "d", text: text), context: context).map(\.text).joined()
        }
        func fails(_ text: String) async -> String {
            do {
                _ = try await send(text)
                XCTFail("expected \(text) to fail")
                return ""
            } catch {
                return "\(error)"
            }
        }
        let first = try await send("one")
        XCTAssertEqual(first, "one")
        let start = ContinuousClock.now
        let slow = await fails("slow")
        XCTAssertLessThan(Self.elapsed(since: start), 5)
        XCTAssertTrue(slow.contains("timed out after 0.5s") && slow.contains("stderr: thinking forever"), slow)
        let afterTimeout = try await send("two")
        XCTAssertEqual(afterTimeout, "two", "a fresh process after the timeout")
        let died = await fails("die")
        XCTAssertTrue(died.contains("exited with status 4 before answering") && died.contains("stderr: giving up"), died)
        let junk = await fails("junk")
        XCTAssertTrue(junk.contains("output line 1 is not valid JSON"), junk)
        let last = try await send("three")
        XCTAssertEqual(last, "three")
        try await stage.finish(context: context)
    }

    func testPersistentModeRestartsAProgramThatAnswersTwice() async throws {
        let twice = try script("twice.sh", #"while IFS= read -r line; do printf '%s\n%s\n' "$line" "$line"; done"#)
        let stage = try CommandStage.build(options: ["run": [.string(twice)], "persistent": true, "timeout": 5], setup: setup)
        let sink = CollectingEventSink()
        let context = StageContext(stageID: "command", stageName: "command", sequence: 0, events: sink)
        let first = try await stage.process(Document(id: "a", text: "first"), context: context)
        try await Task.sleep(for: .milliseconds(200))   // let the extra line arrive
        let second = try await stage.process(Document(id: "b", text: "second"), context: context)
        try await stage.finish(context: context)
        XCTAssertEqual(first.map(\.text), ["first"])
        XCTAssertEqual(second.map(\.text), ["second"], "the stale extra line is not taken as the answer")
        XCTAssertEqual(sink.events.count, 1)
        if case .note(_, let message)? = sink.events.first {
            XCTAssertTrue(message.contains("more output lines than it had documents"), message)
        } else {
            XCTFail("expected a note, got \(sink.events)")
        }
    }

    func testPersistentModeRestartsAProgramThatExitsAfterEachDocument() async throws {
        let once = try script("once.sh", #"IFS= read -r line; printf '%s\n' "$line""#)
        let stage = try CommandStage.build(options: ["run": [.string(once)], "persistent": true, "timeout": 5], setup: setup)
        let sink = CollectingEventSink()
        let context = StageContext(stageID: "command", stageName: "command", sequence: 0, events: sink)
        for text in ["one", "two", "three"] {
            let out = try await stage.process(Document(id: text, text: text), context: context)
            XCTAssertEqual(out.map(\.text), [text])
            try await Task.sleep(for: .milliseconds(200))   // let it exit
        }
        try await stage.finish(context: context)
        XCTAssertTrue(sink.events.allSatisfy {
            if case .note(_, let m) = $0 { return m.contains("exited with status 0 between documents") }
            return false
        }, "\(sink.events)")
    }

    // MARK: The programs under Examples/

    private static let examples = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Examples")

    func testPythonExample() async throws {
        let folder = Self.examples.appendingPathComponent("python-stage").path
        let exampleSetup = StageSetup(stageID: "command", baseDirectory: folder, environment: ProcessInfo.processInfo.environment)
        for persistent in [false, true] {
            let out = try await StageTester.run(
                CommandStage.self, options: ["run": ["python3", "uppercase_title.py"], "persistent": .bool(persistent)],
                on: "Negotiators met again on Tuesday.", metadata: ["title": "talks stall as NATO don't agree"], setup: exampleSetup)
            XCTAssertEqual(out.document.text, "Negotiators met again on Tuesday.")
            XCTAssertEqual(out.document.metadata["word-count"], 5)
            XCTAssertEqual(out.document.metadata["title"], "Talks Stall As NATO Don't Agree")
        }
    }

    func testShellExample() async throws {
        let folder = Self.examples.appendingPathComponent("shell-stage").path
        let exampleSetup = StageSetup(stageID: "command", baseDirectory: folder, environment: ProcessInfo.processInfo.environment)
        let out = try await StageTester.run(
            CommandStage.self, options: ["run": ["./wc.sh"], "protocol": "text"],
            on: "Dear team,  \r\n\r\n\r\n\tThe   quarterly\t\tnumbers are in.   \n\n\n\nThanks,\nAda", setup: exampleSetup)
        XCTAssertEqual(out.document.text, "Dear team,\n\nThe quarterly numbers are in.\n\nThanks,\nAda")
    }
}
