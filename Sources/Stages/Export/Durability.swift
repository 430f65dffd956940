#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

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

/// Run-end flushing: `flush` for `sync: end`, `syncFolders` for `sync: each`.
enum Durability {
    /// Flushes each folder's entries (makes the renames into them durable; the files were
    /// flushed before their rename). Best effort.
    static func syncFolders(_ folders: [String]) {
        for folder in folders {
            let dfd = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
            if dfd >= 0 { fsync(dfd); close(dfd) }
        }
    }

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

