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
public struct ExportStage: Sink {
    /// The stage's options (see the spec for each one's meaning and default).
    public struct Options: Decodable, Sendable {
        /// A format of the environment's `exportFormats`: `text`, `markdown`, `html`, `json`,
        /// `jsonl`, `csv` or `sqlite` unless the binary adds its own.
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
            // Any string: a binary may add formats to its environment. The built-in names are
            // listed so that describe, the docs and the schema (editors' completion) show them.
            OptionSpec("format", .anyOf([.oneOf(ExportFormatRegistry.builtIn.names), .string]), default: "markdown",
                       doc: "Output format: text, markdown, html, json (pretty), jsonl (one line per document), csv (RFC 4180) or sqlite (one row per document, upserted by id), or a format the binary adds."),
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

    /// The chosen format, by how it writes.
    enum Output: Sendable {
        /// Renders text: to stdout, one file per document or one combined file.
        case rendered(any RenderedExportFormat)
        /// Writes into a store opened once per path (a database).
        case stored(any StoredExportFormat)
    }

    let formatName: String
    let output: Output
    let destination: Destination
    let overwrite: Bool
    let folder: ExportFolder
    let title: String
    let validateOnly: Bool
    let sync: ExportSync
    let state = ExportState()
    /// Test hooks for the atomic write (simulated crashes).
    var hooks: AtomicFile.Hooks?

    /// Validates the options (all checks that need no document) and builds the format (loading
    /// its layout). Touches nothing on disk.
    public init(options: Options, setup: StageSetup) throws {
        let formats = setup.pipelineEnvironment.exportFormats
        guard let formatType = formats[options.format] else {
            var message = "unknown format '\(options.format)'"
            if let guess = Suggestion.closest(to: options.format, in: formats.names) { message += " (did you mean '\(guess)'?)" }
            throw StageOptionError(option: "format", message + "; formats: \(formats.names.joined(separator: ", "))")
        }
        let name = formatType.name
        let isStored = formatType is any StoredExportFormat.Type
        self.formatName = name
        self.overwrite = options.overwrite
        self.validateOnly = setup.validateOnly
        guard let sync = ExportSync(rawValue: options.sync) else {
            throw StageOptionError(option: "sync", "unknown sync mode '\(options.sync)' (end, each or none)")
        }
        self.sync = sync
        self.title = options.title
        self.folder = ExportFolder(display: Self.tidyFolder(setup.resolve(path: options.folder.isEmpty ? "." : options.folder)))

        if let pathPattern = options.path {
            let template: PathTemplate
            do { template = try PathTemplate(pathPattern) } catch { throw StageOptionError(option: "path", error.message) }
            if options.combine {
                if template.isPerDocument {
                    throw StageOptionError(option: "path", "a combined file cannot use {id} or {name}: all documents go into one file")
                }
                if isStored {
                    throw StageOptionError(option: "combine", "\(name) always collects every document in one database; drop 'combine'")
                }
                destination = .combined(template)
            } else {
                destination = .perDocument(template)
            }
        } else {
            if isStored { throw StageOptionError(option: "format", "\(name) needs a 'path' naming the database file") }
            destination = options.combine ? .combinedStdout : .stdout
        }

        let features = formatType.features
        if options.template != nil && !features.contains(.template) {
            throw StageOptionError(option: "template", "templates apply to \(formats.phrase(for: .template)), not \(name)")
        }
        if options.frontMatter && !features.contains(.frontMatter) {
            throw StageOptionError(option: "front-matter", "front matter applies to \(formats.phrase(for: .frontMatter)) only")
        }
        var columns: [ExportColumn]?
        if let given = options.columns {
            guard features.contains(.columns) else {
                throw StageOptionError(option: "columns", "columns apply to \(formats.phrase(for: .columns)), not \(name)")
            }
            if given.isEmpty { throw StageOptionError(option: "columns", "give at least one column") }
            var seen: Set<String> = []
            for (i, column) in given.enumerated() {
                if column.trimmingCharacters(in: .whitespaces).isEmpty {
                    throw StageOptionError(option: "columns", "column name is empty", path: [String(i)])
                }
                if !seen.insert(column).inserted {
                    throw StageOptionError(option: "columns", "column '\(column)' is listed twice", path: [String(i)])
                }
            }
            columns = given.map(ExportColumn.init(name:))
        }
        let settings = ExportFormatSettings(
            columns: columns, header: options.header, frontMatter: options.frontMatter,
            template: options.template.map { (path: setup.resolve(path: $0), shown: $0) }, table: options.table, setup: setup)
        let format = try formatType.init(settings: settings)
        switch format {
        case let rendered as any RenderedExportFormat: output = .rendered(rendered)
        case let stored as any StoredExportFormat: output = .stored(stored)
        default:
            throw StageOptionError(option: "format", "format '\(name)' neither renders text nor writes a store")
        }
    }

