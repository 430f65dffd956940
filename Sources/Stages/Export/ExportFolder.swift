#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import PipelineKit

/// A folder inside the export folder, opened once per run: files are checked, created and
/// renamed relative to its descriptor (`openat`, `renameat`), so swapping the folder (or one
/// above it) for a symbolic link after it was checked cannot send a write elsewhere.
final class ExportDirectory: Sendable {
    /// The open folder (`O_DIRECTORY`), closed when the last user lets go of it.
    let fd: Int32
    /// Its real path when it was opened (for SQLite, which opens databases by path).
    let path: String

    init(fd: Int32, path: String) {
        self.fd = fd
        self.path = path
    }

    deinit { close(fd) }

    /// The absolute path of `name` in this folder.
    func path(of name: String) -> String { path == "/" ? "/" + name : path + "/" + name }
}

/// Where a file of the export goes: its folder (open), its name there, and what is there now.
struct ExportTarget {
    let directory: ExportDirectory
    let name: String
    /// The permission bits of the regular file already at `name`, `nil` when there is none.
    let existingMode: mode_t?
    var exists: Bool { existingMode != nil }
}

/// The folder exports are confined to, and the walk that keeps every write inside it.
///
/// `openFolder` walks a relative folder path one component at a time from the export folder's
/// real path with `openat(O_NOFOLLOW)`, creating missing folders, following a symbolic link
/// only when its real path stays inside the export folder; `target` then refuses a final name
/// that is a link, a folder or a device. The stage keeps the folders it opened for the rest of
/// the run (`ExportState`), so each folder is checked once per run and later writes use its
/// descriptor: a folder swapped for a link mid-run keeps receiving the files (wherever it was
/// moved), and nothing is written through the new link. A process that already writes inside
/// the export folder can still race the first walk of a folder; the exporter does not defend
/// against that.
struct ExportFolder: Sendable {
    /// The folder as given (resolved against the pipeline folder), used in messages.
    let display: String

    init(display: String) { self.display = display }

    /// How a path looks in messages: the folder as the user sees it plus the relative path.
    func show(_ relative: String) -> String {
        display == "." || display.isEmpty ? relative : (display.hasSuffix("/") ? display + relative : display + "/" + relative)
    }

    /// Opens the export folder itself (its real path), creating it when `create` is set;
    /// `nil` when it does not exist and `create` is not set.
    func openRoot(create: Bool) throws(PathError) -> ExportDirectory? {
        if create { try FileOps.makeFolders(display) }
        guard let real = FileOps.realPath(display) else {
            if create { throw PathError("export folder '\(display)' does not exist") }
            return nil
        }
        let fd = open(real, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else {
            if !create && errno == ENOENT { return nil }
            throw PathError("cannot open export folder '\(display)': \(FileOps.errnoText())")
        }
        return ExportDirectory(fd: fd, path: real)
    }

    /// Opens the folder `components` below `base` (the folder `root` or one inside it),
    /// creating missing folders when `create` is set; `nil` when one is missing and `create`
    /// is not set. `relative` is the whole path, for messages.
    func openFolder(_ components: ArraySlice<Substring>, from base: ExportDirectory, root: ExportDirectory,
                    create: Bool, relative: String) throws(PathError) -> ExportDirectory? {
        var current = base
        for component in components {
            let name = String(component)
            var fd = openat(current.fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            if fd < 0 && errno == ENOENT {
                guard create else { return nil }
                if mkdirat(current.fd, name, 0o777) != 0 && errno != EEXIST {
                    throw PathError("cannot create folder '\(show(relative))': \(FileOps.errnoText())")
                }
                fd = openat(current.fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            }
            if fd >= 0 {
                current = ExportDirectory(fd: fd, path: current.path(of: name))
                continue
            }
            let code = errno
            switch FileOps.kind(name, in: current.fd) {
            case .link:
                // Followed only when its real path stays inside the export folder.
                guard let target = FileOps.realPath(current.path(of: name)), FileOps.isInside(target, root.path) else {
                    throw PathError("'\(show(relative))' goes through a symbolic link that leads outside '\(display)'")
                }
                let linked = open(target, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
                guard linked >= 0 else { throw PathError("cannot open folder '\(show(relative))': \(FileOps.errnoText())") }
                current = ExportDirectory(fd: linked, path: target)
            case .file, .other:
                throw PathError("cannot write '\(show(relative))': '\(name)' is not a folder")
            case .missing, .folder:
                throw PathError("cannot open folder '\(show(relative))': \(FileOps.errnoText(code))")
            }
        }
        return current
    }

    /// What is at `name` in `directory`: nothing or a regular file (its mode); a link, a
    /// folder or anything else is an error naming `relative`.
    func target(_ name: String, in directory: ExportDirectory, relative: String) throws(PathError) -> ExportTarget {
        var st = stat()
        guard fstatat(directory.fd, name, &st, AT_SYMLINK_NOFOLLOW) == 0 else {
            return ExportTarget(directory: directory, name: name, existingMode: nil)
        }
        switch st.st_mode & S_IFMT {
        case S_IFREG: return ExportTarget(directory: directory, name: name, existingMode: st.st_mode & 0o7777)
        case S_IFLNK: throw PathError("'\(show(relative))' is a symbolic link; refusing to write through it")
        case S_IFDIR: throw PathError("'\(show(relative))' is a folder")
        default: throw PathError("'\(show(relative))' is not a regular file")
        }
    }
}

/// Low-level file operations (POSIX), kept small and checked.
enum FileOps {
    enum Kind { case missing, file, folder, link, other }

    /// What is at `name` in the folder `fd`, without following a final symbolic link.
    static func kind(_ name: String, in fd: Int32) -> Kind {
        var st = stat()
        guard fstatat(fd, name, &st, AT_SYMLINK_NOFOLLOW) == 0 else { return .missing }
        return kind(of: st)
    }

    /// What is at `path`, without following a final symbolic link.
    static func kind(_ path: String) -> Kind {
        var st = stat()
        guard lstat(path, &st) == 0 else { return .missing }
        return kind(of: st)
    }

    private static func kind(of st: stat) -> Kind {
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
