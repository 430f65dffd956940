import Foundation
import PipelineKit

/// Where the runner writes: stdout for results, stderr for errors, notes and progress.
public protocol RunOutput: Sendable {
    /// Writes to standard output.
    func stdout(_ text: String)
    /// Writes to standard error.
    func stderr(_ text: String)
    /// Whether stderr is a terminal (for the progress line).
    var stderrIsTerminal: Bool { get }
    /// Writes UTF-8 bytes to standard output (the JSON-lines fast path).
    func stdout(bytes: [UInt8])
    /// Writes part of a buffer of UTF-8 bytes to standard output (a batch's JSON lines).
    func stdout(bytes: ArraySlice<UInt8>)
    /// Writes out whatever stdout holds back (called when the input goes idle and at the end).
    func flush()
    /// Why standard output could not be written (`No space left on device`), once a write
    /// failed; a run whose stdout failed exits 1.
    var stdoutFailure: String? { get }
}

extension RunOutput {
    /// Decodes the bytes and calls `stdout(_:)`.
    public func stdout(bytes: [UInt8]) { stdout(String(decoding: bytes, as: UTF8.self)) }
    /// Copies the bytes and calls `stdout(bytes:)`.
    public func stdout(bytes: ArraySlice<UInt8>) { stdout(bytes: Array(bytes)) }
    /// Nothing is held back.
    public func flush() {}
    /// Writes never fail.
    public var stdoutFailure: String? { nil }
}

/// Writes to the process's real stdout and stderr, buffering stdout (64 KiB, or one line at
/// a time with `lineBuffered`).
///
/// Every write is checked. A reader that went away (`EPIPE`, `| head -1`) ends the process as
/// SIGPIPE would, after killing the child programs of command stages. Any other failure
/// (`ENOSPC`, a closed descriptor) is remembered in `stdoutFailure`, later output is dropped,
/// and the runner fails the run with exit 1. A descriptor 1 that was closed when the run
/// started is reported the same way on the first write, and is pointed at /dev/null so that
/// no file opened later (a report, a database) can land on descriptor 1 and receive stdout.
public final class StandardRunOutput: RunOutput, Sendable {
    /// What changes while the run writes: the held-back stdout bytes and the first failure.
    private struct Buffer: Sendable {
        var bytes: [UInt8] = []
        var failure: String?
    }

    private let buffer = LockedValue(Buffer())
    private let lineBuffered: Bool
    private let fd: Int32
    private let closedAtStart: Bool

    /// Creates the writer; `lineBuffered` flushes after every write (for `--line-buffered`).
    public convenience init(lineBuffered: Bool = false) {
        self.init(fd: 1, lineBuffered: lineBuffered)
    }

    /// A writer to `fd` instead of descriptor 1 (tests).
    init(fd: Int32, lineBuffered: Bool = false) {
        self.fd = fd
        self.lineBuffered = lineBuffered
        closedAtStart = StandardDescriptors.park(fd) || (fd == 1 && StandardDescriptors.stdoutWasClosed)
    }

    public func stdout(_ text: String) {
        buffer.withLock { buffer in
            buffer.bytes.append(contentsOf: text.utf8)
            if lineBuffered || buffer.bytes.count >= 1 << 16 { flush(&buffer) }
        }
    }

    public func stdout(bytes: [UInt8]) {
        stdout(bytes: bytes[...])
    }

    public func stdout(bytes: ArraySlice<UInt8>) {
        buffer.withLock { buffer in
            // A batch's worth of lines with nothing held back goes out as it is: no copy.
            if buffer.bytes.isEmpty, bytes.count >= Self.directBytes {
                bytes.withUnsafeBytes { send($0, &buffer) }
                return
            }
            buffer.bytes.append(contentsOf: bytes)
            if lineBuffered || buffer.bytes.count >= 1 << 16 { flush(&buffer) }
        }
    }

    /// Writes of at least this many bytes skip the buffer when it is empty.
    static let directBytes = 1 << 14

    public func stderr(_ text: String) {
        buffer.withLock { flush(&$0) }
        _ = Self.writeAll(2, Array(text.utf8))
    }

