import Foundation
import XCTest

#if canImport(Glibc)
import Glibc
#endif

/// Programs that stages start (the command stage, translate's command provider) are started
/// one way, by ProcessSupport: found and checked the same way, and killed with `pipeline`.
extension EndToEndTests {
    func testValidateChecksAMisspelledProgramAlikeInBothStages() throws {
        let command = try write("command.yaml", "stages:\n  - command:\n      run: [pyhton3, stage.py]\n")
        let translate = try write(
            "translate.yaml", "stages:\n  - translate:\n      to: fr\n      provider: command\n      command: [pyhton3, tr.py]\n")
        let r = try pipeline(["validate", command, translate], environment: ["PATH": "/usr/bin:/bin"])
        XCTAssertEqual(r.status, 2, r.stderr)
        let lines = r.stderr.split(separator: "\n").map(String.init)
        let commandLine = try XCTUnwrap(lines.first { $0.hasPrefix(command + ":") }, r.stderr)
        let translateLine = try XCTUnwrap(lines.first { $0.hasPrefix(translate + ":") }, r.stderr)
        // The same words after the location and the option name.
        func problem(_ line: String) -> String { String(line[line.range(of: "program 'pyhton3'")!.lowerBound...]) }
        XCTAssertEqual(problem(commandLine), problem(translateLine))
        XCTAssertTrue(commandLine.contains("not found on PATH"), commandLine)
    }

    func testSIGKILLOfPipelineTakesCommandProgramsAlong() throws {
        for persistent in [false, true] {
            let pidFile = scratch.path + "/pids-\(persistent)"
            // `exec sleep`: the stage's program itself sleeps, as a slow model or a hung tool does.
            let program = try write("sleeper-\(persistent).sh", "#!/bin/sh\necho $$ >> \(pidFile)\nexec sleep 60\n")
            chmod(program, 0o755)
            let yaml = try write("sleep-\(persistent).yaml",
                                 "stages:\n  - command:\n      run: [\(program)]\n      timeout: 120\n      persistent: \(persistent)\n")
            let input = try write("in.txt", "hello")
            let process = Process()
            process.executableURL = Self.binary
            process.arguments = ["run", yaml, input]
            process.standardInput = FileHandle.nullDevice
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            var child: Int32?
            for _ in 0..<500 where child == nil {
                usleep(20_000)
                child = (try? String(contentsOfFile: pidFile, encoding: .utf8)).flatMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
            }
            let pid = try XCTUnwrap(child, "the command program never started")
            usleep(100_000)  // it is now in `sleep`
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            var alive = true
            for _ in 0..<100 where alive {
                usleep(20_000)
                alive = Self.isLive(pid)
            }
            XCTAssertFalse(alive, "the program (persistent: \(persistent)) outlived a SIGKILL of pipeline")
            if alive { kill(pid, SIGKILL) }
        }
    }

    /// Whether `pid` runs (a zombie or a vanished process does not).
    static func isLive(_ pid: Int32) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else { return false }
        guard let close = stat.lastIndex(of: ")") else { return true }
        let state = stat[stat.index(close, offsetBy: 2)]
        return state != "Z" && state != "X"
    }
}
