#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import PipelineKit

/// The folder exports are confined to, and the file-system operations that keep them there.
///
/// `prepare` walks the relative path one component at a time from the folder's real path,
/// creating missing folders, following a symbolic link only when it stays inside the folder,
/// and refusing a final file that is a link or a folder. (A process that swaps folders for
/// links between the check and the write can still race it; the exporter does not defend
/// against an attacker who already writes inside the export folder.)
struct ExportFolder: Sendable {
    /// The folder as given (resolved against the pipeline folder), used in messages.
    let display: String

    init(display: String) { self.display = display }

    /// How a path looks in messages: the folder as the user sees it plus the relative path.
    func show(_ relative: String) -> String {
        display == "." || display.isEmpty ? relative : (display.hasSuffix("/") ? display + relative : display + "/" + relative)
    }

    /// The real (symlink-free, absolute) path of the folder, creating it when missing.
    func realRoot(create: Bool) throws(PathError) -> String {
        if create { try FileOps.makeFolders(display) }
        guard let real = FileOps.realPath(display) else {
            throw PathError("export folder '\(display)' does not exist")
        }
        return real
    }

    /// Checks `relative` stays inside the folder and returns the absolute path to write, with
    /// missing folders created when `create` is set. `exists` tells whether a file is there.
    func prepare(_ relative: String, create: Bool) throws(PathError) -> (path: String, exists: Bool) {
        // Only looking: a folder that does not exist yet holds no file (checked again when writing).
        if !create && FileOps.realPath(display) == nil { return (show(relative), false) }
        let root = try realRoot(create: create)
        var components = relative.split(separator: "/").map(String.init)
        guard let fileName = components.popLast() else { throw PathError("empty path") }
        var current = root
        for component in components {
            let next = current == "/" ? "/" + component : current + "/" + component
            switch FileOps.kind(next) {
            case .missing:
                guard create else { current = next; continue }
                if mkdir(next, 0o777) != 0 && errno != EEXIST {
                    throw PathError("cannot create folder '\(show(relative))': \(FileOps.errnoText())")
                }
                current = next
            case .folder:
                current = next
            case .link:
                guard let target = FileOps.realPath(next), FileOps.isInside(target, root) else {
                    throw PathError("'\(show(relative))' goes through a symbolic link that leads outside '\(display)'")
                }
                current = target
            case .file, .other:
                throw PathError("cannot write '\(show(relative))': '\(component)' is not a folder")
            }
        }
        let full = current == "/" ? "/" + fileName : current + "/" + fileName
        switch FileOps.kind(full) {
        case .missing: return (full, false)
        case .file: return (full, true)
        case .link: throw PathError("'\(show(relative))' is a symbolic link; refusing to write through it")
        case .folder: throw PathError("'\(show(relative))' is a folder")
        case .other: throw PathError("'\(show(relative))' is not a regular file")
        }
    }
}

/// Low-level file operations (POSIX), kept small and checked.
enum FileOps {
    enum Kind { case missing, file, folder, link, other }

    /// What is at `path`, without following a final symbolic link.
    static func kind(_ path: String) -> Kind {
        var st = stat()
        guard lstat(path, &st) == 0 else { return .missing }
        switch st.st_mode & S_IFMT {
        case S_IFREG: return .file
        case S_IFDIR: return .folder
        case S_IFLNK: return .link
        default: return .other
        }
    }

    /// The canonical absolute path, or `nil` when it does not exist.
    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path.isEmpty ? "." : path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// `true` when `path` is `root` or inside it (both canonical).
    static func isInside(_ path: String, _ root: String) -> Bool {
        if root == "/" { return true }
        return path == root || path.hasPrefix(root + "/")
    }

    /// `mkdir -p`.
    static func makeFolders(_ path: String) throws(PathError) {
        if path.isEmpty || path == "." { return }
        var current = path.hasPrefix("/") ? "" : "."
        for component in path.split(separator: "/") {
            current += "/" + component
            if kind(current) == .missing, mkdir(current, 0o777) != 0, errno != EEXIST {
                throw PathError("cannot create folder '\(path)': \(errnoText())")
            }
        }
    }

    /// The current `errno` as text.
    static func errnoText(_ code: Int32 = errno) -> String { String(cString: strerror(code)) }
}

