import Foundation
import XCTest

#if canImport(Glibc)
import Glibc
#endif

/// Fault injection against the built binary: signals, full disks, read-only folders and a
/// closed or full stdout. Each asserts an honest exit code, nothing partial under a final
/// name, and no child program left running.
extension EndToEndTests {
    /// Starts `pipeline` with `arguments` (stdout and stderr to files) and returns the process.
    private func start(_ arguments: [String], stdout: String? = nil) throws -> Process {
        let process = Process()
        process.executableURL = Self.binary
        process.arguments = arguments
        process.currentDirectoryURL = scratch
        process.standardInput = FileHandle(forReadingAtPath: "/dev/null")
        FileManager.default.createFile(atPath: scratch.path + "/stdout", contents: nil)
        process.standardOutput = FileHandle(forWritingAtPath: stdout ?? scratch.path + "/stdout")
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    /// Whether `pid` is a live process (a zombie counts as dead: nobody may have reaped it).
    private func isAlive(_ pid: Int32) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else { return kill(pid, 0) == 0 }
        guard let close = stat.lastIndex(of: ")") else { return true }
        let state = stat[stat.index(close, offsetBy: 2)]
        return state != "Z" && state != "X"
    }

    /// Waits for a file to hold pids, one per line.
    private func pids(in path: String, count: Int = 1) throws -> [Int32] {
        for _ in 0..<500 {
            if let text = try? String(contentsOfFile: path, encoding: .utf8) {
                let pids = text.split(separator: "\n").compactMap { Int32($0) }
                if pids.count >= count { return pids }
            }
            usleep(20_000)
        }
        throw XCTSkip("the command program never started")
    }

    private func sleeperPipeline(persistent: Bool = false) throws -> String {
        let program = try write("sleeper.sh", "#!/bin/sh\necho $$ >> \(scratch.path)/pids\nsleep 60 &\necho $! >> \(scratch.path)/pids\nwait\n")
        chmod(program, 0o755)
        return try write("sleep.yaml", "stages:\n  - command:\n      run: [\(program)]\n      timeout: 120\n      persistent: \(persistent)\n")
    }

    func testFatalSignalsTakeCommandProgramsAlong() throws {
        for sig in [SIGTERM, SIGINT, SIGHUP] {
            try? FileManager.default.removeItem(atPath: scratch.path + "/pids")
            let yaml = try sleeperPipeline()
            let input = try write("in.txt", "hello")
            let process = try start(["run", yaml, input])
            let children = try pids(in: scratch.path + "/pids", count: 2)
            kill(process.processIdentifier, sig)
            process.waitUntilExit()
            XCTAssertEqual(process.terminationReason, .uncaughtSignal, "signal \(sig)")
            XCTAssertEqual(process.terminationStatus, sig)
            usleep(100_000)
            for child in children { XCTAssertFalse(isAlive(child), "child \(child) outlived pipeline after signal \(sig)") }
        }
    }

    func testABrokenStdoutPipeTakesPersistentProgramsAlong() throws {
        // `pipeline ... | head -1`: the reader goes away after the first line.
        let program = try write("echo.sh", "#!/bin/sh\necho $$ >> \(scratch.path)/pids\nwhile read line; do printf '%s\\n' \"$line\"; done\n")
        chmod(program, 0o755)
        let yaml = try write("echo.yaml", "stages:\n  - command:\n      run: [\(program)]\n      persistent: true\n")
        var lines = ""
        for i in 0..<20000 { lines += "{\"id\":\"d\(i)\",\"text\":\"\(String(repeating: "x", count: 100))\"}\n" }
        let input = try write("in.jsonl", lines)
        let sh = Process()
        sh.executableURL = URL(fileURLWithPath: "/bin/sh")
        sh.arguments = ["-c", "'\(Self.binary.path)' run '\(yaml)' --jsonl '\(input)' | head -1 > /dev/null; echo ${PIPESTATUS:-done}"]
        sh.standardOutput = FileHandle.nullDevice
        sh.standardError = FileHandle.nullDevice
        try sh.run()
        sh.waitUntilExit()
        let children = try pids(in: scratch.path + "/pids")
        usleep(300_000)
        for child in children { XCTAssertFalse(isAlive(child), "the persistent program outlived pipeline | head -1") }
    }

    /// Runs a one-stage pipeline over a JSON-lines file large enough to be read through a memory
    /// mapping (`MappedInput`, ~2.5 MB): a persistent command stage whose program runs `act`
    /// (shell lines; `$INPUT` is the input's path) when the first document reaches it, then
    /// passes every line through. Returns the run's result and the input's path.
    private func runOverAMappedInput(whenTheFirstDocumentArrives act: String) throws -> (result: Result, input: String) {
        var lines = ""
        for i in 0..<20000 { lines += "{\"id\":\"d\(i)\",\"text\":\"\(String(repeating: "x", count: 100))\"}\n" }
        let input = try write("in.jsonl", lines)
        let program = try write("stage.sh", "#!/bin/sh\nINPUT='\(input)'\nread line\n\(act)\nprintf '%s\\n' \"$line\"\n"
                                    + "while read line; do printf '%s\\n' \"$line\"; done\n")
        chmod(program, 0o755)
        let yaml = try write("stage.yaml", "stages:\n  - command:\n      run: [\(program)]\n      persistent: true\n")
        return (try pipelineThroughShell("'\(Self.binary.path)' run '\(yaml)' --jsonl '\(input)' > /dev/null"), input)
    }

