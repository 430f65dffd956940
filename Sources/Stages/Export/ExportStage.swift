import Foundation
import Mustache
import PipelineKit

/// Writes documents as text, Markdown, HTML, JSON, JSON lines, CSV or SQLite rows, to stdout,
/// to one file per document, or to one combined file, and passes each document on unchanged.
///
/// Files are written safely: to a temporary file in the same folder, then renamed (so a crash
/// never leaves half a file); an existing file is replaced only with `overwrite: true`; and
/// every path is checked to stay inside the export folder (placeholders cannot climb out with
/// `..` or absolute values, symbolic links cannot lead out). Two documents of one run that map
/// to the same file are an error, not a silent overwrite.
///
/// ```yaml
/// - export: {format: markdown, path: "out/{date}/{name}.md", front-matter: true}
/// - export: {format: jsonl, path: "archive/{date}.jsonl", combine: true, overwrite: true}
/// ```
public struct ExportStage: Stage {
    /// The stage's options (see the spec for each one's meaning and default).
    public struct Options: Decodable, Sendable {
        /// `text`, `markdown`, `html`, `json`, `jsonl`, `csv` or `sqlite`.
        public var format: String
        /// Where to write, with placeholders; `nil` writes to stdout.
        public var path: String?
        /// Write all documents of the run into one file, in input order.
        public var combine: Bool
        /// Replace existing files.
        public var overwrite: Bool
        /// The folder exports are confined to.
        public var folder: String
        /// A Mustache file replacing the built-in layout.
        public var template: String?
        /// YAML front matter in Markdown.
        public var frontMatter: Bool
        /// CSV and SQLite columns.
        public var columns: [String]?
        /// CSV header row.
        public var header: Bool
        /// SQLite table.
        public var table: String
        /// The title of a combined file.
        public var title: String
        /// When written files are flushed to disk: `end`, `each` or `none`.
        public var sync: String
    }

