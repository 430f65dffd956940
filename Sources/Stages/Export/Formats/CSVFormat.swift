import PipelineKit

/// `csv`: RFC 4180 records of the chosen columns (default `id`, `title`, `summary`, `text`),
/// after a header row unless `header: false`.
public struct CSVFormat: RenderedExportFormat {
    public static let name = "csv"
    public static let features: ExportFeatures = [.columns]

    let columns: [ExportColumn]
    let header: Bool

    public init(settings: ExportFormatSettings) throws {
        columns = settings.columns ?? ExportColumn.defaults
        header = settings.header
    }

    public var stdoutHeader: String? { header ? Escape.csvRecord(columns.map(\.name)) : nil }

    public func render(_ documents: [Document], page: ExportPage) -> String {
        var out = page.startsOutput ? (stdoutHeader ?? "") : ""
        for d in documents { out += Escape.csvRecord(columns.map { $0.cell(of: d) }) }
        return out
    }
}