    /// `true` for one file (or database row) per document: each write creates and renames a
    /// file, so the runner runs this export on a thread of its own, overlapped with the next
    /// documents' stages. Stdout and combined exports only print or buffer.
    public var blocksOnIO: Bool {
        if validateOnly { return false }
        if case .perDocument = destination { return true }
        return false
    }

    /// Writes (or buffers, or stores) the document and returns it unchanged.
    public func write(_ document: Document, context: SinkContext) async throws -> [Document] {
        if validateOnly { return [document] }
        switch destination {
        case .stdout, .combinedStdout:
            // Checked first, without touching the format: under --jsonl this is every document.
            if context.stdoutReserved {
                if state.firstReservedNote() {
                    context.note("\(formatName) export to stdout skipped: stdout carries the JSON lines (--jsonl); give this export a 'path' to write files")
                }
                return [document]
            }
            if case .combinedStdout = destination {
                state.buffer(document, sequence: context.sequence)
                return [document]
            }
            // A stored format has a path (checked in `init`), so this is a rendered one.
            guard case .rendered(let format) = output else { return [document] }
            if let header = format.stdoutHeader { context.writeStdoutHeader(header) }
            context.writeStdout(format.render([document], page: page(title: document.id, combined: false, startsOutput: false, context: context)))

        case .perDocument(let template):
            let relative = try expand(template, document: document, context: context)
            switch output {
            case .stored(let format):
                do {
                    try await store(relative, format: format).write(document)
                } catch let lost as ExportBatchLost {
                    // This document's write failed, and with it the batch's earlier documents.
                    context.failDocuments(ids: lost.ids.filter { $0 != document.id }, reason: lost.message)
                    throw StageError(lost.message)
                }
            case .rendered(let format):
                try state.claim(relative, by: document.id, shown: folder.show(relative))
                do {
                    try write(format.render([document], page: page(title: document.id, combined: false, startsOutput: true, context: context)),
                              to: relative)
                } catch {
                    state.release(relative)
                    throw error
                }
            }

        case .combined(let template):
            _ = try state.combinedTarget {
                let relative = try expand(template, document: nil, context: context)
                _ = try replaceableTarget(relative, create: false)
                return relative
            }
            state.buffer(document, sequence: context.sequence)
        }
        return [document]
    }

    /// Writes the combined file, commits and closes stores, and resets the run's state.
    public func finish(context: SinkContext) async throws {
        if validateOnly { return }
        defer { state.reset() }
        var errors: [String] = []
        for store in state.takeStores() {
            do {
                try await store.close()
            } catch let lost as ExportBatchLost {
                context.failDocuments(ids: lost.ids, reason: lost.message)
                errors.append(lost.message)
            } catch {
                errors.append("\(error)")
            }
        }
        let pageTitle = title.replacingEvery("{date}", with: context.runDate)
            .replacingEvery("{stage-id}", with: context.stageID)
        if case .rendered(let format) = output {
            let combinedPage = page(title: pageTitle, combined: true, startsOutput: true, context: context)
            if case .combinedStdout = destination {
                let documents = state.bufferedInOrder()
                if !documents.isEmpty { context.writeStdout(format.render(documents, page: combinedPage)) }
            }
            if case .combined = destination {
                let documents = state.bufferedInOrder()
                if documents.isEmpty {
                    context.note("no document reached this export; its combined file was not written")
                } else if let relative = state.combinedRelative {
                    do {
                        try write(format.render(documents, page: combinedPage), to: relative)
                    } catch {
                        // The documents were accepted into a file that was never written: they
                        // are lost, so the report says failed, not ok.
                        context.failDocuments(ids: documents.map(\.id), reason: "the combined file was not written: \(error)")
                        errors.append("\(error)")
                    }
                }
            }
        }
        let touched = state.takeTouchedFolders()
        switch sync {
        case .each: Durability.syncFolders(touched)
        case .end: Durability.flush(folders: touched)
        case .none: break
        }
        if !errors.isEmpty { throw StageError(errors.joined(separator: "; ")) }
    }