    /// The stage's name, options and examples.
    public static let spec = StageSpec(
        name: "export",
        summary: "Writes briefs as text, Markdown, HTML, JSON, JSON lines, CSV or SQLite, safely; passes documents on unchanged.",
        description: """
            Renders each document in the chosen format and writes it to stdout (the default), to \
            one file per document (`path` with placeholders `{id}`, `{name}` (the input file's stem), \
            `{stage-id}` and `{date}`), or as one output for the whole run \
            (`combine: true`: one file, or stdout; in input order: a daily digest). The brief \
            layout of text, Markdown and HTML shows the title \
            (metadata `title`, else the id), the summary (`summary`), the translations (`translations`, \
            marked when `translation-provider` is `stub`) and the text; a Mustache `template` can \
            replace it. `sqlite` upserts one row per document by id into `table`. Files are written \
            to a temporary file and renamed, existing files are replaced only with `overwrite: true`, \
            and paths cannot leave `folder` (no `..`, absolute values or symbolic links out). \
            With --jsonl, stdout belongs to the JSON lines and an export to stdout is skipped with one note.
            """,
        options: [
            OptionSpec("format", .oneOf(ExportFormat.allCases.map(\.rawValue)), default: "markdown",
                       doc: "Output format: text, markdown, html, json (pretty), jsonl (one line per document), csv (RFC 4180) or sqlite (one row per document, upserted by id)."),
            OptionSpec("path", .string, whenAbsent: "stdout",
                       doc: "File to write, relative to `folder`, with placeholders {id}, {name} (input file stem, else the id), {stage-id} and {date} (run date, YYYY-MM-DD)."),
            OptionSpec("combine", .boolean, default: false,
                       doc: "Write every document of the run as one output, in input order, when the run finishes: into the one file `path` names (no {id} or {name}), or to stdout without a path (one HTML page, one JSON array, one CSV)."),
            OptionSpec("overwrite", .boolean, default: false,
                       doc: "Replace files that already exist (atomically). Without it an existing file is an error for that document, naming the path. SQLite databases are always updated in place."),
            OptionSpec("folder", .string, default: ".",
                       doc: "The folder exports are confined to, relative to the pipeline file (may be absolute). Created when missing."),
            OptionSpec("template", .string, whenAbsent: "the built-in layout",
                       doc: "A Mustache file (relative to the pipeline file) replacing the built-in layout of text, markdown or html (docs/stages/export.md lists the keys it sees). `{{x}}` escapes for the format, `{{{x}}}` does not."),
            OptionSpec("front-matter", .boolean, default: false,
                       doc: "Markdown only: start with YAML front matter holding the id and the metadata."),
            OptionSpec("columns", .list(.string), whenAbsent: "id, title, summary, text (sqlite adds metadata)",
                       doc: "csv and sqlite: the columns, each `id`, `text`, `metadata` (JSON), `annotations` (JSON) or a metadata key; dots reach inside objects (`translations.fr`)."),
            OptionSpec("header", .boolean, default: true, doc: "csv: start with a header row of the column names."),
            OptionSpec("table", .string, default: "documents", doc: "sqlite: the table to upsert into (letters, digits and `_`, not starting with a digit or `sqlite_`; created, and missing columns added, as needed)."),
            OptionSpec("sync", .oneOf(ExportSync.allCases.map(\.rawValue)), default: "end",
                       doc: "When written files are flushed to disk. end: once, when the run finishes (one syncfs per file system written to), so a finished run survives a power loss. each: every file before it is renamed into place (fsync, the old `sync: true`; slow: one disk flush per file). none: never (the old `sync: false`). The old booleans are an option error naming the modes. In every mode files are written under a temporary name and renamed, so a crash, kill or Ctrl-C never leaves a partial file."),
            OptionSpec("title", .string, default: "Digest {date}",
                       doc: "The title of a combined text, markdown or html file; {date} and {stage-id} are replaced."),
        ],
        examples: [
            StageExample(
                "a Markdown brief on stdout; the document itself passes on unchanged",
                input: "Talks stalled in Istanbul on Tuesday.\nBoth sides blamed the other.",
                options: ["format": "markdown"],
                inputMetadata: ["title": "Talks stall", "summary": "Talks stalled."],
                expected: "Talks stalled in Istanbul on Tuesday.\nBoth sides blamed the other.",
                expectedMetadata: ["title": "Talks stall", "summary": "Talks stalled."]),
            StageExample(
                "an HTML page with a stub translation (marked as not a translation)",
                input: "Peace talks stall. <script>alert(1)</script>",
                options: ["format": "html"],
                inputMetadata: ["translations": ["fr": "[fr] Peace talks stall."], "translation-provider": "stub"],
                expected: "Peace talks stall. <script>alert(1)</script>"),
            StageExample(
                "CSV with chosen columns (commas and quotes are quoted)",
                input: "He said \"no\", twice.",
                options: ["format": "csv", "columns": ["id", "title", "text"]],
                inputMetadata: ["title": "Quotes, commas"],
                expected: "He said \"no\", twice."),
            StageExample(
                "JSON lines for an archive",
                input: "Archived text.",
                options: ["format": "jsonl"],
                expected: "Archived text."),
            StageExample(
                "plain text without metadata: the title falls back to the id",
                input: "Just the text.",
                options: ["format": "text"],
                expected: "Just the text."),
            StageExample(
                "JSON of a document whose text looks like JSON (kept as a string, never parsed)",
                input: "{\"not\": \"parsed\"}",
                options: ["format": "json"],
                expected: "{\"not\": \"parsed\"}"),
        ])

    /// Where the output goes.
    enum Destination: Sendable {
        case stdout
        /// One output for the run, printed by `finish` (after every document).
        case combinedStdout
        case perDocument(PathTemplate)
        case combined(PathTemplate)
    }

    let format: ExportFormat
    let destination: Destination
    let overwrite: Bool
    let folder: ExportFolder
    let renderer: Renderer
    let columns: [Column]
    let table: String
    let title: String
    let validateOnly: Bool
    let sync: ExportSync
    let state = ExportState()
    /// Test hooks for the atomic write (simulated crashes).
    var hooks: AtomicFile.Hooks?

