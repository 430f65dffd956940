import PipelineKit

/// `html`: the brief layout as a self-contained HTML page, or the user's Mustache `template`
/// (`{{x}}` escapes for HTML).
public struct HTMLFormat: RenderedExportFormat {
    public static let name = "html"
    public static let features: ExportFeatures = [.template]

    let layout: BriefLayout

    public init(settings: ExportFormatSettings) throws {
        layout = try BriefLayout(settings: settings, format: Self.name, builtInTemplate: "brief.html.mustache",
                                 contentType: "HTML5", collapseBlankLines: false, frontMatter: false)
    }

    public func render(_ documents: [Document], page: ExportPage) -> String { layout.render(documents, page: page) }
}