    private func page(title: String, combined: Bool, startsOutput: Bool, context: SinkContext) -> ExportPage {
        ExportPage(combined: combined, title: title, date: context.runDate, stageID: context.stageID, startsOutput: startsOutput)
    }

    // MARK: Helpers

    /// `a/./b/.` -> `a/b` (for messages; the real path is checked separately).
    static func tidyFolder(_ path: String) -> String {
        let absolute = path.hasPrefix("/")
        let parts = path.split(separator: "/").filter { $0 != "." }
        if parts.isEmpty { return absolute ? "/" : "." }
        return (absolute ? "/" : "") + parts.joined(separator: "/")
    }

    private func expand(_ template: PathTemplate, document: Document?, context: SinkContext) throws -> String {
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

    /// Where `relative` goes: its folder, opened (and created when `create` is set) once per
    /// run and kept in `state`, and what is there now. `nil` when `create` is not set and a
    /// folder on the way does not exist (so no file is there either).
    private func target(_ relative: String, create: Bool) throws -> ExportTarget? {
        do {
            var components = relative.split(separator: "/")
            guard let fileName = components.popLast() else { throw PathError("empty path") }
            let key = components.joined(separator: "/")
            var directory = state.openFolder(key)
            if directory == nil {
                var root = state.openFolder("")
                if root == nil {
                    guard let opened = try folder.openRoot(create: create) else { return nil }
                    root = state.keepOpen(opened, at: "")
                }
                guard let root, let opened = try folder.openFolder(components[...], from: root, root: root, create: create, relative: relative)
                else { return nil }
                directory = components.isEmpty ? opened : state.keepOpen(opened, at: key)
            }
            return try folder.target(String(fileName), in: directory!, relative: relative)
        } catch let error as PathError {
            throw StageError(error.message)
        }
    }

    /// The target of `relative`, checked to be absent unless `overwrite` allows replacing it.
    /// `nil` when only looking (`create` not set) and its folder does not exist yet.
    private func replaceableTarget(_ relative: String, create: Bool) throws -> ExportTarget? {
        guard let target = try target(relative, create: create) else { return nil }
        if target.exists && !overwrite { throw StageError("'\(folder.show(relative))' already exists (set overwrite: true to replace it)") }
        return target
    }

    private func write(_ text: String, to relative: String) throws {
        guard let target = try replaceableTarget(relative, create: true) else {
            throw StageError("cannot write '\(folder.show(relative))': its folder could not be created")
        }
        try AtomicFile.write(text, to: target, shown: folder.show(relative), overwrite: overwrite, sync: sync == .each,
                             temporaryNames: state.temporaryNames, hooks: hooks)
        if sync != .none { state.touched(target.directory.path) }
    }

    /// The store at `relative`, opened the first time it is asked for in the run.
    private func store(_ relative: String, format: any StoredExportFormat) throws -> any ExportStore {
        if let open = state.openStore(relative) { return open }
        // Checked outside the state's lock (the walk keeps the folders it opens in the state).
        guard let target = try target(relative, create: true) else {
            throw StageError("cannot write '\(folder.show(relative))': its folder could not be created")
        }
        return try state.store(relative) {
            try format.openStore(path: target.directory.path(of: target.name), shown: folder.show(relative))
        }
    }
}
