import PipelineKit

/// Which parts of a document redact scans (option `fields`): the text, every metadata string
/// (nested objects and arrays too), or some metadata paths (`metadata.subject`,
/// `metadata.headers.from`; a path selects everything under it).
///
/// By default: the text and every metadata string except `source`, the input path the runner
/// records (export names files after it and reports point at it).
struct FieldSelection: Sendable {
    /// Scan the document text.
    let text: Bool
    /// Scan every metadata value.
    let allMetadata: Bool
    /// Metadata keys skipped when scanning every value by default.
    let skipped: Set<String>
    /// Selected metadata paths, each starting with `metadata.`.
    let paths: [String]

    init(_ fields: [String]?) throws {
        guard let fields else {
            text = true
            allMetadata = true
            skipped = ["source"]
            paths = []
            return
        }
        var text = false, all = false
        var paths: [String] = []
        for (i, f) in fields.enumerated() {
            if f == "text" {
                text = true
            } else if f == "metadata" {
                all = true
            } else if f.hasPrefix("metadata."), f.count > 9, !f.hasSuffix("."), !f.contains("..") {
                paths.append(f)
            } else {
                throw StageOptionError(option: "fields", "'\(f)' is not a field: use text, metadata or metadata.KEY (e.g. metadata.subject)",
                                       path: [String(i)])
            }
        }
        if fields.isEmpty { throw StageOptionError(option: "fields", "must name at least one field (text, metadata or metadata.KEY)") }
        self.text = text
        self.allMetadata = all
        self.skipped = []
        self.paths = paths
    }

    /// `true` when the top-level metadata `key` is scanned, wholly or in part.
    func wants(_ key: String) -> Bool {
        (allMetadata && !skipped.contains(key)) || selects(path: "metadata." + key) || wants(path: "metadata." + key)
    }

    /// `true` when everything under the top-level metadata `key` is scanned.
    func selects(_ key: String) -> Bool {
        (allMetadata && !skipped.contains(key)) || selects(path: "metadata." + key)
    }

    /// `true` when `path` or one of its ancestors is selected.
    func selects(path: String) -> Bool {
        if allMetadata && skipped.isEmpty { return true }
        return paths.contains { path == $0 || path.hasPrefix($0 + ".") }
    }

    /// `true` when something below `path` is selected.
    func wants(path: String) -> Bool {
        paths.contains { $0.hasPrefix(path + ".") }
    }
}
