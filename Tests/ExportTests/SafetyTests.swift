import Foundation
import XCTest
@testable import Export
import PipelineKit

/// Never write outside the folder, never lose or corrupt a file.
final class SafetyTests: XCTestCase {
    /// Every row must fail, and nothing may appear outside the export folder.
    func testPathTraversalTableAllFail() async throws {
        let root = Support.makeFolder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let base = root + "/base"
        let outside = root + "/outside"
        try FileManager.default.createDirectory(atPath: base, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: outside, withIntermediateDirectories: true)
        // A link inside the folder that leads out of it, and a file link pointing out.
        try FileManager.default.createSymbolicLink(atPath: base + "/escape", withDestinationPath: outside)
        try FileManager.default.createSymbolicLink(atPath: base + "/trap.md", withDestinationPath: outside + "/trap.md")
        try FileManager.default.createSymbolicLink(atPath: base + "/up", withDestinationPath: "..")

        // (path option, document id, metadata source): each must fail at setup or for the document.
        let table: [(path: String, id: String, source: String?)] = [
            ("../{id}.md", "a", nil),
            ("out/../../{id}.md", "a", nil),
            ("/tmp/{id}.md", "a", nil),
            (root + "/outside/{id}.md", "a", nil),
            ("{id}.md", "../outside/pwned", nil),
            ("{id}.md", "../../etc/passwd", nil),
            ("{id}", "..", nil),
            ("{id}/x.md", "..", nil),
            ("{id}.md", "/etc/passwd", nil),
            ("{id}.md", "\\..\\outside\\x", nil),
            ("{id}.md", "a/../../outside/x", nil),
            ("{id}.md", "..\\..\\outside\\x", nil),
            ("escape/{id}.md", "a", nil),
            ("escape/deeper/{id}.md", "a", nil),
            ("up/outside/{id}.md", "a", nil),
            ("trap.md", "a", nil),
            ("{id}.md/", "a", nil),
        ]
        for row in table {
            var failed = false
            do {
                let stage = try Support.stage(["format": "markdown", "path": .string(row.path), "overwrite": true], base: base)
                var doc = Document(id: row.id, text: "x")
                if let s = row.source { doc.metadata["source"] = .string(s) }
                let (errors, _) = try await Support.run(stage, [doc])
                failed = errors[0] != nil
                if let e = errors[0] { XCTAssertFalse(e.contains("\n"), "one-line error: \(e)") }
            } catch {
                failed = true
            }
            XCTAssertTrue(failed, "path '\(row.path)' with id '\(row.id)' must fail")
        }
        XCTAssertEqual(Support.files(outside), [], "nothing may be written outside the folder")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: base).sorted(), ["escape", "trap.md", "up"])
    }

    /// Folders are checked once per run and then written through their descriptor: a folder
    /// swapped for a symbolic link leading outside after its first file still receives the
    /// run's files (wherever it was moved), and nothing appears outside.
    func testAFolderSwappedForALinkMidRunCannotRedirectWrites() async throws {
        let root = Support.makeFolder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let base = root + "/base", outside = root + "/outside"
        try FileManager.default.createDirectory(atPath: outside, withIntermediateDirectories: true)
        let stage = try Support.stage(["format": "text", "path": "sub/{id}.txt", "folder": .string(base)])
        let sink = CollectingEventSink()
        func context(_ sequence: Int) -> SinkContext {
            SinkContext(StageContext(stageID: "export", stageName: "export", sequence: sequence, events: sink),
                        run: SinkRun(date: Support.runDate, stdoutReserved: false))
        }
        _ = try await stage.write(Document(id: "a", text: "first"), context: context(0))
        try FileManager.default.moveItem(atPath: base + "/sub", toPath: base + "/moved")
        try FileManager.default.createSymbolicLink(atPath: base + "/sub", withDestinationPath: outside)
        _ = try await stage.write(Document(id: "b", text: "second"), context: context(1))
        try await stage.finish(context: context(-1))
        XCTAssertEqual(Support.files(outside), [])
        XCTAssertEqual(Support.files(base + "/moved"), ["a.txt", "b.txt"])
        // The next run checks the folder again and refuses the link.
        do {
            _ = try await stage.write(Document(id: "c", text: "third"), context: context(0))
            XCTFail("a link leading outside must be refused")
        } catch {
            XCTAssertTrue("\(error)".contains("symbolic link that leads outside"), "\(error)")
        }
        XCTAssertEqual(Support.files(outside), [])
    }

    func testPlaceholderValuesAreSanitized() throws {
        let t = try PathTemplate("out/{id}.md")
        let cases: [(String, String)] = [
            ("plain-id_1", "out/plain-id_1.md"),
            ("a:b*c?d\"e<f>g|h", "out/a_b_c_d_e_f_g_h.md"),
            ("2024/11/report", "out/2024_11_report.md"),
            (".hidden", "out/_hidden.md"),
            ("new\nline\ttab", "out/new_line_tab.md"),
            ("  spaced  ", "out/spaced.md"),
            ("dots...", "out/dots.md"),
            ("", "out/_.md"),
            ("Пример отчёт", "out/Пример отчёт.md"),
            (String(repeating: "é", count: 200), "out/" + String(repeating: "é", count: 60) + ".md"),
        ]
        for (id, expected) in cases { XCTAssertEqual(try t.expand([.id: id]), expected, id) }
    }

    func testExistingFileNeedsOverwrite() async throws {
        let base = Support.makeFolder()
        defer { try? FileManager.default.removeItem(atPath: base) }
        try "old".write(toFile: base + "/talks-stall.md", atomically: true, encoding: .utf8)
        let (errors, _) = try await Support.run(try Support.stage(["path": "{id}.md"], base: base), [Support.sampleDocument])
        XCTAssertEqual(errors[0], "'\(base)/talks-stall.md' already exists (set overwrite: true to replace it)")
        XCTAssertEqual(Support.read(base + "/talks-stall.md"), "old")

        let (again, _) = try await Support.run(try Support.stage(["path": "{id}.md", "overwrite": true], base: base), [Support.sampleDocument])
        XCTAssertEqual(again, [nil])
        XCTAssertTrue(Support.read(base + "/talks-stall.md")!.hasPrefix("# Talks between"))
        XCTAssertEqual(Support.files(base), ["talks-stall.md"], "no temporary file is left behind")
    }

    func testCombinedFileThatExistsFailsEveryDocumentAndKeepsTheFile() async throws {
        let base = Support.makeFolder()
        defer { try? FileManager.default.removeItem(atPath: base) }
        try "yesterday".write(toFile: base + "/digest.md", atomically: true, encoding: .utf8)
        let docs = [Document(id: "1", text: "a"), Document(id: "2", text: "b")]
        let (errors, _) = try await Support.run(try Support.stage(["path": "digest.md", "combine": true], base: base), docs)
        XCTAssertEqual(errors.compactMap { $0 }.count, 2)
        XCTAssertTrue(errors[0]!.contains("already exists"))
        XCTAssertEqual(Support.read(base + "/digest.md"), "yesterday")
    }

    func testCombinedFileThatCannotBeWrittenAtFinishFailsItsDocuments() async throws {
        let base = Support.makeFolder()
        defer { try? FileManager.default.removeItem(atPath: base) }
        let stage = try Support.stage(["path": "digest.md", "combine": true], base: base)
        let sink = CollectingEventSink()
        let run = SinkRun(date: Support.runDate)
        for (i, document) in [Document(id: "1", text: "a"), Document(id: "2", text: "b")].enumerated() {
            let context = SinkContext(StageContext(stageID: "export", stageName: "export", sequence: i, events: sink), run: run)
            _ = try await stage.write(document, context: context)
        }
        // Someone else's file appears under the combined name while the run goes on.
        try "yesterday".write(toFile: base + "/digest.md", atomically: true, encoding: .utf8)
        let finish = SinkContext(StageContext(stageID: "export", stageName: "export", sequence: -1, events: sink), run: run)
        do {
            try await stage.finish(context: finish)
            XCTFail("finish must fail when the combined file cannot be written")
        } catch {
            XCTAssertTrue("\(error)".contains("already exists"), "\(error)")
        }
        let failed = sink.events.compactMap { event -> [String]? in
            if case .failDocuments(_, let ids, let reason) = event {
                XCTAssertFalse(reason.contains("yesterday"), "no file or document text in the reason")
                return ids
            }
            return nil
        }
        XCTAssertEqual(failed, [["1", "2"]], "documents accepted into an unwritten combined file are reported failed")
        XCTAssertEqual(Support.read(base + "/digest.md"), "yesterday")
    }

    func testTwoDocumentsOnePathIsAnError() async throws {
        let base = Support.makeFolder()
        defer { try? FileManager.default.removeItem(atPath: base) }
        let docs = [
            Document(id: "a", text: "first", metadata: ["source": "in/report.txt"]),
            Document(id: "b", text: "second", metadata: ["source": "other/report.txt"]),
        ]
        let (errors, _) = try await Support.run(try Support.stage(["format": "text", "path": "{name}.txt", "overwrite": true], base: base), docs)
        XCTAssertNil(errors[0])
        XCTAssertEqual(errors[1], "'\(base)/report.txt' is also the path of document 'a' in this run; refusing to overwrite it (use {id} in the path to tell documents apart)")
        XCTAssertTrue(Support.read(base + "/report.txt")!.contains("first"))
    }

    func testFolderOptionConfinesAndIsCreated() async throws {
        let root = Support.makeFolder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        // An absolute folder elsewhere, missing: created; paths stay inside it.
        let stage = try Support.stage(["format": "text", "folder": .string(root + "/exports/today"), "path": "{id}.txt", "sync": "none"],
                                      base: root + "/pipelines-folder-that-does-not-matter")
        let (errors, _) = try await Support.run(stage, [Document(id: "a", text: "x"), Document(id: "../b", text: "y")])
        XCTAssertNil(errors[0])
        XCTAssertNotNil(errors[1])
        XCTAssertEqual(Support.files(root), ["exports/today/a.txt"])

        // A combined file in a folder that does not exist yet.
        let digest = try Support.stage(["format": "markdown", "folder": "later/digests", "path": "{date}.md", "combine": true], base: root)
        let (errors2, _) = try await Support.run(digest, [Document(id: "a", text: "x"), Document(id: "b", text: "y")])
        XCTAssertEqual(errors2, [nil, nil])
        XCTAssertEqual(Support.files(root + "/later"), ["digests/2026-11-29.md"])
    }

    func testOverwriteKeepsPermissions() async throws {
        let base = Support.makeFolder()
        defer { try? FileManager.default.removeItem(atPath: base) }
        try "old".write(toFile: base + "/a.txt", atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o640], ofItemAtPath: base + "/a.txt")
        try await Support.run(try Support.stage(["format": "text", "path": "{id}.txt", "overwrite": true], base: base), [Document(id: "a", text: "new")])
        XCTAssertEqual(try FileManager.default.attributesOfItem(atPath: base + "/a.txt")[.posixPermissions] as? Int, 0o640)
        XCTAssertTrue(Support.read(base + "/a.txt")!.hasSuffix("new\n"))
    }

    func testConcurrentWritesClaimEachPathOnce() async throws {
        let base = Support.makeFolder()
        defer { try? FileManager.default.removeItem(atPath: base) }
        let stage = try Support.stage(["format": "jsonl", "path": "docs/{id}.jsonl", "sync": "none"], base: base)
        let sink = CollectingEventSink()
        // 300 documents, ids 0..<150 each twice: exactly one of each pair may win.
        let failures = try await withThrowingTaskGroup(of: Bool.self) { group in
            for i in 0..<300 {
                group.addTask {
                    let c = StageContext(stageID: "export", stageName: "export", sequence: i, events: sink)
                    do { _ = try await stage.process(Document(id: "d\(i % 150)", text: "text \(i)"), context: c); return false } catch { return true }
                }
            }
            return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        try await stage.finish(context: StageContext(stageID: "export", stageName: "export", sequence: -1, events: sink))
        XCTAssertEqual(failures, 150)
        XCTAssertEqual(Support.files(base).count, 150)
        XCTAssertEqual(Support.files(base).filter { $0.contains(".tmp-") }, [])
    }

    func testValidateOnlyTouchesNothing() async throws {
        let base = Support.makeFolder()
        defer { try? FileManager.default.removeItem(atPath: base) }
        for options: [String: Value] in [
            ["path": "out/{id}.md"], ["path": "digest.md", "combine": true], ["format": "sqlite", "path": "db/x.sqlite"],
        ] {
            let stage = try Support.stage(options, base: base, validateOnly: true)
            try await Support.run(stage, [Support.sampleDocument])
        }
        XCTAssertEqual(Support.files(base), [])
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: base), [])
    }

    func testStdoutReservedGivesOneNote() async throws {
        let docs = (0..<5).map { Document(id: "\($0)", text: "t") }
        let (_, events) = try await Support.run(try Support.stage(["format": "markdown"]), docs, stdoutReserved: true)
        XCTAssertEqual(events.count, 1)
        guard case .note(_, let message)? = events.first else { return XCTFail("expected a note") }
        XCTAssertTrue(message.contains("--jsonl"))
    }

    func testOptionErrorsAreSpecific() {
        let cases: [([String: Value], [String])] = [
            (["path": "../x.md"], ["path"]),
            (["path": "/abs/x.md"], ["path"]),
            (["path": "{idd}.md"], ["path"]),
            (["path": "x/{id}.md", "combine": true], ["path"]),
            (["format": "sqlite"], ["format"]),
            (["format": "sqlite", "path": "x.db", "table": "bad name"], ["table"]),
            (["format": "json", "front-matter": true], ["front-matter"]),
            (["format": "markdown", "columns": ["id"]], ["columns"]),
            (["format": "csv", "columns": ["id", "id"]], ["columns", "1"]),
        ]
        for (options, path) in cases {
            XCTAssertThrowsError(try Support.stage(options), "\(options)") { error in
                XCTAssertEqual((error as? StageOptionError)?.path, path, "\(options): \(error)")
            }
        }
        XCTAssertThrowsError(try Support.stage(["format": "markdwon"])) { error in
            XCTAssertTrue("\(error)".contains("did you mean 'markdown'"), "\(error)")
        }
        XCTAssertThrowsError(try Support.stage(["path": "{idd}.md"])) { error in
            XCTAssertTrue("\(error)".contains("did you mean '{id}'"), "\(error)")
        }
    }

    // MARK: Interrupted writes

    func testFailureBetweenTempWriteAndRenameKeepsTheOldFile() async throws {
        struct Crash: Error {}
        let base = Support.makeFolder()
        defer { try? FileManager.default.removeItem(atPath: base) }
        try "old content".write(toFile: base + "/talks-stall.md", atomically: true, encoding: .utf8)
        var stage = try Support.stage(["path": "{id}.md", "overwrite": true], base: base)
        stage.hooks = AtomicFile.Hooks(beforeRename: { throw Crash() })
        let (errors, _) = try await Support.run(stage, [Support.sampleDocument])
        XCTAssertNotNil(errors[0])
        XCTAssertEqual(Support.read(base + "/talks-stall.md"), "old content")
        XCTAssertEqual(Support.files(base), ["talks-stall.md"], "the temporary file is removed")

        stage.hooks = AtomicFile.Hooks(afterChunk: { _ in throw Crash() })
        let (errors2, _) = try await Support.run(stage, [Support.sampleDocument])
        XCTAssertNotNil(errors2[0])
        XCTAssertEqual(Support.read(base + "/talks-stall.md"), "old content")
        XCTAssertEqual(Support.files(base), ["talks-stall.md"])
    }

    static let childLines = 8 * (1 << 20) / 25

    /// Runs in a child process (see `testKilledWriterLeavesOldOrNewNeverPartial`); a no-op otherwise.
    func testChildWriterForKillTest() async throws {
        guard let target = ProcessInfo.processInfo.environment["EXPORT_KILL_TEST_TARGET"] else { return }
        // The whole stage, exporting one 8 MB document as text, slowed down to 0.25 s per 1 MB chunk.
        let text = String(repeating: "new line of the new file\n", count: Self.childLines)
        let sync = ProcessInfo.processInfo.environment["EXPORT_KILL_TEST_SYNC"] ?? "end"
        var stage = try Support.stage(["format": "text", "path": "big.txt", "overwrite": true, "sync": .string(sync)],
                                      base: (target as NSString).deletingLastPathComponent)
        stage.hooks = AtomicFile.Hooks(afterChunk: { _ in usleep(250_000) })
        let (errors, _) = try await Support.run(stage, [Document(id: "big", text: text)])
        XCTAssertEqual(errors, [nil])
    }

    /// The default `sync: end` (one flush at the end of the run).
    func testKilledWriterLeavesOldOrNewNeverPartial() throws {
        try killWriterMidFile(sync: "end")
    }

    /// `sync: each` (an fsync per file before its rename).
    func testKilledWriterLeavesOldOrNewNeverPartialSyncEach() throws {
        try killWriterMidFile(sync: "each")
    }

    /// `sync: none`: no flush, the rename alone keeps a killed run from leaving a partial file.
    func testKilledWriterLeavesOldOrNewNeverPartialSyncNone() throws {
        try killWriterMidFile(sync: "none")
    }

    /// Starts a child process that writes a large file slowly, kills it (SIGKILL) mid-write,
    /// and checks the target still holds the old content in full; then lets a child finish
    /// and checks the target holds the new content in full.
    private func killWriterMidFile(sync: String) throws {
        let binary = ProcessInfo.processInfo.arguments[0]
        guard binary.hasSuffix(".xctest") else { throw XCTSkip("needs the XCTest binary to start a child (got \(binary))") }
        let base = Support.makeFolder()
        defer { try? FileManager.default.removeItem(atPath: base) }
        let target = base + "/big.txt"
        let old = "the old file, complete\n"
        try old.write(toFile: target, atomically: true, encoding: .utf8)

        func child() throws -> Process {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: binary)
            p.arguments = ["ExportTests.SafetyTests/testChildWriterForKillTest"]
            var env = ProcessInfo.processInfo.environment
            env["EXPORT_KILL_TEST_TARGET"] = target
            env["EXPORT_KILL_TEST_SYNC"] = sync
            p.environment = env
            p.standardOutput = FileHandle.nullDevice
            p.standardError = FileHandle.nullDevice
            try p.run()
            return p
        }

        let p = try child()
        // Wait until the temporary file has some bytes, then kill.
        let deadline = Date().addingTimeInterval(60)
        var sawTemp = false
        while Date() < deadline {
            let temps = Support.files(base).filter { $0.hasPrefix(".big.txt.tmp-") }
            if let t = temps.first, let size = try? FileManager.default.attributesOfItem(atPath: base + "/" + t)[.size] as? Int, size > 0 {
                sawTemp = true
                break
            }
            usleep(20_000)
        }
        kill(p.processIdentifier, SIGKILL)
        p.waitUntilExit()
        XCTAssertTrue(sawTemp, "the child never started writing")
        XCTAssertEqual(p.terminationReason, .uncaughtSignal)
        XCTAssertEqual(Support.read(target), old, "after a kill the old file is intact")

        // Let one finish: the new content, whole.
        let q = try child()
        q.waitUntilExit()
        XCTAssertEqual(q.terminationStatus, 0)
        let new = try XCTUnwrap(Support.read(target))
        XCTAssertEqual(new, "big\n===\n\nTEXT\n\n" + String(repeating: "new line of the new file\n", count: Self.childLines))
        // The killed child's temporary file stays behind (hidden); the target is never partial.
        XCTAssertEqual(Support.files(base).filter { !$0.hasPrefix(".big.txt.tmp-") }, ["big.txt"])
    }

    // MARK: Durability modes

    func testSyncEndFlushesEachFileSystemOnce() throws {
        let base = Support.makeFolder()
        defer { try? FileManager.default.removeItem(atPath: base) }
        try FileManager.default.createDirectory(atPath: base + "/a/b", withIntermediateDirectories: true)
        XCTAssertEqual(Durability.flush(folders: []), 0)
        XCTAssertEqual(Durability.flush(folders: [base, base + "/a", base + "/a/b"]), 1, "three folders, one file system")
        XCTAssertEqual(Durability.flush(folders: [base + "/missing"]), 0)
    }

    func testEverySyncModeWritesTheSameFiles() async throws {
        for mode in ExportSync.allCases {
            let base = Support.makeFolder()
            defer { try? FileManager.default.removeItem(atPath: base) }
            let stage = try Support.stage(["format": "text", "path": "out/{id}.txt", "sync": .string(mode.rawValue)], base: base)
            let (errors, _) = try await Support.run(stage, [Document(id: "a", text: "x"), Document(id: "b", text: "y")])
            XCTAssertEqual(errors, [nil, nil], mode.rawValue)
            XCTAssertEqual(Support.files(base), ["out/a.txt", "out/b.txt"], mode.rawValue)
            XCTAssertEqual(stage.sync, mode)
        }
        XCTAssertEqual(try Support.stage(["format": "text"], base: "/tmp").sync, .end, "end is the default")
    }

    func testOldBooleanSyncIsAnOptionError() {
        for old: Value in [true, false] {
            XCTAssertThrowsError(try Support.stage(["format": "text", "sync": old], base: "/tmp")) { error in
                XCTAssertTrue("\(error)".contains("sync"), "\(error)")
            }
        }
    }
}
