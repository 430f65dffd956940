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
///
/// One thread per program (`ProgramMonitor`) polls its stdout, stderr and exit (a pidfd) and
/// feeds `standardOutput`, `standardError` and `waitForExit()`; writes to stdin go straight to
/// the non-blocking pipe and only wait on a thread when the pipe is full.
public final class ChildProcess: Sendable {
    /// The program's pid, which is also its process group's id.
    public let pid: Int32
    /// The bytes the program writes to stdout, as they come; ends at end of file.
    public let standardOutput: AsyncStream<[UInt8]>
    /// The bytes the program writes to stderr, as they come; ends at end of file.
    public let standardError: AsyncStream<[UInt8]>
    private let input: InputPipe
    private let exit: ExitStatus

    /// Starts `executable` (an absolute path) with `arguments`, in `workingDirectory`, with the
    /// inherited environment changed by `environment` (`nil` removes a variable).
    public init(executable: String, arguments: [String], environment: [String: String?] = [:],
                workingDirectory: String? = nil) throws(ProgramStartError) {
        Self.ignoreBrokenPipes()
        var variables = ProcessVariables.all()
        for (key, value) in environment { variables[key] = value }
        let argv = [executable] + arguments
        let envp = variables.map { "\($0.key)=\($0.value)" }
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
        pid = child.pid
        ChildProcesses.register(pid)
        let (output, outputFeed) = AsyncStream<[UInt8]>.makeStream()
        let (errors, errorFeed) = AsyncStream<[UInt8]>.makeStream()
        standardOutput = output
        standardError = errors
        input = InputPipe(child.stdin_fd)
        exit = ExitStatus()
        ProgramMonitor(pid: pid, stdout: child.stdout_fd, stderr: child.stderr_fd,
                       output: outputFeed, errors: errorFeed, exit: exit).start()
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
        await exit.wait()
    }

