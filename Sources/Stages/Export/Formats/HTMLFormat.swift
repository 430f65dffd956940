import PipelineKit

/// `html`: the brief layout as a self-contained HTML page, or the user's Mustache `template`
/// (`{{x}}` escapes for HTML).
struct HTMLFormat: BriefFormat {
    static let name = "html"
    static let features: ExportFeatures = [.template]
    static let builtInKind = BuiltInBrief.Kind.html
    static let builtInTemplate = "brief.html.mustache"
    static let contentType = "HTML5"
    let layout: BriefLayout
}