    /// Validates the options (all checks that need no document) and loads the layout.
    /// Touches nothing on disk.
    public init(options: Options, setup: StageSetup) throws {
        guard let format = ExportFormat(rawValue: options.format) else {
            throw StageOptionError(option: "format", "unknown format '\(options.format)'")
        }
        self.format = format
        self.overwrite = options.overwrite
        self.validateOnly = setup.validateOnly
        guard let sync = ExportSync(rawValue: options.sync) else {
            throw StageOptionError(option: "sync", "unknown sync mode '\(options.sync)' (end, each or none)")
        }
        self.sync = sync
        self.title = options.title
        self.folder = ExportFolder(display: Self.tidyFolder(setup.resolve(path: options.folder.isEmpty ? "." : options.folder)))

        if let p = options.path {
            let template: PathTemplate
            do { template = try PathTemplate(p) } catch { throw StageOptionError(option: "path", error.message) }
            if options.combine {
                if template.isPerDocument {
                    throw StageOptionError(option: "path", "a combined file cannot use {id} or {name}: all documents go into one file")
                }
                if format == .sqlite {
                    throw StageOptionError(option: "combine", "sqlite always collects every document in one database; drop 'combine'")
                }
                destination = .combined(template)
            } else {
                destination = .perDocument(template)
            }
        } else {
            if format == .sqlite { throw StageOptionError(option: "format", "sqlite needs a 'path' naming the database file") }
            destination = options.combine ? .combinedStdout : .stdout
        }

        if options.template != nil && !format.usesTemplate {
            throw StageOptionError(option: "template", "templates apply to text, markdown and html, not \(format.rawValue)")
        }
        if options.frontMatter && format != .markdown {
            throw StageOptionError(option: "front-matter", "front matter applies to markdown only")
        }

        var columns: [Column] = []
        if let given = options.columns {
            guard format == .csv || format == .sqlite else {
                throw StageOptionError(option: "columns", "columns apply to csv and sqlite, not \(format.rawValue)")
            }
            if given.isEmpty { throw StageOptionError(option: "columns", "give at least one column") }
            var seen: Set<String> = []
            for (i, name) in given.enumerated() {
                if name.trimmingCharacters(in: .whitespaces).isEmpty {
                    throw StageOptionError(option: "columns", "column name is empty", path: [String(i)])
                }
                if !seen.insert(name).inserted {
                    throw StageOptionError(option: "columns", "column '\(name)' is listed twice", path: [String(i)])
                }
            }
            columns = given.map(Column.init(name:))
        } else {
            columns = ["id", "title", "summary", "text"].map(Column.init(name:))
            if format == .sqlite { columns.append(Column(name: "metadata")) }
        }
        if format == .sqlite && !columns.contains(Column(name: "id")) { columns.insert(Column(name: "id"), at: 0) }
        self.columns = columns

        let table = options.table
        let identifier = table.first.map { $0 == "_" || ($0.isASCII && $0.isLetter) } == true
            && table.allSatisfy { $0 == "_" || ($0.isASCII && ($0.isLetter || $0.isNumber)) }
        if format == .sqlite && (!identifier || table.lowercased().hasPrefix("sqlite_")) {
            throw StageOptionError(option: "table", "table name '\(table)' must be letters, digits and '_' (not starting with a digit or 'sqlite_')")
        }
        self.table = table

        var layout: MustacheTemplate?
        var builtIn = false
        if format.usesTemplate {
            (layout, builtIn) = try Renderer.loadLayout(
                format: format, userPath: options.template.map { setup.resolve(path: $0) }, shownPath: options.template)
        }
        renderer = Renderer(format: format, layout: layout, builtInLayout: builtIn, frontMatter: options.frontMatter,
                            columns: columns, header: options.header)
    }

