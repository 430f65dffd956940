import Foundation
import PipelineKit
import XCTest

#if canImport(Glibc)
import Glibc
#endif

/// The export of a file per document runs on the run's sink thread, overlapped with the next
/// documents' stages (`SinkSegment`): through the binary, a write that fails in the middle of a
/// run fails that document only, and a killed run leaves only whole files.
extension EndToEndTests {
    /// `count` news-like JSON lines `d0`... with a greeting, a phone number and a sign-off.
    private func newsLines(_ count: Int, body: String = "") -> String {
        (0..<count).map { i in
            Document(id: "d\(i)", text: "Hello team,\n\nItem \(i): the meeting moved to 3 pm. Call +1 555 010 \(1000 + i).\(body)\n\nBest regards,\nJo").jsonLine()
        }.joined(separator: "\n") + "\n"
    }

    func testAnExportWriteThatFailsMidRunFailsThatDocumentWithOneAndTwoJobs() throws {
        let input = try write("in.jsonl", newsLines(60))
        for jobs in ["1", "2"] {
            let out = scratch.appendingPathComponent("out-\(jobs)")
            // A folder where d23's file should go: the rename over it fails, for that document only.
            try FileManager.default.createDirectory(at: out.appendingPathComponent("d23.md"), withIntermediateDirectories: true)
            let yaml = try write("export-\(jobs).yaml", """
                stages:
                  - strip-salutations
                  - redact: {entities: [phone]}
                  - export: {format: markdown, folder: "\(out.path)", path: "{id}.md", overwrite: true}
                """)
            let report = scratch.appendingPathComponent("report-\(jobs).json").path
            let r = try pipeline(["run", yaml, input, "--jsonl", "--jobs", jobs, "--report", report])
            XCTAssertEqual(r.status, 1, r.stderr)
            XCTAssertEqual(r.stderr.split(separator: "\n").filter { $0.contains("error") }.map(String.init),
                           ["\(input):24: error: stage 'export' failed: '\(out.path)/d23.md' is a folder"], "jobs \(jobs)")
            // The others are written and printed, in input order.
            let ids = try r.stdout.split(separator: "\n").map { try JSONReader.parse(String($0))["id"]!.stringValue! }
            XCTAssertEqual(ids, (0..<60).filter { $0 != 23 }.map { "d\($0)" })
            let files = try FileManager.default.contentsOfDirectory(atPath: out.path).sorted()
            XCTAssertEqual(files, (0..<60).map { "d\($0).md" }.sorted())
            for i in [0, 22, 24, 59] {
                let text = try String(contentsOf: out.appendingPathComponent("d\(i).md"), encoding: .utf8)
                XCTAssertTrue(text.contains("Item \(i):"), text)
                XCTAssertFalse(text.contains("555 010"), "redacted before the export")
            }
            let written = try JSONReader.parse(String(contentsOfFile: report, encoding: .utf8))
            XCTAssertEqual(written["exit-code"], 1)
            XCTAssertEqual(written["documents"]?["ok"], 59)
            XCTAssertEqual(written["documents"]?["failed"], 1)
            let failed = written["items"]?.arrayValue?.filter { $0["status"] == "failed" } ?? []
            XCTAssertEqual(failed.map { $0["id"] }, [.string("d23")])
            XCTAssertEqual(failed.first?["stage"], "export")
        }
    }

    func testAKilledRunWithOneJobLeavesOnlyWholeFiles() throws {
        let out = scratch.appendingPathComponent("out").path
        let body = " " + String(repeating: "More text for the brief. ", count: 1000)
        let input = try write("in.jsonl", newsLines(300, body: body))
        let yaml = try write("export.yaml", """
            stages:
              - strip-salutations
              - export: {format: text, folder: "\(out)", path: "{id}.txt", overwrite: true}
            """)
        // Whole files: what an uninterrupted run writes.
        let reference = scratch.appendingPathComponent("reference").path
        let referenceYAML = try write("reference.yaml", """
            stages:
              - strip-salutations
              - export: {format: text, folder: "\(reference)", path: "{id}.txt", overwrite: true}
            """)
        XCTAssertEqual(try pipeline(["run", referenceYAML, input, "--jsonl", "--jobs", "1"]).status, 0)
        var whole: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: reference) {
            whole[name] = FileManager.default.contents(atPath: reference + "/" + name)
        }
        XCTAssertEqual(whole.count, 300)
        var generator = SystemRandomNumberGenerator()
        var interrupted = 0
        for sig in [SIGKILL, SIGTERM, SIGINT, SIGKILL] {
            let process = Process()
            process.executableURL = Self.binary
            process.arguments = ["run", yaml, input, "--jsonl", "--jobs", "1"]
            process.standardInput = FileHandle.nullDevice
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            // Wait for the first files, then kill while the sink thread is writing.
            for _ in 0..<1000 where ((try? FileManager.default.contentsOfDirectory(atPath: out))?.count ?? 0) < 5 { usleep(2_000) }
            usleep(UInt32.random(in: 0...30_000, using: &generator))
            kill(process.processIdentifier, sig)
            process.waitUntilExit()
            if process.terminationReason == .uncaughtSignal { interrupted += 1 }
            for name in try FileManager.default.contentsOfDirectory(atPath: out) where !name.hasPrefix(".") {
                XCTAssertEqual(FileManager.default.contents(atPath: out + "/" + name), whole[name], "\(name) is partial or wrong (signal \(sig))")
            }
        }
        if interrupted == 0 { throw XCTSkip("every run finished before its signal: nothing was interrupted") }
    }
}