    /// The exit status, or `nil` when the program is still running after `grace`.
    public func waitForExit(grace: Duration) async -> ProgramExit? {
        let exit = self.exit
        return await withTaskGroup(of: ProgramExit?.self) { group in
            group.addTask { await exit.wait() }
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

    private static func withCStrings<Output>(_ strings: [String], _ body: (UnsafePointer<UnsafeMutablePointer<CChar>?>) -> Output) -> Output {
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

/// The exit status once the monitor has reaped the program, and the tasks waiting for it.
final class ExitStatus: Sendable {
    private struct State {
        var exit: ProgramExit?
        var waiters: [CheckedContinuation<ProgramExit, Never>] = []
    }

    private let state = LockedValue(State())

    /// Records the exit and wakes every waiter.
    func set(_ exit: ProgramExit) {
        let waiters = state.withLock { state -> [CheckedContinuation<ProgramExit, Never>] in
            state.exit = exit
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume(returning: exit) }
    }

    /// The exit, waiting for it if the program still runs.
    func wait() async -> ProgramExit {
        await withCheckedContinuation { continuation in
            let known = state.withLock { state -> ProgramExit? in
                if let exit = state.exit { return exit }
                state.waiters.append(continuation)
                return nil
            }
            if let known { continuation.resume(returning: known) }
        }
    }
}

/// The one thread that watches a program: `poll` on its stdout, its stderr and a pidfd (its
/// exit), reading what comes into the streams and reaping it when it exits. Without a pidfd
/// (Linux before 5.3) it reaps the program after both pipes reached end of file.
struct ProgramMonitor: Sendable {
    let pid: Int32
    let stdout: Int32
    let stderr: Int32
    let output: AsyncStream<[UInt8]>.Continuation
    let errors: AsyncStream<[UInt8]>.Continuation
    let exit: ExitStatus

    func start() {
        let thread = Thread { self.run() }
        thread.stackSize = 256 << 10
        thread.start()
    }

    private func run() {
        var pidfd = pipeline_pidfd_open(pid)
        var outputOpen = true, errorsOpen = true, reaped = false
        var buffer = [UInt8](repeating: 0, count: 64 << 10)
        while outputOpen || errorsOpen || !reaped {
            var watched: [pollfd] = []
            if outputOpen { watched.append(pollfd(fd: stdout, events: Int16(POLLIN), revents: 0)) }
            if errorsOpen { watched.append(pollfd(fd: stderr, events: Int16(POLLIN), revents: 0)) }
            if !reaped && pidfd >= 0 { watched.append(pollfd(fd: pidfd, events: Int16(POLLIN), revents: 0)) }
            if watched.isEmpty {
                // No pidfd: both pipes are done, so the program has (nearly) exited.
                reap(blocking: true)
                reaped = true
                break
            }
            let ready = watched.withUnsafeMutableBufferPointer { poll($0.baseAddress, nfds_t($0.count), -1) }
            if ready < 0 {
                if errno == EINTR { continue }
                break
            }
            for entry in watched where entry.revents != 0 {
                if entry.fd == pidfd {
                    reap(blocking: true)
                    reaped = true
                    close(pidfd)
                    pidfd = -1
                } else if !drain(entry.fd, into: &buffer) {
                    if entry.fd == stdout {
                        outputOpen = false
                        close(stdout)
                        output.finish()
                    } else {
                        errorsOpen = false
                        close(stderr)
                        errors.finish()
                    }
                }
            }
        }
        if pidfd >= 0 { close(pidfd) }
        if !reaped { reap(blocking: true) }
    }

    /// Reads once from `fd` into its stream; `false` at end of file or on an error.
    private func drain(_ fd: Int32, into buffer: inout [UInt8]) -> Bool {
        while true {
            let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count > 0 {
                (fd == stdout ? output : errors).yield(Array(buffer[0..<count]))
                return true
            }
            if count < 0 && errno == EINTR { continue }
            return false
        }
    }

    private func reap(blocking: Bool) {
        var status: Int32 = 0
        while waitpid(pid, &status, blocking ? 0 : WNOHANG) < 0 {
            if errno != EINTR {
                exit.set(.exited(-1))
                return
            }
        }
        let signal = status & 0x7F
        exit.set(signal == 0 ? .exited((status >> 8) & 0xFF) : .signaled(signal))
    }
}

/// The parent's end of a program's stdin (non-blocking). A write that fits the pipe happens at
/// once; one that does not waits on a thread of its own (`poll` for room, then write on), which
/// the program's death ends with EPIPE. The descriptor is closed once, never while a write is
/// in flight, so its number is never reused under a running write.
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
        var outcome = Self.writeNow(fd, bytes, from: 0)
        if case .full(let offset) = outcome {
            outcome = await withCheckedContinuation { continuation in
                let thread = Thread { continuation.resume(returning: Self.writeWaiting(fd, bytes, from: offset)) }
                thread.stackSize = 64 << 10
                thread.start()
            }
        }
        state.withLock { state in
            state.writing = false
            if state.closeRequested && state.fd >= 0 {
                closeDescriptor(state.fd)
                state.fd = -1
            }
        }
        guard case .done = outcome else { throw ProgramInputClosed() }
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

    private enum Outcome: Sendable {
        case done
        case full(Int)
        case failed
    }

    /// Writes what fits without waiting.
    private static func writeNow(_ fd: Int32, _ bytes: [UInt8], from start: Int) -> Outcome {
        var offset = start
        return bytes.withUnsafeBytes { raw in
            while offset < raw.count {
                let count = writeDescriptor(fd, raw.baseAddress! + offset, raw.count - offset)
                if count > 0 {
                    offset += count
                } else if count < 0 && errno == EINTR {
                    continue
                } else if count < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) {
                    return .full(offset)
                } else {
                    return .failed
                }
            }
            return .done
        }
    }

    /// Waits for room and writes the rest (on a thread of its own).
    private static func writeWaiting(_ fd: Int32, _ bytes: [UInt8], from start: Int) -> Outcome {
        var offset = start
        while true {
            var entry = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
            if poll(&entry, 1, -1) < 0 && errno != EINTR { return .failed }
            switch writeNow(fd, bytes, from: offset) {
            case .done: return .done
            case .failed: return .failed
            case .full(let reached): offset = reached
            }
        }
    }
}

/// `close(2)` and `write(2)` under names that `InputPipe`'s own `close()` does not hide.
private func closeDescriptor(_ fd: Int32) { _ = close(fd) }
private func writeDescriptor(_ fd: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int { write(fd, bytes, count) }
