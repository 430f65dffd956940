import PipelineKit

/// `markdown`: the brief layout as Markdown, optionally after YAML front matter, or the
/// user's Mustache `template`.
public struct MarkdownFormat: RenderedExportFormat {
    public static let name = "markdown"
    public static let features: ExportFeatures = [.template, .frontMatter]

    let layout: BriefLayout

    public init(settings: ExportFormatSettings) throws {
        layout = try BriefLayout(settings: settings, format: Self.name, builtInTemplate: "brief.md.mustache",
                                 contentType: "MARKDOWN", collapseBlankLines: true, frontMatter: settings.frontMatter)
    }

    public func render(_ documents: [Document], page: ExportPage) -> String { layout.render(documents, page: page) }
}
