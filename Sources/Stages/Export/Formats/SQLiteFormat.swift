import PipelineKit

/// `sqlite`: one row per document, upserted by id into `table` of the database file `path`
/// (created, and missing columns added, as needed). Columns default to `id`, `title`,
/// `summary`, `text` and `metadata`; `id` is always one of them.
public struct SQLiteFormat: StoredExportFormat {
    public static let name = "sqlite"
    public static let features: ExportFeatures = [.columns, .table]

    let columns: [ExportColumn]
    let table: String

    public init(settings: ExportFormatSettings) throws {
        var columns = settings.columns ?? (ExportColumn.defaults + [ExportColumn(name: "metadata")])
        if !columns.contains(ExportColumn(name: "id")) { columns.insert(ExportColumn(name: "id"), at: 0) }
        self.columns = columns
        let table = settings.table
        let identifier = table.first.map { $0 == "_" || ($0.isASCII && $0.isLetter) } == true
            && table.allSatisfy { $0 == "_" || ($0.isASCII && ($0.isLetter || $0.isNumber)) }
        if !identifier || table.lowercased().hasPrefix("sqlite_") {
            throw StageOptionError(option: "table", "table name '\(table)' must be letters, digits and '_' (not starting with a digit or 'sqlite_')")
        }
        self.table = table
    }

    public func openStore(path: String, shown: String) throws -> any ExportStore {
        try SQLiteStore(path: path, shown: shown, table: table, columns: columns)
    }
}
