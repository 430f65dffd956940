import PipelineKit

/// `csv`: RFC 4180 records of the chosen columns (default `id`, `title`, `summary`, `text`),
/// after a header row unless `header: false`.
public struct CSVFormat: RenderedExportFormat {
    public static let name = "csv"
    public static let features: ExportFeatures = [.columns]

    let columns: [ExportColumn]
    /// The header row, escaped once (every stdout document and every file asks for it).
    public let stdoutHeader: String?

    public init(settings: ExportFormatSettings) throws {
        columns = settings.columns ?? ExportColumn.defaults
        stdoutHeader = settings.header ? Escape.csvRecord(columns.map(\.name)) : nil
    }

    public func render(_ documents: [Document], page: ExportPage) -> String {
        var out = page.startsOutput ? (stdoutHeader ?? "") : ""
        for document in documents { out += Escape.csvRecord(columns.map { $0.cell(of: document) }) }
        return out
    }
}
