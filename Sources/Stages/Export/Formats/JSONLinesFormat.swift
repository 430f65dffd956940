import PipelineKit

/// `jsonl`: one JSON line per document, as `pipeline run --jsonl` writes them.
public struct JSONLinesFormat: RenderedExportFormat {
    public static let name = "jsonl"

    public init(settings: ExportFormatSettings) throws {}

    public func render(_ documents: [Document], page: ExportPage) -> String {
        var out = ""
        for document in documents {
            out += document.jsonLine()
            out += "\n"
        }
        return out
    }
}