    /// Writes buffered stdout.
    public func flush() {
        buffer.withLock { flush(&$0) }
    }

    public var stdoutFailure: String? { buffer.withLock { $0.failure } }

    public var stderrIsTerminal: Bool { isatty(2) == 1 }

    /// Writes `buffer`'s bytes (called with the lock held).
    private func flush(_ buffer: inout Buffer) {
        guard !buffer.bytes.isEmpty else { return }
        // Taken out while written (one owner: emptied in place, its capacity kept).
        var bytes: [UInt8] = []
        swap(&bytes, &buffer.bytes)
        bytes.withUnsafeBytes { send($0, &buffer) }
        bytes.removeAll(keepingCapacity: true)
        buffer.bytes = bytes
    }

    /// Writes `bytes` to stdout (called with the lock held): nothing after a failure; a reader
    /// that went away ends the process; any other failure is remembered.
    private func send(_ bytes: UnsafeRawBufferPointer, _ buffer: inout Buffer) {
        guard buffer.failure == nil else { return }
        if closedAtStart {
            buffer.failure = "standard output is closed (run with >&- ?); nothing could be written"
            return
        }
        let code = Self.writeAll(fd, bytes)
        guard code != 0 else { return }
        if code == EPIPE {
            // The reader went away (`| head`): stop like a process killed by SIGPIPE would,
            // even when a stage ignores SIGPIPE to survive its own child programs, and take
            // the child programs along.
            ChildProcesses.killAll()
            exit(141)
        }
        buffer.failure = "cannot write to standard output: \(String(cString: strerror(code)))"
    }

    /// Writes everything; 0, or the errno of the write that failed.
    static func writeAll(_ fd: Int32, _ bytes: [UInt8]) -> Int32 {
        bytes.withUnsafeBytes { writeAll(fd, $0) }
    }

    /// Writes everything; 0, or the errno of the write that failed.
    static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) -> Int32 {
        var offset = 0
        while offset < bytes.count {
            let written = write(fd, bytes.baseAddress! + offset, bytes.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                return errno
            }
            if written == 0 { return EIO }
            offset += written
        }
        return 0
    }
}

/// Descriptors 0, 1 and 2 as the process got them. Call `claim()` first thing in `main`:
/// a descriptor that was closed (`pipeline ... >&-`) is parked on /dev/null before anything
/// else opens a file, so no report, database or event queue can become "stdout" by accident,
/// and the stdout writer later reports the closed stdout instead of writing into that file.
public enum StandardDescriptors {
    /// The descriptors `claim()` found closed.
    private static let closed = LockedValue<Set<Int32>>([])

    /// Parks closed standard descriptors on /dev/null and remembers which were closed.
    public static func claim() {
        for fd: Int32 in [0, 1, 2] where park(fd) { closed.withLock { _ = $0.insert(fd) } }
    }

    /// Whether descriptor 1 was closed when `claim()` ran.
    static var stdoutWasClosed: Bool { closed.withLock { $0.contains(1) } }

    /// If `fd` is closed, opens /dev/null onto it and returns `true`.
    static func park(_ fd: Int32) -> Bool {
        guard fcntl(fd, F_GETFD) == -1 && errno == EBADF else { return false }
        let devNull = open("/dev/null", fd == 0 ? O_RDONLY : O_WRONLY)
        if devNull >= 0 && devNull != fd {
            dup2(devNull, fd)
            close(devNull)
        }
        return true
    }
}

/// `==> PATH <==` lines that tell several inputs' text apart on stdout, as `head` and `tail`
/// print them: a blank line before every header but the first.
struct InputHeaders {
    /// Whether headers are printed (text to stdout, more than one input, no `--no-headers`).
    let enabled: Bool
    private var count = 0

    init(enabled: Bool) { self.enabled = enabled }

    /// The header for the input labelled `label` (escaped: a path cannot break the line).
    mutating func next(for label: String) -> String {
        count += 1
        return (count > 1 ? "\n" : "") + "==> \(MessageText.escaped(label)) <==\n"
    }
}
