import Foundation
import PipelineKit
import XCTest

@testable import ProcessSupport

final class ProgramRunTests: XCTestCase {
    private func run(_ arguments: [String], input: String = "", timeout: Duration = .seconds(5), limit: Int = 1 << 20) async throws
        -> ProgramRun.Outcome
    {
        try await ProgramRun(executable: "/bin/sh", arguments: ["-c"] + arguments, timeout: timeout, maxOutputBytes: limit)
            .run(input: Array(input.utf8))
    }

    func testEchoesStdinAndKeepsTheExitStatus() async throws {
        let outcome = try await run(["cat; echo done >&2"], input: "hello")
        XCTAssertEqual(outcome.ending, .finished(.exited(0), stdout: Array("hello".utf8)))
        XCTAssertEqual(outcome.stderrTail, "done")
        let failed = try await run(["exit 3"])
        XCTAssertEqual(failed.ending, .finished(.exited(3), stdout: []))
    }

    func testBigInputAndOutputDoNotDeadlock() async throws {
        let text = String(repeating: "0123456789abcdef", count: 1 << 16)  // 1 MiB, far over a pipe buffer
        let outcome = try await run(["cat"], input: text, limit: 4 << 20)
        guard case .finished(.exited(0), let stdout) = outcome.ending else { return XCTFail("\(outcome.ending)") }
        XCTAssertEqual(stdout.count, text.utf8.count)
    }

    func testSignalledProgram() async throws {
        let outcome = try await run(["kill -SEGV $$"])
        XCTAssertEqual(outcome.ending, .finished(.signaled(SIGSEGV), stdout: []))
        XCTAssertEqual(SignalName.of(SIGSEGV), "SIGSEGV")
    }

    func testTimeoutKillsTheWholeGroup() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ps-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let pidFile = folder.appendingPathComponent("pid").path
        let started = Date()
        let outcome = try await run(["sleep 30 & echo $! > \(pidFile); wait"], timeout: .milliseconds(300))
        XCTAssertEqual(outcome.ending, .timedOut)
        XCTAssertLessThan(Date().timeIntervalSince(started), 5)
        let grandchild = try XCTUnwrap(Int32(try String(contentsOfFile: pidFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)))
        try await Task.sleep(for: .milliseconds(100))
        XCTAssertFalse(isAlive(grandchild), "the program's child must die with it")
    }

    func testOutputLimit() async throws {
        let outcome = try await run(["head -c 100000 /dev/zero"], limit: 1000)
        XCTAssertEqual(outcome.ending, .outputTooLarge)
    }

    func testMissingExecutableIsAStartError() async throws {
        do {
            _ = try await ProgramRun(executable: "/no/such/program", arguments: [], timeout: .seconds(1), maxOutputBytes: 10).run(input: [])
            XCTFail("expected an error")
        } catch let error as ProgramStartError {
            XCTAssertEqual(error.description, "cannot start /no/such/program: No such file or directory")
        }
    }

    func testChildHasParentDeathSignalAndOwnGroup() async throws {
        // /proc/self/status has no PDEATHSIG field; ask the child through its own prctl via python3
        // when available, else check only the process group.
        let outcome = try await run(["ps -o pgid= -p $$; echo $$"])
        guard case .finished(.exited(0), let stdout) = outcome.ending else { return XCTFail("\(outcome.ending)") }
        let lines = String(decoding: stdout, as: UTF8.self).split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        if lines.count == 2 { XCTAssertEqual(lines[0], lines[1], "the program leads its own process group") }
        if FileManager.default.isExecutableFile(atPath: "/usr/bin/python3") {
            let check = try await ProgramRun(
                executable: "/usr/bin/python3",
                arguments: ["-c", "import ctypes,signal;l=ctypes.CDLL(None);s=ctypes.c_int();l.prctl(2,ctypes.byref(s));print(s.value)"],
                timeout: .seconds(10), maxOutputBytes: 100
            ).run(input: [])
            XCTAssertEqual(check.ending, .finished(.exited(0), stdout: Array("\(SIGKILL)\n".utf8)), "PR_GET_PDEATHSIG in the child")
        }
    }

    func testChildrenAreRegisteredOnlyWhileRunning() async throws {
        let process = try ChildProcess(executable: "/bin/sleep", arguments: ["5"])
        XCTAssertTrue(ChildProcesses.registered.contains(process.pid))
        process.killGroup()
        let exit = await process.waitForExit()
        XCTAssertEqual(exit, .signaled(SIGKILL))
        XCTAssertFalse(ChildProcesses.registered.contains(process.pid))
    }

    func testEnvironmentOverridesAndWorkingDirectory() async throws {
        let outcome = try await ProgramRun(
            executable: "/bin/sh", arguments: ["-c", "echo \"$GREETING:${HOME-unset}:$(pwd)\""],
            environment: ["GREETING": "hi", "HOME": nil], workingDirectory: "/tmp", timeout: .seconds(5), maxOutputBytes: 100
        ).run(input: [])
        XCTAssertEqual(outcome.ending, .finished(.exited(0), stdout: Array("hi:unset:/tmp\n".utf8)))
    }

    private func isAlive(_ pid: Int32) -> Bool {
        // A zombie still answers kill(0); read its state instead.
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else { return false }
        return !status.contains(") Z ")
    }
}
