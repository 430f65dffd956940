import PipelineKit

/// `markdown`: the brief layout as Markdown, optionally after YAML front matter, or the
/// user's Mustache `template`.
struct MarkdownFormat: BriefFormat {
    static let name = "markdown"
    static let features: ExportFeatures = [.template, .frontMatter]
    static let builtInKind = BuiltInBrief.Kind.markdown
    static let builtInTemplate = "brief.md.mustache"
    static let contentType = "MARKDOWN"
    static let collapsesBlankLines = true
    let layout: BriefLayout
}
