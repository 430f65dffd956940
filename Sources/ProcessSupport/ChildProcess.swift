import CProcessSpawn
import Dispatch
import Foundation
import PipelineKit

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// How a program ended.
public enum ProgramExit: Sendable, Equatable {
    /// It exited with this status.
    case exited(Int32)
    /// A signal killed it.
    case signaled(Int32)
}

/// A program started by `pipeline`, with pipes to its stdin, stdout and stderr.
///
/// Every program is started the same way (`pipeline_spawn` in the `CProcessSpawn` target): no
/// shell; the leader of a new process group, so one `kill(-pid)` ends it and every child it
/// started; registered with `ChildProcesses`, so SIGTERM, SIGINT, SIGHUP and the EPIPE exit of
/// `pipeline` take it along; and with `PR_SET_PDEATHSIG` set to SIGKILL, so it also dies when
/// `pipeline` is killed with SIGKILL. Its group is killed and unregistered by `killGroup()`,
/// which every user calls when it is done with the program.
public final class ChildProcess: Sendable {
    /// The program's pid, which is also its process group's id.
    public let pid: Int32
    /// The bytes the program writes to stdout, as they come; ends at end of file.
    public let standardOutput: AsyncStream<[UInt8]>
    /// The bytes the program writes to stderr, as they come; ends at end of file.
    public let standardError: AsyncStream<[UInt8]>
    private let input: DispatchIO
    private let exit: Task<ProgramExit, Never>

    /// Starts `executable` (an absolute path) with `arguments`, in `workingDirectory`, with the
    /// inherited environment changed by `environment` (`nil` removes a variable).
    public init(executable: String, arguments: [String], environment: [String: String?] = [:],
                workingDirectory: String? = nil) throws(ProgramStartError) {
        Self.ignoreBrokenPipes()
        var variables = ProcessInfo.processInfo.environment
        for (key, value) in environment { variables[key] = value }
        let argv = [executable] + arguments
        let envp = variables.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        var child = pipeline_child(pid: 0, stdin_fd: -1, stdout_fd: -1, stderr_fd: -1)
        let result = Self.withCStrings(argv) { argvPointer in
            Self.withCStrings(envp) { envpPointer in
                if let workingDirectory {
                    return pipeline_spawn(executable, argvPointer, envpPointer, workingDirectory, &child)
                }
                return pipeline_spawn(executable, argvPointer, envpPointer, nil, &child)
            }
        }
        guard result == 0 else { throw ProgramStartError(code: result, executable: executable) }
        let pid = child.pid
        self.pid = pid
        ChildProcesses.register(pid)
        let queue = DispatchQueue(label: "pipeline.child-process")
        standardOutput = Self.stream(from: child.stdout_fd, queue: queue)
        standardError = Self.stream(from: child.stderr_fd, queue: queue)
        let stdinFD = child.stdin_fd
        input = DispatchIO(type: .stream, fileDescriptor: stdinFD, queue: queue) { _ in close(stdinFD) }
        exit = Task.detached { await Self.waitForExit(pid) }
    }

    // MARK: Input

    /// Writes `bytes` to the program's stdin; throws when it closed its stdin (it exited, say).
    public func write(_ bytes: [UInt8]) async throws(ProgramInputClosed) {
        if bytes.isEmpty { return }
        let data = bytes.withUnsafeBytes { DispatchData(bytes: $0) }
        let queue = DispatchQueue(label: "pipeline.child-process.write")
        let failed: Bool = await withCheckedContinuation { continuation in
            input.write(offset: 0, data: data, queue: queue) { done, _, error in
                if done { continuation.resume(returning: error != 0) }
            }
        }
        if failed { throw ProgramInputClosed() }
    }

    /// Closes the program's stdin once what was written has gone out (the program sees EOF).
    public func closeInput() {
        input.close()
    }

    // MARK: Ending

    /// Waits until the program exits and returns how.
    public func waitForExit() async -> ProgramExit {
        await exit.value
    }

    /// The exit status, or `nil` when the program is still running after `grace`.
    public func waitForExit(grace: Duration) async -> ProgramExit? {
        let exit = self.exit
        return await withTaskGroup(of: ProgramExit?.self) { group in
            group.addTask { await exit.value }
            group.addTask {
                try? await Task.sleep(for: grace)
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first
        }
    }

    /// Sends SIGKILL to the program's process group (the program and every child it left)
    /// and forgets the group. Idempotent.
    public func killGroup() {
        ChildProcess.killGroup(pid)
        input.close(flags: .stop)
    }

    // MARK: Plumbing

    /// A stream of the bytes read from `fd` until end of file; closes `fd` at the end.
    private static func stream(from fd: Int32, queue: DispatchQueue) -> AsyncStream<[UInt8]> {
        let (stream, continuation) = AsyncStream<[UInt8]>.makeStream()
        let channel = DispatchIO(type: .stream, fileDescriptor: fd, queue: queue) { _ in close(fd) }
        channel.setLimit(lowWater: 1)
        channel.read(offset: 0, length: Int.max, queue: queue) { done, data, _ in
            if let data, !data.isEmpty { continuation.yield([UInt8](data)) }
            if done {
                continuation.finish()
                channel.close()
            }
        }
        continuation.onTermination = { _ in channel.close(flags: .stop) }
        return stream
    }

    /// Reaps `pid` on a thread of its own (a blocking `waitpid`), so no cooperative thread waits.
    private static func waitForExit(_ pid: Int32) async -> ProgramExit {
        await withCheckedContinuation { continuation in
            let thread = Thread {
                var status: Int32 = 0
                while waitpid(pid, &status, 0) < 0 {
                    if errno != EINTR {
                        continuation.resume(returning: .exited(-1))
                        return
                    }
                }
                let signal = status & 0x7F
                continuation.resume(returning: signal == 0 ? .exited((status >> 8) & 0xFF) : .signaled(signal))
            }
            thread.stackSize = 64 << 10
            thread.start()
        }
    }

    private static func withCStrings<R>(_ strings: [String], _ body: (UnsafePointer<UnsafeMutablePointer<CChar>?>) -> R) -> R {
        var pointers: [UnsafeMutablePointer<CChar>?] = strings.map { strdup($0) }
        pointers.append(nil)
        defer { for pointer in pointers { free(pointer) } }
        return pointers.withUnsafeBufferPointer { body($0.baseAddress!) }
    }

    /// Writing to a program that already exited must fail with EPIPE, not kill the pipeline.
    public static func ignoreBrokenPipes() {
        _ = sigpipeIgnored
    }

    private static let sigpipeIgnored: Bool = {
        _ = signal(SIGPIPE, SIG_IGN)
        return true
    }()
}

extension ChildProcess {
    /// Sends SIGKILL to the process group `group` and forgets it (`ChildProcesses`).
    static func killGroup(_ group: Int32) {
        guard group > 1 else { return }
        _ = kill(-group, SIGKILL)
        ChildProcesses.unregister(group)
    }
}

/// A program could not be started: not found, not executable, a bad working directory.
public struct ProgramStartError: Error, Sendable, CustomStringConvertible {
    /// The errno value.
    public var code: Int32
    /// The program's path.
    public var executable: String

    /// `cannot start /usr/bin/x: Permission denied`.
    public var description: String {
        "cannot start \(executable): \(String(cString: strerror(code)))"
    }
}

/// The program's stdin is closed: it exited or closed it without reading everything.
public struct ProgramInputClosed: Error, Sendable {}