/// Writes a file so that readers see either the old content or the new one, never a part.
///
/// The bytes go to a hidden temporary file in the same folder (`.NAME.tmp-XXXXXXXX`), are
/// flushed to disk when `sync` is set (`sync: each`, so a power loss cannot leave an empty file
/// under the new name either; `sync: end` flushes once per run instead, see `Durability`), and
/// the temporary file is then renamed over the target (`overwrite`) or
/// hard-linked to it, which fails when the target exists (no overwrite: the check and the
/// write are one atomic step). A failure at any point removes the temporary file; a crash
/// may leave one behind, but never a partial target.
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

    /// Writes `text` to `path` (absolute, folder existing). `shown` is the path for messages.
    static func write(_ text: String, to path: String, shown: String, overwrite: Bool, sync: Bool = true, hooks: Hooks? = nil) throws {
        let slash = path.lastIndex(of: "/")!
        let folder = String(path[..<slash])
        let name = String(path[path.index(after: slash)...])
        // Keep the temporary name under the usual 255-byte limit.
        var stem = name
        while stem.utf8.count > 200 { stem.removeLast() }
        let temp = "\(folder)/.\(stem).tmp-\(String(UInt64.random(in: 0...UInt64.max), radix: 16))"

        let fd = open(temp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
        guard fd >= 0 else { throw StageError("cannot write '\(shown)': \(FileOps.errnoText())") }
        var done = false
        defer { if !done { unlink(temp) } }
        do {
            defer { close(fd) }
            if overwrite {
                // Keep the permissions of the file being replaced.
                var st = stat()
                if stat(path, &st) == 0 { fchmod(fd, st.st_mode & 0o7777) }
            }
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
            guard rename(temp, path) == 0 else { throw StageError("cannot replace '\(shown)': \(FileOps.errnoText())") }
        } else if link(temp, path) == 0 {
            unlink(temp)
        } else {
            let code = errno
            if code == EEXIST { throw StageError("'\(shown)' already exists (set overwrite: true to replace it)") }
            // File systems without hard links: check, then rename (not atomic against a racing writer).
            guard code == EPERM || code == ENOTSUP || code == EOPNOTSUPP || code == EXDEV else {
                throw StageError("cannot write '\(shown)': \(FileOps.errnoText(code))")
            }
            if FileOps.kind(path) != .missing { throw StageError("'\(shown)' already exists (set overwrite: true to replace it)") }
            guard rename(temp, path) == 0 else { throw StageError("cannot write '\(shown)': \(FileOps.errnoText())") }
        }
        done = true
    }

    /// Flushes a folder's entries (makes renames into it durable). Best effort.
    static func syncFolder(_ folder: String) {
        let dfd = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if dfd >= 0 { fsync(dfd); close(dfd) }
    }
}

/// When export flushes what it wrote to disk (the option `sync`).
///
/// Every mode writes to a temporary name and renames, so a crash, a kill or Ctrl-C never leaves
/// a partial file under a final name; the modes differ only in what survives a power loss.
public enum ExportSync: String, CaseIterable, Sendable {
    /// One flush at the end of the run: `syncfs` once per file system written to (file data and
    /// folder entries), so a finished run is on disk. A power loss during the run can leave an
    /// empty or old file under a final name; the run's exit says whether it finished.
    case end
    /// `fsync` each file before renaming it, and each folder at the end (the slowest: one disk
    /// flush per file).
    case each
    /// No flush: the operating system writes back in its own time.
    case none
}

/// Run-end flushing for `sync: end`.
enum Durability {
    /// `syncfs(2)`, looked up at run time (Glibc's Swift overlay does not declare it).
    private typealias SyncFS = @convention(c) (Int32) -> Int32
    private static let syncfsFunction: SyncFS? = {
        #if os(Linux)
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "syncfs") else { return nil }
        return unsafeBitCast(symbol, to: SyncFS.self)
        #else
        return nil
        #endif
    }()

    /// Flushes the file systems holding `folders`: one `syncfs` per distinct device (file data
    /// and metadata), or one `sync()` where `syncfs` is missing. Returns how many flushes ran.
    @discardableResult
    static func flush(folders: [String]) -> Int {
        guard !folders.isEmpty else { return 0 }
        guard let syncfs = syncfsFunction else {
            sync()
            return 1
        }
        var seen: Set<UInt64> = []
        var flushes = 0
        for folder in folders {
            let fd = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
            guard fd >= 0 else { continue }
            defer { close(fd) }
            var st = stat()
            guard fstat(fd, &st) == 0, seen.insert(UInt64(st.st_dev)).inserted else { continue }
            if syncfs(fd) != 0 { fsync(fd) }
            flushes += 1
        }
        return flushes
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
