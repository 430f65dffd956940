import PipelineKit

/// One output format of the export stage: `format: NAME` picks it from the environment's
/// `exportFormats` table, so a custom format is one conformance and one `adding(format:)`.
///
/// A format either renders documents to text (`RenderedExportFormat`: text, markdown, html,
/// json, jsonl, csv), which the stage writes to stdout, one file per document or one combined
/// file; or writes them into a store that stays open for the run (`StoredExportFormat`:
/// sqlite). The stage handles destinations, safe files and ordering for both.
///
/// ```swift
/// struct TSV: RenderedExportFormat {
///     static let name = "tsv"
///     init(settings: ExportFormatSettings) throws {}
///     func render(_ documents: [Document], page: ExportPage) -> String {
///         documents.map { "\($0.id)\t\($0.text.replacingOccurrences(of: "\t", with: " "))\n" }.joined()
///     }
/// }
/// let environment = PipelineEnvironment.builtIn.adding(format: TSV.self)
/// ```
public protocol ExportFormat: Sendable {
    /// The value of the stage's `format` option.
    static var name: String { get }
    /// Which of the stage's format-specific options this format reads; the stage rejects the
    /// others with a message naming the formats that take them. Defaults to none.
    static var features: ExportFeatures { get }
    /// Builds the format from the stage's options. Throw `StageOptionError` to point at one.
    init(settings: ExportFormatSettings) throws
}

extension ExportFormat {
    /// Reads none of the format-specific options.
    public static var features: ExportFeatures { [] }
}

/// A format that turns documents into text.
public protocol RenderedExportFormat: ExportFormat {
    /// Renders `documents`: one (a per-document file or stdout chunk), or every document of a
    /// combined output in input order.
    func render(_ documents: [Document], page: ExportPage) -> String
    /// Text stdout shows once, before the first document (CSV's header row); `nil`: none.
    var stdoutHeader: String? { get }
}

extension RenderedExportFormat {
    /// No header.
    public var stdoutHeader: String? { nil }
}

/// A format that writes documents into a store kept open for the run (a database file).
/// It needs a `path` and cannot be combined (the store already collects every document).
public protocol StoredExportFormat: ExportFormat {
    /// Opens (creating when missing) the store at `path`; `shown` names it in messages.
    func openStore(path: String, shown: String) throws -> any ExportStore
}

/// A store a `StoredExportFormat` writes into: typically an actor around a database handle.
public protocol ExportStore: Sendable {
    /// Writes (inserts or updates) one document. Throw `ExportBatchLost` when documents that
    /// were accepted earlier were lost with this one (a rolled-back batch).
    func write(_ document: Document) async throws
    /// Commits what is pending and closes the store; throw `ExportBatchLost` for what was lost.
    func close() async throws
}

/// Documents a store had accepted were lost (a batch rolled back when its commit failed).
public struct ExportBatchLost: Error, Sendable, CustomStringConvertible {
    /// The ids of the lost documents.
    public var ids: [String]
    /// One line saying why, without document text.
    public var message: String
    /// Creates the error.
    public init(ids: [String], message: String) {
        self.ids = ids
        self.message = message
    }
    public var description: String { message }
}

/// The export options beyond `format`, `path` and the safety ones, which only some formats read.
public struct ExportFeatures: OptionSet, Sendable {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }
    /// `template`: a Mustache layout.
    public static let template = ExportFeatures(rawValue: 1 << 0)
    /// `front-matter`: YAML front matter.
    public static let frontMatter = ExportFeatures(rawValue: 1 << 1)
    /// `columns` (and `header`): chosen columns.
    public static let columns = ExportFeatures(rawValue: 1 << 2)
    /// `table`: a database table.
    public static let table = ExportFeatures(rawValue: 1 << 3)
}

/// What a format is built from: the stage's format-specific options, already checked
/// against its `features`.
public struct ExportFormatSettings: Sendable {
    /// `columns`, each checked (not empty, not repeated); `nil` when not given.
    public var columns: [ExportColumn]?
    /// `header`: start CSV-like output with a header row.
    public var header: Bool
    /// `front-matter`.
    public var frontMatter: Bool
    /// `template`, resolved against the pipeline folder, and as the user wrote it (for messages).
    public var template: (path: String, shown: String)?
    /// `table`.
    public var table: String
    /// The stage's setup (pipeline folder, environment, validate-only).
    public var setup: StageSetup

    /// Creates settings.
    public init(columns: [ExportColumn]? = nil, header: Bool = true, frontMatter: Bool = false,
                template: (path: String, shown: String)? = nil, table: String = "documents",
                setup: StageSetup = StageSetup(stageID: "export")) {
        self.columns = columns
        self.header = header
        self.frontMatter = frontMatter
        self.template = template
        self.table = table
        self.setup = setup
    }
}

/// The output a rendered format is writing.
public struct ExportPage: Sendable {
    /// `true` for one output holding every document of the run.
    public var combined: Bool
    /// The digest title of a combined output (`title` with placeholders replaced); the
    /// document id for a single one.
    public var title: String
    /// The run date, `YYYY-MM-DD`.
    public var date: String
    /// The stage's id.
    public var stageID: String
    /// `true` when the output starts a file (so it carries CSV's header row); `false` for a
    /// stdout chunk, whose header the stage prints once through `stdoutHeader`.
    public var startsOutput: Bool

    /// Creates a page.
    public init(combined: Bool, title: String, date: String, stageID: String, startsOutput: Bool) {
        self.combined = combined
        self.title = title
        self.date = date
        self.stageID = stageID
        self.startsOutput = startsOutput
    }
}