    /// Truncated by another program while the run reads it through its mapping, an input stops
    /// the run with a message naming it (SIGBUS), and the stages' programs go along.
    func testAnInputTruncatedWhileItIsReadStopsTheRunWithAMessage() throws {
        let (result, input) = try runOverAMappedInput(whenTheFirstDocumentArrives: "echo $$ >> '\(scratch.path)/pids'\n: > \"$INPUT\"")
        XCTAssertEqual(result.status, 128 + SIGBUS, result.stderr)
        XCTAssertTrue(result.stderr.contains("pipeline: error: input \(input) could not be read through its memory mapping (it was truncated"),
                      result.stderr)
        let children = try pids(in: scratch.path + "/pids")
        usleep(100_000)
        for child in children { XCTAssertFalse(isAlive(child), "the stage's program outlived pipeline") }
    }

    /// The message names an input only for a fault inside its mapping: a SIGBUS that another
    /// program sends while the input is mapped takes its default course, blamed on no input.
    func testASIGBUSFromAnotherProgramIsNotBlamedOnTheMappedInput() throws {
        let (result, _) = try runOverAMappedInput(whenTheFirstDocumentArrives: "kill -BUS $PPID")
        XCTAssertEqual(result.status, 128 + SIGBUS, result.stderr)
        XCTAssertFalse(result.stderr.contains("could not be read through its memory mapping"), result.stderr)
    }

