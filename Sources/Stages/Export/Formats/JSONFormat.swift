import PipelineKit

/// `json`: one pretty JSON object per document (`id`, `text`, `metadata`, `annotations`); a
/// combined output is one array of them.
public struct JSONFormat: RenderedExportFormat {
    public static let name = "json"

    public init(settings: ExportFormatSettings) throws {}

    public func render(_ documents: [Document], page: ExportPage) -> String {
        if !page.combined, let document = documents.first {
            var out = ""
            JSONWriter.writeObject(document.jsonValue, into: &out, pretty: true)
            return out + "\n"
        }
        if documents.isEmpty { return "[]\n" }
        var out = "["
        for (i, document) in documents.enumerated() {
            out += i == 0 ? "\n  " : ",\n  "
            JSONWriter.writeObject(document.jsonValue, into: &out, pretty: true, indent: 1)
        }
        return out + "\n]\n"
    }
}
