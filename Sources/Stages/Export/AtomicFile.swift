#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import PipelineKit

/// Writes a file so that readers see either the old content or the new one, never a part.
///
/// The bytes go to a hidden temporary file in the target's folder (`.NAME.tmp-<run><n>`,
/// created with `O_EXCL`: a per-run random prefix and a counter, so no random number per
/// file), are flushed to disk when `sync` is set (`sync: each`, so a power loss cannot leave
/// an empty file under the new name either; `sync: end` flushes once per run instead, see
/// `Durability`), and the temporary file is then renamed over the target (`overwrite`) or
/// hard-linked to it, which fails when the target exists (no overwrite: the check and the
/// write are one atomic step). Every call is relative to the folder's descriptor. A failure
/// at any point removes the temporary file; a crash may leave one behind, but never a
/// partial target.
enum AtomicFile {
    /// Test hooks: called after each chunk is written and just before the rename.
    struct Hooks: Sendable {
        var afterChunk: (@Sendable (Int) throws -> Void)?
        var beforeRename: (@Sendable () throws -> Void)?
        init(afterChunk: (@Sendable (Int) throws -> Void)? = nil, beforeRename: (@Sendable () throws -> Void)? = nil) {
            self.afterChunk = afterChunk
            self.beforeRename = beforeRename
        }
    }

    /// Bytes written per `write(2)` call.
    static let chunkSize = 1 << 20

    /// Writes `text` to `target`. `temporaryNames` gives the temporary file's suffixes (tried
    /// until one is free); `shown` is the path for messages.
    static func write(_ text: String, to target: ExportTarget, shown: String, overwrite: Bool, sync: Bool,
                      temporaryNames: TemporaryNames, hooks: Hooks? = nil) throws {
        let folder = target.directory.fd
        let name = target.name
        // Keep the temporary name under the usual 255-byte limit.
        var stem = name
        while stem.utf8.count > 200 { stem.removeLast() }
        var temp = ""
        var fd: Int32 = -1
        for _ in 0..<64 {
            temp = ".\(stem).tmp-\(temporaryNames.next())"
            fd = openat(folder, temp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
            if fd >= 0 || errno != EEXIST { break }
        }
        guard fd >= 0 else { throw StageError("cannot write '\(shown)': \(FileOps.errnoText())") }
        var done = false
        defer { if !done { unlinkat(folder, temp, 0) } }
        do {
            defer { close(fd) }
            // Keep the permissions of the file being replaced.
            if overwrite, let mode = target.existingMode { fchmod(fd, mode) }
            var copy = text
            try copy.withUTF8 { buffer in
                var offset = 0
                var chunk = 0
                while offset < buffer.count {
                    let length = min(chunkSize, buffer.count - offset)
                    let written = Glibc_write(fd, buffer.baseAddress! + offset, length)
                    if written < 0 {
                        if errno == EINTR { continue }
                        throw StageError("cannot write '\(shown)': \(FileOps.errnoText())")
                    }
                    offset += written
                    try hooks?.afterChunk?(chunk)
                    chunk += 1
                }
            }
            if sync, fsync(fd) != 0 { throw StageError("cannot write '\(shown)': \(FileOps.errnoText())") }
        }
        try hooks?.beforeRename?()
        if overwrite {
            guard renameat(folder, temp, folder, name) == 0 else { throw StageError("cannot replace '\(shown)': \(FileOps.errnoText())") }
        } else if linkat(folder, temp, folder, name, 0) == 0 {
            unlinkat(folder, temp, 0)
        } else {
            let code = errno
            if code == EEXIST { throw StageError("'\(shown)' already exists (set overwrite: true to replace it)") }
            // File systems without hard links: check, then rename (not atomic against a racing writer).
            guard code == EPERM || code == ENOTSUP || code == EOPNOTSUPP || code == EXDEV else {
                throw StageError("cannot write '\(shown)': \(FileOps.errnoText(code))")
            }
            if FileOps.kind(name, in: folder) != .missing { throw StageError("'\(shown)' already exists (set overwrite: true to replace it)") }
            guard renameat(folder, temp, folder, name) == 0 else { throw StageError("cannot write '\(shown)': \(FileOps.errnoText())") }
        }
        done = true
    }
}

/// Suffixes for temporary file names: a random prefix drawn once, then a counter
/// (`3f9c02a17be4d5c8-1`, `-2`, ...). Unique within the process; `O_EXCL` and a retry on
/// `EEXIST` cover a clash with another process or a file left by a killed run.
final class TemporaryNames: Sendable {
    private let prefix = String(UInt64.random(in: 0...UInt64.max), radix: 16)
    private let counter = LockedValue(0)

    /// The next suffix.
    func next() -> String {
        let serial = counter.withLock { count -> Int in
            count += 1
            return count
        }
        return prefix + "-" + String(serial, radix: 16)
    }
}

/// `write(2)` under a name that does not clash with Swift's `write` functions.
@inline(__always)
private func Glibc_write(_ fd: Int32, _ buffer: UnsafePointer<UInt8>, _ count: Int) -> Int {
    #if canImport(Glibc)
    return Glibc.write(fd, buffer, count)
    #elseif canImport(Musl)
    return Musl.write(fd, buffer, count)
    #else
    return Darwin.write(fd, buffer, count)
    #endif
}
