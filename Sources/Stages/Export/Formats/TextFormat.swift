import PipelineKit

/// `text`: the brief layout as plain text (title, summary, translations, text), or the
/// user's Mustache `template`.
public struct TextFormat: RenderedExportFormat {
    public static let name = "text"
    public static let features: ExportFeatures = [.template]

    let layout: BriefLayout

    public init(settings: ExportFormatSettings) throws {
        layout = try BriefLayout(settings: settings, format: Self.name, builtInTemplate: "brief.txt.mustache",
                                 contentType: "TEXT", collapseBlankLines: false, frontMatter: false)
    }

    public func render(_ documents: [Document], page: ExportPage) -> String { layout.render(documents, page: page) }
}
