import Foundation

/// Writes a report where its path points, the way a user means it:
/// - a new path or a regular file: a temporary file beside it, then a rename (readers never see
///   half a report);
/// - a symbolic link: the file it points to is written (the link stays a link);
/// - `/dev/stdout`, `/dev/stderr` (and `/dev/fd/1`, `/proc/self/fd/2`, ...) by name, or any path
///   that is this process's stdout or stderr: written through that descriptor, after what was
///   already printed. The names are honoured even where the file system has no such links or a
///   stray regular file sits in their place, the way bash and gawk treat them, so a report meant
///   for standard output never lands in (or replaces) a file called /dev/stdout;
/// - a device, FIFO or socket: opened and written, never replaced.
public enum ReportFile {
    /// Which of our standard descriptors `path` is, if any.
    public static func standardDescriptor(for path: String) -> Int32? {
        if let named = standardNames[path] { return named }
        var target = stat()
        guard stat(path, &target) == 0 else { return nil }
        for fd: Int32 in [1, 2] {
            var opened = stat()
            if fstat(fd, &opened) == 0, opened.st_dev == target.st_dev, opened.st_ino == target.st_ino { return fd }
        }
        return nil
    }

    /// The paths that name standard output and standard error whatever the file system holds there.
    static let standardNames: [String: Int32] = [
        "/dev/stdout": 1, "/dev/fd/1": 1, "/proc/self/fd/1": 1,
        "/dev/stderr": 2, "/dev/fd/2": 2, "/proc/self/fd/2": 2,
    ]

    /// `path` with symbolic links resolved as far as they exist (a dangling link gives its target).
    static func resolvedPath(_ path: String) -> String {
        var current = path
        for _ in 0..<40 {
            var info = stat()
            guard lstat(current, &info) == 0, info.st_mode & S_IFMT == S_IFLNK else { return current }
            guard let destination = try? FileManager.default.destinationOfSymbolicLink(atPath: current) else { return current }
            current = destination.hasPrefix("/") ? destination : ((current as NSString).deletingLastPathComponent as NSString).appendingPathComponent(destination)
        }
        return current
    }

    /// Writes `bytes` to the regular-file-or-new `path` (after resolving links), to the device it
    /// names, or to standard output for `-` and standard output's names.
    public static func write(_ bytes: [UInt8], to path: String) throws(ReportError) {
        if path == "-" {
            try writeAll(STDOUT_FILENO, bytes, path: "standard output")
            return
        }
        if let fd = standardDescriptor(for: path) {
            try writeAll(fd, bytes, path: path)
            return
        }
        try writeToFile(bytes, at: path)
    }

    /// `write(_:to:)` for a `path` already known not to be standard output or error (the runner
    /// routes those through its own output first): the regular-file-or-new path, replaced
    /// atomically, or the device it names.
    public static func writeToFile(_ bytes: [UInt8], at path: String) throws(ReportError) {
        let target = resolvedPath(path)
        var info = stat()
        if stat(target, &info) == 0, info.st_mode & S_IFMT != S_IFREG {
            if info.st_mode & S_IFMT == S_IFDIR { throw ReportError("\(path): is a directory") }
            let fd = open(target, O_WRONLY | O_CLOEXEC)
            guard fd >= 0 else { throw ReportError("\(path): cannot open: \(String(cString: strerror(errno)))") }
            defer { close(fd) }
            try writeAll(fd, bytes, path: path)
            return
        }
        let folder = (target as NSString).deletingLastPathComponent
        let dir = folder.isEmpty ? "." : folder
        var template = Array((dir + "/." + (target as NSString).lastPathComponent + ".tmp-XXXXXX").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw ReportError("\(path): cannot create a temporary file in '\(dir)': \(String(cString: strerror(errno)))") }
        let temporary = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        do throws(ReportError) {
            do { try writeAll(fd, bytes, path: path) } catch { close(fd); throw error }
            // Keep an existing file's mode; a new one gets 0666 less the umask, like any file.
            var existing = stat()
            let mode: mode_t
            if stat(target, &existing) == 0 { mode = existing.st_mode & 0o7777 } else {
                let mask = umask(0)
                umask(mask)
                mode = 0o666 & ~mask
            }
            fchmod(fd, mode)
            close(fd)
            guard rename(temporary, target) == 0 else { throw ReportError("\(path): cannot rename the temporary file into place: \(String(cString: strerror(errno)))") }
        } catch {
            unlink(temporary)
            throw error
        }
    }

    static func writeAll(_ fd: Int32, _ bytes: [UInt8], path: String) throws(ReportError) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { Foundation.write(fd, $0.baseAddress, $0.count) }
            if written < 0 {
                if errno == EINTR { continue }
                throw ReportError("\(path): write failed: \(String(cString: strerror(errno)))")
            }
            offset += written
        }
    }
}