    func testAFullStdoutFailsTheRun() throws {
        let input = try write("in.txt", "Hello,\n\nThe text.\n\nBest,\nAda")
        let process = try start(["run", "pipelines/strip.yaml", input].map { $0.hasPrefix("pipelines/") ? Self.root.path + "/" + $0 : $0 },
                                stdout: "/dev/full")
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 1)
    }

    func testAClosedStdoutFailsTheRun() throws {
        let input = try write("in.txt", "Hello,\n\nThe text.\n\nBest,\nAda")
        let result = try pipelineThroughShell("'\(Self.binary.path)' run '\(Self.root.path)/pipelines/strip.yaml' '\(input)' >&-")
        XCTAssertEqual(result.status, 1, result.stderr)
        XCTAssertTrue(result.stderr.contains("standard output is closed"), result.stderr)
    }

    /// Runs a shell command line; returns its status and stderr.
    private func pipelineThroughShell(_ line: String) throws -> Result {
        let sh = Process()
        sh.executableURL = URL(fileURLWithPath: "/bin/sh")
        sh.arguments = ["-c", line]
        let err = Pipe()
        sh.standardError = err
        sh.standardInput = FileHandle(forReadingAtPath: "/dev/null")
        try sh.run()
        let data = err.fileHandleForReading.readDataToEndOfFile()
        sh.waitUntilExit()
        return Result(status: sh.terminationStatus, stdout: "", stderr: String(decoding: data, as: UTF8.self))
    }

    /// Mounts a small tmpfs (root only); skips when that is not possible here.
    private func smallDisk(_ name: String, size: String, readOnly: Bool = false) throws -> String {
        let path = scratch.path + "/" + name
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        let mount = try pipelineThroughShell("mount -t tmpfs -o size=\(size)\(readOnly ? ",ro" : "") tmpfs '\(path)'")
        try XCTSkipIf(mount.status != 0, "cannot mount a tmpfs here (needs root): \(mount.stderr)")
        addTeardownBlock { _ = try? self.pipelineThroughShell("umount '\(path)'") }
        return path
    }

    func testExportToAFullDiskLeavesNothingPartialAndFails() throws {
        let disk = try smallDisk("full", size: "64k")
        let yaml = try write("export.yaml", "stages:\n  - export: {format: text, folder: \"\(disk)\", path: \"{id}.txt\"}\n")
        var files: [String] = []
        for i in 0..<6 { files.append(try write("doc\(i).txt", String(repeating: "word \(i) ", count: 4000))) }
        let result = try pipeline(["run", yaml] + files + ["--report", scratch.path + "/report.json"])
        XCTAssertEqual(result.status, 1, result.stderr)
        XCTAssertTrue(result.stderr.contains("No space left on device"), result.stderr)
        let written = try FileManager.default.contentsOfDirectory(atPath: disk)
        XCTAssertTrue(written.allSatisfy { !$0.hasPrefix(".") }, "temporary files left behind: \(written)")
        // The same export to a folder with room is the reference for "whole".
        let roomy = scratch.path + "/roomy"
        try FileManager.default.createDirectory(atPath: roomy, withIntermediateDirectories: true)
        let reference = try write("reference.yaml", "stages:\n  - export: {format: text, folder: \"\(roomy)\", path: \"{id}.txt\"}\n")
        XCTAssertEqual(try pipeline(["run", reference] + files).status, 0)
        for name in written {
            let got = try Data(contentsOf: URL(fileURLWithPath: disk + "/" + name))
            let whole = try Data(contentsOf: URL(fileURLWithPath: roomy + "/" + name))
            XCTAssertEqual(got, whole, "\(name) is partial")
        }
        let report = try String(contentsOfFile: scratch.path + "/report.json", encoding: .utf8)
        XCTAssertTrue(report.contains("\"failed\""), report)
    }

    func testExportToAReadOnlyFolderFailsEachDocumentClearly() throws {
        let disk = try smallDisk("ro", size: "64k", readOnly: true)
        let yaml = try write("export.yaml", "stages:\n  - export: {format: text, folder: \"\(disk)\", path: \"{id}.txt\"}\n")
        let input = try write("in.txt", "text")
        let result = try pipeline(["run", yaml, input])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.stderr.contains("Read-only file system"), result.stderr)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: disk), [])
    }

    func testSQLiteOnAFullDiskReportsTheRolledBackBatchFailed() throws {
        let disk = try smallDisk("sqlite", size: "128k")
        let yaml = try write("db.yaml", "stages:\n  - export: {format: sqlite, folder: \"\(disk)\", path: out.db}\n")
        var lines = ""
        for i in 0..<60 { lines += "{\"id\":\"d\(i)\",\"text\":\"\(String(repeating: "z", count: 4000))\"}\n" }
        let input = try write("in.jsonl", lines)
        let report = scratch.path + "/report.json"
        let result = try pipeline(["run", yaml, "--jsonl", input, "--report", report])
        XCTAssertEqual(result.status, 1, result.stderr)
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: report))) as! [String: Any]
        let documents = try XCTUnwrap(object["items"] as? [[String: Any]])
        XCTAssertEqual(documents.count, 60)
        let ok = Set(documents.filter { $0["status"] as? String == "ok" }.compactMap { $0["id"] as? String })
        // Every document reported ok must be in the database.
        let rows = try pipelineThroughShell("sqlite3 '\(disk)/out.db' 'select id from documents' 1>&2")
        try XCTSkipIf(rows.status == 127, "no sqlite3 command to read the database back")
        let stored = Set(rows.stderr.split(separator: "\n").map(String.init))
        XCTAssertTrue(ok.isSubset(of: stored), "reported ok but not stored: \(ok.subtracting(stored).sorted())")
    }

    func testSignalsAtRandomPointsDuringExportLeaveOnlyWholeFiles() throws {
        let out = scratch.path + "/out"
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        let yaml = try write("export.yaml", "stages:\n  - export: {format: text, folder: \"\(out)\", path: \"{id}.txt\", overwrite: true}\n")
        var lines = ""
        let body = String(repeating: "abcdefgh", count: 20000)
        for i in 0..<200 { lines += "{\"id\":\"d\(i)\",\"text\":\"\(body)\"}\n" }
        let input = try write("in.jsonl", lines)
        // The size of each whole file: the same documents exported by a run that is not interrupted.
        let referenceFolder = scratch.path + "/reference"
        let referenceYAML = try write("reference.yaml", "stages:\n  - export: {format: text, folder: \"\(referenceFolder)\", path: \"{id}.txt\", overwrite: true}\n")
        let reference = try start(["run", referenceYAML, "--jsonl", input])
        reference.waitUntilExit()
        XCTAssertEqual(reference.terminationStatus, 0)
        var whole: [String: Int] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: referenceFolder) where !name.hasPrefix(".") {
            whole[name] = try XCTUnwrap(FileManager.default.attributesOfItem(atPath: referenceFolder + "/" + name)[.size] as? Int)
        }
        XCTAssertEqual(whole.count, 200)
        XCTAssertGreaterThan(whole["d0.txt"] ?? 0, body.utf8.count)
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<4 {
            let process = try start(["run", yaml, "--jsonl", input])
            usleep(UInt32.random(in: 20_000...400_000, using: &generator))
            kill(process.processIdentifier, [SIGTERM, SIGINT, SIGKILL].randomElement(using: &generator)!)
            process.waitUntilExit()
            for name in try FileManager.default.contentsOfDirectory(atPath: out) where !name.hasPrefix(".") {
                let size = (try FileManager.default.attributesOfItem(atPath: out + "/" + name)[.size] as? Int) ?? -1
                XCTAssertEqual(size, whole[name], "\(name) is partial")
            }
        }
    }
}
