import Foundation
import PipelineKit

/// Where documents come from, after the command line's INPUT arguments were expanded.
public enum InputSource: Sendable, Equatable {
    /// A file: one document (or, with `--jsonl`, one document per line). `id` is the file's
    /// stem, or its path under the directory it was found in, without extension.
    case file(path: String, id: String)
    /// Standard input.
    case standardInput
    /// An argument that named nothing usable; becomes one failed document with this message.
    case unusable(argument: String, message: String)
}

/// Expands INPUT arguments: files, directories (recursively, sorted, hidden entries skipped),
/// quoted globs (`*`, `?`, `[...]`, and `**` across folders) and `-` for stdin.
public enum InputExpander {
    /// The sources for `arguments`, in order.
    public static func expand(_ arguments: [String]) -> [InputSource] {
        var sources: [InputSource] = []
        for argument in arguments {
            if argument == "-" { sources.append(.standardInput); continue }
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: argument, isDirectory: &isDirectory) {
                if isDirectory.boolValue {
                    // Files and unreadable entries in one sorted order, so each problem shows where it is.
                    let entries = entriesUnder(argument)
                    if entries.isEmpty {
                        sources.append(.unusable(argument: argument, message: "directory has no files"))
                    }
                    for entry in entries {
                        if let problem = entry.problem {
                            sources.append(.unusable(argument: join(argument, entry.path), message: problem))
                        } else {
                            sources.append(.file(path: join(argument, entry.path), id: stripExtension(entry.path)))
                        }
                    }
                } else {
                    sources.append(.file(path: argument, id: stripExtension((argument as NSString).lastPathComponent)))
                }
                continue
            }
            if isGlob(argument) {
                let matches = glob(argument)
                if matches.isEmpty {
                    sources.append(.unusable(argument: argument, message: "no files match this pattern"))
                }
                for path in matches {
                    sources.append(.file(path: path, id: stripExtension((path as NSString).lastPathComponent)))
                }
                continue
            }
            sources.append(.unusable(argument: argument, message: "no such file or directory"))
        }
        return sources
    }

    static func join(_ directory: String, _ relative: String) -> String {
        directory.hasSuffix("/") ? directory + relative : directory + "/" + relative
    }

    static func stripExtension(_ path: String) -> String {
        let ns = path as NSString
        let ext = ns.pathExtension
        return ext.isEmpty ? path : String(path.dropLast(ext.count + 1))
    }

    /// Regular files below `directory`, as paths relative to it, sorted bytewise. Hidden
    /// files and folders (starting with '.') are skipped.
    static func filesUnder(_ directory: String) -> [String] {
        entriesUnder(directory).compactMap { $0.problem == nil ? $0.path : nil }
    }

    /// An entry below an input folder: a file to read, or one that cannot be read and why.
    struct FolderEntry: Equatable {
        /// Path relative to the folder.
        var path: String
        /// `nil` for a file; else `dangling symbolic link ...`, `symbolic link loop ...` or
        /// `folder not readable ...`.
        var problem: String?
    }

    /// Regular files below `directory` (as `filesUnder`), with the symbolic links that are
    /// dangling or loop and the folders below it that cannot be read, so that they are reported
    /// instead of silently skipped, all in the byte order of their paths. A link to a file is a
    /// file; a link to a folder is not followed (nor listed).
    ///
    /// The folders are read with `readdir`, each entry typed by the folder's own listing (an
    /// `lstat` when the file system does not say): `FileManager`'s enumerator rebuilt each path
    /// through `NSString` and made a dictionary of attributes per entry, ~4 µs an entry, a sixth
    /// of a run of strip + redact over 10,000 small files (round 25).
    static func entriesUnder(_ directory: String) -> [FolderEntry] {
        var entries: [FolderEntry] = []
        // Folders still to read, relative to `directory` ("" is `directory` itself).
        var folders = [""]
        while let folder = folders.popLast() {
            guard let handle = opendir(folder.isEmpty ? directory : join(directory, folder)) else {
                if !folder.isEmpty {
                    entries.append(FolderEntry(path: folder, problem: "folder not readable (\(String(cString: strerror(errno)))); not read"))
                }
                continue
            }
            while let entry = readdir(handle) {
                let name = withUnsafePointer(to: &entry.pointee.d_name) {
                    $0.withMemoryRebound(to: CChar.self, capacity: MemoryLayout.size(ofValue: entry.pointee.d_name)) { String(cString: $0) }
                }
                // Hidden files and folders (".", ".." among them) are skipped.
                if name.hasPrefix(".") { continue }
                let relative = folder.isEmpty ? name : folder + "/" + name
                let path = join(directory, relative)
                switch entryType(entry.pointee.d_type, path: path) {
                case .folder:
                    folders.append(relative)
                case .file:
                    entries.append(FolderEntry(path: relative))
                case .link:
                    var info = stat()
                    if stat(path, &info) != 0 {
                        let code = errno
                        let target = (try? FileManager.default.destinationOfSymbolicLink(atPath: path)) ?? "?"
                        let message = code == ELOOP
                            ? "symbolic link loop (-> \(target)); not read"
                            : "dangling symbolic link (-> \(target): \(String(cString: strerror(code)))); not read"
                        entries.append(FolderEntry(path: relative, problem: message))
                    } else if (info.st_mode & S_IFMT) != S_IFDIR {
                        entries.append(FolderEntry(path: relative))
                    }
                case .other:
                    continue
                }
            }
            closedir(handle)
        }
        // By bytes (no array of each name's bytes made per comparison).
        entries.sort { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
        return entries
    }

    /// What a folder entry is to `entriesUnder`.
    private enum EntryType {
        case folder, file, link, other
    }

    /// The type of the entry at `path` from its listing's `d_type`, or from `lstat` when the
    /// listing does not know it (the entry itself, not a link's target).
    private static func entryType(_ listed: UInt8, path: String) -> EntryType {
        switch Int32(listed) {
        case Int32(DT_DIR): return .folder
        case Int32(DT_REG): return .file
        case Int32(DT_LNK): return .link
        case Int32(DT_UNKNOWN):
            var info = stat()
            guard lstat(path, &info) == 0 else { return .other }
            switch info.st_mode & S_IFMT {
            case S_IFDIR: return .folder
            case S_IFREG: return .file
            case S_IFLNK: return .link
            default: return .other
            }
        default: return .other
        }
    }

    static func isGlob(_ s: String) -> Bool { s.contains("*") || s.contains("?") || s.contains("[") }

    /// Files matching a glob pattern, sorted. `**` matches any number of folders.
    static func glob(_ pattern: String) -> [String] {
        // The fixed prefix: the folders before the first component with a wildcard.
        let components = pattern.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        var prefix: [String] = []
        for c in components {
            if isGlob(c) { break }
            prefix.append(c)
        }
        let root: String
        if prefix.isEmpty { root = "." } else if prefix == [""] { root = "/" } else { root = prefix.joined(separator: "/") }
        let rest = Array(components.dropFirst(prefix.count))
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root, isDirectory: &isDirectory), isDirectory.boolValue else { return [] }
        var matches: [String] = []
        for relative in filesUnder(root) {
            let parts = relative.split(separator: "/").map(String.init)
            if matchComponents(rest[...], parts[...]) {
                matches.append(prefix.isEmpty ? relative : join(root, relative))
            }
        }
        return matches
    }

    static func matchComponents(_ pattern: ArraySlice<String>, _ path: ArraySlice<String>) -> Bool {
        guard let first = pattern.first else { return path.isEmpty }
        if first == "**" {
            var rest = path
            while true {
                if matchComponents(pattern.dropFirst(), rest) { return true }
                if rest.isEmpty { return false }
                rest = rest.dropFirst()
            }
        }
        guard let name = path.first, fnmatch(first, name, 0) == 0 else { return false }
        return matchComponents(pattern.dropFirst(), path.dropFirst())
    }
}
