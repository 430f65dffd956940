import Foundation
import PipelineKit

/// A format `--report` can write. Each format is one conformance in its own file; adding one
/// (an HTML page, say) means one more file and one more entry in `RunReportFormats.all`.
public protocol RunReportFormat: Sendable {
    /// The `FORMAT:` prefix, e.g. `sarif`.
    static var name: String { get }
    /// Other prefixes accepted for it, e.g. `xml` for JUnit.
    static var aliases: [String] { get }
    /// File extensions (without the dot) that select it.
    static var extensions: [String] { get }
    /// `true` when the format lists every finding (the runner then keeps them per document).
    static var needsFindings: Bool { get }
    /// Creates the format.
    init()
    /// The report's bytes. It must never contain document text.
    func render(_ report: RunReport) -> [UInt8]
}

extension RunReportFormat {
    public static var aliases: [String] { [] }
    public static var needsFindings: Bool { false }
}

/// The formats this build knows.
public enum RunReportFormats {
    /// Every format, in the order `--help` lists them.
    public static let all: [any RunReportFormat.Type] = [
        JSONRunReport.self, SARIFRunReport.self, JUnitRunReport.self, MarkdownRunReport.self, HTMLRunReport.self,
    ]

    /// The format named `name` (a prefix or an alias).
    public static func named(_ name: String) -> (any RunReportFormat.Type)? {
        let lowered = name.lowercased()
        return all.first { $0.name == lowered || $0.aliases.contains(lowered) }
    }

    /// The format for a file extension.
    public static func forExtension(_ ext: String) -> (any RunReportFormat.Type)? {
        let lowered = ext.lowercased()
        return all.first { $0.extensions.contains(lowered) }
    }
}

/// One `--report` argument: a format and where it goes (`-` is stdout).
public struct ReportDestination: Sendable, CustomStringConvertible {
    /// The format.
    public var format: any RunReportFormat.Type
    /// The path as given, or `-`.
    public var path: String
    /// `true` for `-`.
    public var isStandardOutput: Bool { path == "-" }

    public var description: String { "\(format.name):\(path)" }

    /// Parses `FORMAT:PATH`, `PATH` (format from the extension) or `-` (JSON on stdout).
    public init(parsing argument: String) throws(ReportError) {
        if let colon = argument.firstIndex(of: ":"), colon != argument.startIndex {
            let prefix = String(argument[..<colon])
            if let format = RunReportFormats.named(prefix) {
                let rest = String(argument[argument.index(after: colon)...])
                guard !rest.isEmpty else { throw ReportError("--report \(argument): give a path or - after '\(prefix):'") }
                self.format = format
                self.path = rest
                return
            }
        }
        if argument == "-" {
            format = JSONRunReport.self
            path = "-"
            return
        }
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: argument, isDirectory: &isDirectory), isDirectory.boolValue {
            throw ReportError("--report \(argument): is a directory; name a file such as \(argument.hasSuffix("/") ? argument : argument + "/")run.json")
        }
        let ext = (argument as NSString).pathExtension
        if ext.isEmpty {
            // No extension (/dev/stdout, a FIFO, 'report'): the JSON run report, as before.
            self.format = JSONRunReport.self
            self.path = argument
            return
        }
        guard let format = RunReportFormats.forExtension(ext) else {
            let known = RunReportFormats.all.flatMap { $0.extensions.map { "." + $0 } }.joined(separator: ", ")
            let prefixes = RunReportFormats.all.map { $0.name + ":" }.joined(separator: ", ")
            throw ReportError("--report \(argument): cannot tell the format from \(ext.isEmpty ? "a path without extension" : "'.\(ext)'") (use \(known), or a prefix: \(prefixes))")
        }
        self.format = format
        self.path = argument
    }

    /// Checks, before anything is processed, that the report can be written: not a folder, and
    /// a new file's folder exists and is writable.
    public func checkWritable() throws(ReportError) {
        if isStandardOutput { return }
        var info = stat()
        if stat(path, &info) == 0 {
            let type = info.st_mode & S_IFMT
            if type == S_IFDIR { throw ReportError("--report \(path): is a directory; name a file such as \(path.hasSuffix("/") ? path : path + "/")report.\(format.extensions.first ?? "json")") }
            if type != S_IFREG {
                if access(path, W_OK) != 0 { throw ReportError("--report \(path): not writable") }
                return
            }
        }
        let target = ReportFile.resolvedPath(path)
        let folder = (target as NSString).deletingLastPathComponent
        let dir = folder.isEmpty ? "." : folder
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: dir, isDirectory: &isDirectory), isDirectory.boolValue,
              access(dir, W_OK) == 0
        else { throw ReportError("--report \(path): folder '\(dir)' does not exist or is not writable") }
    }
}

/// A report that cannot be written or a bad `--report` argument.
public struct ReportError: Error, Sendable, CustomStringConvertible {
    /// One line.
    public var message: String
    /// Creates an error.
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
