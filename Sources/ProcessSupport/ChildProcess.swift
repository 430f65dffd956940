import CProcessSpawn
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
    private let input: InputPipe
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
        standardOutput = Self.stream(from: child.stdout_fd)
        standardError = Self.stream(from: child.stderr_fd)
        input = InputPipe(child.stdin_fd)
        exit = Task.detached { await Self.waitForExit(pid) }
    }

    // MARK: Input

    /// Writes `bytes` to the program's stdin; throws when it closed its stdin (it exited, say).
    public func write(_ bytes: [UInt8]) async throws(ProgramInputClosed) {
        try await input.write(bytes)
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
        input.close()
    }

    // MARK: Plumbing

    /// A stream of the bytes read from `fd` until end of file, read by blocking `read` calls on
    /// a thread of its own (the program's death ends it with EOF); closes `fd` at the end.
    private static func stream(from fd: Int32) -> AsyncStream<[UInt8]> {
        let (stream, continuation) = AsyncStream<[UInt8]>.makeStream()
        let thread = Thread {
            var buffer = [UInt8](repeating: 0, count: 64 << 10)
            while true {
                let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
                if count > 0 {
                    continuation.yield(Array(buffer[0..<count]))
                } else if count < 0 && errno == EINTR {
                    continue
                } else {
                    break
                }
            }
            close(fd)
            continuation.finish()
        }
        thread.stackSize = 256 << 10
        thread.start()
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

/// The parent's end of a program's stdin. Writes block on a thread of their own (a program that
/// does not read fills the pipe; its death ends the write with EPIPE); the descriptor is closed
/// once, when no write is in flight, so its number is never reused under a running write.
final class InputPipe: Sendable {
    private struct State {
        var fd: Int32
        var writing = false
        var closeRequested = false
    }

    private let state: LockedValue<State>

    init(_ fd: Int32) {
        state = LockedValue(State(fd: fd))
    }

    deinit {
        state.withLock { state in
            if state.fd >= 0 { closeDescriptor(state.fd) }
        }
    }

    func write(_ bytes: [UInt8]) async throws(ProgramInputClosed) {
        if bytes.isEmpty { return }
        let fd: Int32? = state.withLock { state in
            guard state.fd >= 0, !state.closeRequested, !state.writing else { return nil }
            state.writing = true
            return state.fd
        }
        guard let fd else { throw ProgramInputClosed() }
        let written: Bool = await withCheckedContinuation { continuation in
            let thread = Thread {
                var offset = 0
                let ok: Bool = bytes.withUnsafeBytes { raw in
                    while offset < raw.count {
                        let count = writeDescriptor(fd, raw.baseAddress! + offset, raw.count - offset)
                        if count > 0 {
                            offset += count
                        } else if count < 0 && errno == EINTR {
                            continue
                        } else {
                            return false
                        }
                    }
                    return true
                }
                continuation.resume(returning: ok)
            }
            thread.stackSize = 64 << 10
            thread.start()
        }
        state.withLock { state in
            state.writing = false
            if state.closeRequested && state.fd >= 0 {
                closeDescriptor(state.fd)
                state.fd = -1
            }
        }
        if !written { throw ProgramInputClosed() }
    }

    /// Closes stdin now, or after the write in flight.
    func close() {
        state.withLock { state in
            state.closeRequested = true
            if !state.writing && state.fd >= 0 {
                closeDescriptor(state.fd)
                state.fd = -1
            }
        }
    }
}

/// `close(2)` and `write(2)` under names that `InputPipe`'s own `close()` does not hide.
private func closeDescriptor(_ fd: Int32) { _ = close(fd) }
private func writeDescriptor(_ fd: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int { write(fd, bytes, count) }