    /// Writes (or buffers, or upserts) the document and returns it unchanged.
    public func process(_ document: Document, context: StageContext) async throws -> [Document] {
        if validateOnly { return [document] }
        switch destination {
        case .stdout, .combinedStdout:
            if context.stdoutReserved {
                if state.firstReservedNote() {
                    context.note("\(format.rawValue) export to stdout skipped: stdout carries the JSON lines (--jsonl); give this export a 'path' to write files")
                }
                return [document]
            }
            if case .combinedStdout = destination {
                state.buffer(document, sequence: context.sequence)
                return [document]
            }
            if let header = renderer.headerRow { context.writeStdoutHeader(header) }
            let out = renderer.render([document], combined: false, title: document.id, date: context.runDate,
                                      stageID: context.stageID, withHeader: false)
            context.writeStdout(out)

        case .perDocument(let template):
            let relative = try expand(template, document: document, context: context)
            if format == .sqlite {
                do {
                    try store(relative).upsert(document)
                } catch let lost as SQLiteStore.RolledBack {
                    // This document's commit failed, and with it the batch's earlier documents.
                    context.failDocuments(ids: lost.ids.filter { $0 != document.id }, reason: lost.message)
                    throw StageError(lost.message)
                }
            } else {
                try state.claim(relative, by: document.id, shown: folder.show(relative))
                do {
                    try write(renderer.render([document], combined: false, title: document.id, date: context.runDate,
                                              stageID: context.stageID, withHeader: true), to: relative)
                } catch {
                    state.release(relative)
                    throw error
                }
            }

        case .combined(let template):
            _ = try state.combinedTarget {
                let relative = try expand(template, document: nil, context: context)
                let (_, exists) = try prepare(relative, create: false)
                if exists && !overwrite {
                    throw StageError("'\(folder.show(relative))' already exists (set overwrite: true to replace it)")
                }
                return relative
            }
            state.buffer(document, sequence: context.sequence)
        }
        return [document]
    }

    /// Writes the combined file, commits and closes databases, and resets the run's state.
    public func finish(context: StageContext) async throws {
        if validateOnly { return }
        defer { state.reset() }
        var errors: [String] = []
        for store in state.takeStores() {
            do {
                try store.close()
            } catch let lost as SQLiteStore.RolledBack {
                context.failDocuments(ids: lost.ids, reason: lost.message)
                errors.append(lost.message)
            } catch {
                errors.append("\(error)")
            }
        }
        let pageTitle = title.replacingOccurrences(of: "{date}", with: context.runDate)
            .replacingOccurrences(of: "{stage-id}", with: context.stageID)
        if case .combinedStdout = destination {
            let documents = state.bufferedInOrder()
            if !documents.isEmpty {
                context.writeStdout(renderer.render(documents, combined: true, title: pageTitle, date: context.runDate,
                                                    stageID: context.stageID, withHeader: true))
            }
        }
        if case .combined = destination {
            let documents = state.bufferedInOrder()
            if documents.isEmpty {
                context.note("no document reached this export; its combined file was not written")
            } else if let relative = state.combinedRelative {
                do {
                    try write(renderer.render(documents, combined: true, title: pageTitle, date: context.runDate,
                                              stageID: context.stageID, withHeader: true), to: relative)
                } catch { errors.append("\(error)") }
            }
        }
        let touched = state.takeTouchedFolders()
        switch sync {
        case .each: for folder in touched { AtomicFile.syncFolder(folder) }
        case .end: Durability.flush(folders: touched)
        case .none: break
        }
        if !errors.isEmpty { throw StageError(errors.joined(separator: "; ")) }
    }

    // MARK: Helpers

    /// `a/./b/.` -> `a/b` (for messages; the real path is checked separately).
    static func tidyFolder(_ path: String) -> String {
        let absolute = path.hasPrefix("/")
        let parts = path.split(separator: "/").filter { $0 != "." }
        if parts.isEmpty { return absolute ? "/" : "." }
        return (absolute ? "/" : "") + parts.joined(separator: "/")
    }

    private func expand(_ template: PathTemplate, document: Document?, context: StageContext) throws -> String {
        var values: [PathTemplate.Placeholder: String] = [.stageID: context.stageID, .date: context.runDate]
        if let document {
            values[.id] = document.id
            values[.name] = Self.name(of: document)
        }
        do { return try template.expand(values) } catch {
            throw StageError(error.message + (document.map { " (document '\($0.id)')" } ?? ""))
        }
    }

    /// The `{name}` of a document: the stem of metadata `source` (its last path component
    /// without the extension), else the id (also for stdin: `-`, `<stdin>`).
    static func name(of document: Document) -> String {
        guard let source = document.metadata["source"]?.stringValue, !source.isEmpty, source != "-",
            !(source.hasPrefix("<") && source.hasSuffix(">"))
        else { return document.id }
        let last = source.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? source
        if let dot = last.lastIndex(of: "."), dot != last.startIndex { return String(last[..<dot]) }
        return last.isEmpty ? document.id : last
    }

