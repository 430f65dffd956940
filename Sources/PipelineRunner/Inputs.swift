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
                    let files = filesUnder(argument)
                    if files.isEmpty {
                        sources.append(.unusable(argument: argument, message: "directory has no files"))
                    }
                    for relative in files {
                        sources.append(.file(path: join(argument, relative), id: stripExtension(relative)))
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
        guard let enumerator = FileManager.default.enumerator(atPath: directory) else { return [] }
        var files: [String] = []
        while let relative = enumerator.nextObject() as? String {
            let name = (relative as NSString).lastPathComponent
            if name.hasPrefix(".") {
                if (enumerator.fileAttributes?[.type] as? FileAttributeType) == .typeDirectory { enumerator.skipDescendants() }
                continue
            }
            if let type = enumerator.fileAttributes?[.type] as? FileAttributeType, type == .typeRegular || type == .typeSymbolicLink {
                var isDirectory: ObjCBool = false
                if FileManager.default.fileExists(atPath: join(directory, relative), isDirectory: &isDirectory), !isDirectory.boolValue {
                    files.append(relative)
                }
            }
        }
        return files.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
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

/// Reads lines from a file descriptor in large chunks, without holding the whole stream:
/// the JSON-lines reader for inputs of any size.
final class LineReader: @unchecked Sendable {
    private let fd: Int32
    private let closeOnEnd: Bool
    private var buffer: [UInt8] = []
    private var start = 0
    private var atEOF = false
    /// Longest accepted line; longer lines are reported and skipped.
    let maxLineBytes: Int
    /// 1-based number of the line last returned.
    private(set) var lineNumber = 0

    init(fd: Int32, closeOnEnd: Bool, maxLineBytes: Int = 256 << 20) {
        self.fd = fd
        self.closeOnEnd = closeOnEnd
        self.maxLineBytes = maxLineBytes
    }

    deinit { if closeOnEnd { close(fd) } }

    enum Line {
        case line([UInt8])
        case tooLong(Int)
    }

    /// The next line without its terminator, or `nil` at the end.
    func next() -> Line? {
        while true {
            if let newline = buffer[start...].firstIndex(of: 0x0A) {
                if newline - start > maxLineBytes {
                    let length = newline - start
                    start = newline + 1
                    lineNumber += 1
                    compact()
                    return .tooLong(length)
                }
                var line = Array(buffer[start..<newline])
                if line.last == 0x0D { line.removeLast() }
                start = newline + 1
                lineNumber += 1
                compact()
                return .line(line)
            }
            if buffer.count - start > maxLineBytes {
                // Skip to the end of this overlong line.
                let length = buffer.count - start
                buffer.removeAll(keepingCapacity: true)
                start = 0
                var skipped = length
                while !atEOF {
                    fill()
                    if let newline = buffer.firstIndex(of: 0x0A) {
                        skipped += newline
                        buffer.removeFirst(newline + 1)
                        break
                    }
                    skipped += buffer.count
                    buffer.removeAll(keepingCapacity: true)
                }
                lineNumber += 1
                return .tooLong(skipped)
            }
            if atEOF {
                guard start < buffer.count else { return nil }
                let line = Array(buffer[start...])
                buffer.removeAll()
                start = 0
                lineNumber += 1
                return .line(line)
            }
            fill()
        }
    }

    private func compact() {
        if start > 1 << 20 || start == buffer.count {
            buffer.removeFirst(start)
            start = 0
        }
    }

    private func fill() {
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        if n <= 0 {
            if n < 0 && errno == EINTR { return }
            atEOF = true
            return
        }
        buffer.append(contentsOf: chunk[0..<n])
    }
}
