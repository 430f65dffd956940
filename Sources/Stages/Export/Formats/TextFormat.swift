import PipelineKit

/// `text`: the brief layout as plain text (title, summary, translations, text), or the
/// user's Mustache `template`.
struct TextFormat: BriefFormat {
    static let name = "text"
    static let features: ExportFeatures = [.template]
    static let builtInKind = BuiltInBrief.Kind.text
    static let builtInTemplate = "brief.txt.mustache"
    static let contentType = "TEXT"
    let layout: BriefLayout
}