    private func prepare(_ relative: String, create: Bool) throws -> (path: String, exists: Bool) {
        do { return try folder.prepare(relative, create: create) } catch { throw StageError(error.message) }
    }

    private func write(_ text: String, to relative: String) throws {
        let (path, exists) = try prepare(relative, create: true)
        if exists && !overwrite { throw StageError("'\(folder.show(relative))' already exists (set overwrite: true to replace it)") }
        try AtomicFile.write(text, to: path, shown: folder.show(relative), overwrite: overwrite, sync: sync == .each, hooks: hooks)
        if sync != .none { state.touched(String(path[..<path.lastIndex(of: "/")!])) }
    }

    private func store(_ relative: String) throws -> SQLiteStore {
        try state.store(relative) {
            let (path, _) = try prepare(relative, create: true)
            return try SQLiteStore(path: path, shown: folder.show(relative), table: table, columns: columns)
        }
    }
}

/// The mutable state of one run of an export stage, shared by concurrent `process` calls.
final class ExportState: @unchecked Sendable {
    private let lock = NSLock()
    private var claims: [String: String] = [:]
    private var notedReserved = false
    private var buffered: [(sequence: Int, arrival: Int, document: Document)] = []
    private var combined: Result<String, any Error>?
    private var stores: [String: SQLiteStore] = [:]
    private var touchedFolders: Set<String> = []

    /// Remembers a folder a file was renamed into (flushed in `finish`).
    func touched(_ folder: String) { lock.withLock { _ = touchedFolders.insert(folder) } }

    /// Hands over the folders to flush.
    func takeTouchedFolders() -> [String] {
        lock.withLock {
            defer { touchedFolders = [] }
            return touchedFolders.sorted()
        }
    }

    /// `true` the first time only.
    func firstReservedNote() -> Bool {
        lock.withLock {
            defer { notedReserved = true }
            return !notedReserved
        }
    }

    /// Reserves `relative` for document `id`; throws when another document of this run has it.
    func claim(_ relative: String, by id: String, shown: String) throws {
        try lock.withLock {
            if let other = claims[relative] {
                throw StageError("'\(shown)' is also the path of document '\(other)' in this run; refusing to overwrite it (use {id} in the path to tell documents apart)")
            }
            claims[relative] = id
        }
    }

    /// Gives up a claim after a failed write.
    func release(_ relative: String) { lock.withLock { _ = claims.removeValue(forKey: relative) } }

    /// The combined file's relative path, computed (and checked) once per run.
    func combinedTarget(_ compute: () throws -> String) throws -> String {
        try lock.withLock {
            if combined == nil { combined = Result { try compute() } }
            return try combined!.get()
        }
    }

    /// The combined file's relative path when it was computed without error.
    var combinedRelative: String? { lock.withLock { try? combined?.get() } }

    /// Keeps a document for the combined file.
    func buffer(_ document: Document, sequence: Int) {
        lock.withLock { buffered.append((sequence, buffered.count, document)) }
    }

    /// The buffered documents in input order.
    func bufferedInOrder() -> [Document] {
        lock.withLock {
            buffered.sorted { ($0.sequence, $0.arrival) < ($1.sequence, $1.arrival) }.map(\.document)
        }
    }

    /// The open database for `relative`, opened by `open` the first time.
    func store(_ relative: String, open: () throws -> SQLiteStore) throws -> SQLiteStore {
        try lock.withLock {
            if let s = stores[relative] { return s }
            let s = try open()
            stores[relative] = s
            return s
        }
    }

    /// Hands over the open databases (to close them).
    func takeStores() -> [SQLiteStore] {
        lock.withLock {
            defer { stores = [:] }
            return Array(stores.values)
        }
    }

    /// Forgets the run: claims, buffer, combined target, notes.
    func reset() {
        lock.withLock {
            claims = [:]
            buffered = []
            combined = nil
            notedReserved = false
        }
    }
}
