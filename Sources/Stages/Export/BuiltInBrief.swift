import PipelineKit

/// The built-in brief layouts of text, Markdown and HTML written directly in Swift: the same
/// bytes as rendering `Templates/brief.{txt,md,html}.mustache` with swift-mustache (checked by
/// `BuiltInBriefTests` over varied documents), without its per-key reflection. A user's
/// `template` still goes through Mustache (`BriefLayout`).
enum BuiltInBrief {
    /// Which layout.
    enum Kind: Sendable { case text, markdown, html }

    /// Renders `documents` onto `page`, before `BriefLayout.tidy` (exactly what the template
    /// produces). `frontMatter`: Markdown's YAML block first.
    static func render(_ kind: Kind, _ documents: [Document], page: ExportPage, frontMatter: Bool) -> [UInt8] {
        var out = BriefWriter(capacity: documents.reduce(0) { $0 + $1.text.utf8.count } * 9 / 8 + 2048)
        let briefs = documents.enumerated().map { BriefDocument($1, index: $0 + 1) }
        switch kind {
        case .text: text(briefs, page: page, into: &out)
        case .markdown: markdown(briefs, page: page, frontMatter: frontMatter ? BriefView.frontMatterText(documents, page: page) : nil, into: &out)
        case .html: html(briefs, page: page, into: &out)
        }
        return out.bytes
    }

    // MARK: text (brief.txt.mustache)

    private static func text(_ briefs: [BriefDocument], page: ExportPage, into out: inout BriefWriter) {
        if page.combined {
            out.raw(page.title); out.newline()
            out.raw(BriefText.rule(under: page.title)); out.newline()
            out.newline()
        }
        for brief in briefs {
            out.raw(brief.title); out.newline()
            out.raw(BriefText.rule(under: brief.title)); out.newline()
            out.newline()
            if let summary = brief.summary {
                out.raw("SUMMARY\n\n"); out.raw(summary); out.newline(); out.newline()
            }
            if !brief.translations.isEmpty {
                out.raw("TRANSLATIONS\n\n")
                for translation in brief.translations {
                    out.raw("["); out.raw(translation.language); out.raw("]")
                    if translation.stub { out.raw(" (stub provider: a placeholder, not a translation)") }
                    out.newline()
                    out.raw(translation.text); out.newline(); out.newline()
                }
            }
            out.raw("TEXT\n\n"); out.raw(brief.text); out.newline()
            if brief.index != briefs.count {
                out.raw("\n----------------------------------------------------------------------\n\n")
            }
        }
    }

    // MARK: Markdown (brief.md.mustache)

    private static func markdown(_ briefs: [BriefDocument], page: ExportPage, frontMatter: String?, into out: inout BriefWriter) {
        if let frontMatter {
            out.raw("---\n"); out.raw(frontMatter); out.raw("---\n\n")
        }
        if page.combined {
            out.raw("# "); out.markdown(page.title); out.raw("\n\n")
        }
        let (md1, md2, md3) = page.combined ? ("##", "###", "####") : ("#", "##", "###")
        for brief in briefs {
            out.raw(md1); out.raw(" "); out.markdown(brief.title); out.raw("\n\n")
            if brief.summary != nil {
                out.raw(md2); out.raw(" Summary\n\n")
                for paragraph in brief.summaryParagraphs { out.markdown(paragraph); out.raw("\n\n") }
            }
            if !brief.translations.isEmpty {
                out.raw(md2); out.raw(" Translations\n\n")
                for translation in brief.translations {
                    out.raw(md3); out.raw(" "); out.markdown(translation.language); out.raw("\n\n")
                    if translation.stub {
                        out.raw("> **Note:** made by the `stub` translation provider: a placeholder, not a translation.\n\n")
                    }
                    for paragraph in translation.paragraphs { out.markdown(paragraph); out.raw("\n\n") }
                }
            }
            out.raw(md2); out.raw(" Text\n\n")
            for paragraph in brief.paragraphs { out.markdown(paragraph); out.raw("\n\n") }
            if brief.index != briefs.count { out.raw("---\n\n") }
        }
    }

    // MARK: HTML (brief.html.mustache)

    private static let htmlHead = """
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="generator" content="pipeline export">

        """
    private static let htmlStyle = """
        </title>
        <style>
        body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif; line-height: 1.6; margin: 0; padding: 2rem 1rem; }
        main { max-width: 42rem; margin: 0 auto; }
        h1, h2, h3, h4 { line-height: 1.25; }
        article + article { border-top: 1px solid #8884; margin-top: 3rem; padding-top: 1rem; }
        .summary { border-left: 4px solid #4a7bd0; padding: 0.25rem 1rem; background: #4a7bd014; }
        .stub-note { font-size: 0.9em; padding: 0.5rem 0.75rem; border: 1px dashed #c08000; background: #c0800014; }
        </style>
        </head>
        <body>
        <main>

        """
    private static let stubNote = """
        <p class="stub-note" lang="en"><strong>Note:</strong> made by the <code>stub</code> translation provider: a placeholder, not a translation.</p>

        """

    private static func html(_ briefs: [BriefDocument], page: ExportPage, into out: inout BriefWriter) {
        // For a single document its keys are also at the top level (`lang`, `title`).
        let single = page.combined ? nil : briefs.first
        out.raw("<!DOCTYPE html>\n<html")
        if let lang = single?.lang { out.raw(" lang=\""); out.html(lang); out.raw("\"") }
        out.raw(">\n<head>\n")
        out.raw(htmlHead)
        out.raw("<title>"); out.html(single?.title ?? page.title)
        out.raw(htmlStyle)
        if page.combined { out.raw("<h1>"); out.html(page.title); out.raw("</h1>\n") }
        let (h1, h2, h3) = page.combined ? ("2", "3", "4") : ("1", "2", "3")
        func heading(_ level: String, _ open: Bool) {
            out.raw(open ? "<h" : "</h"); out.raw(level); out.raw(">")
        }
        func paragraphs(_ list: [String]) {
            for paragraph in list { out.raw("<p>"); out.html(paragraph); out.raw("</p>\n") }
        }
        for brief in briefs {
            out.raw("<article id=\"doc-"); out.raw(String(brief.index)); out.raw("\"")
            if let lang = brief.lang { out.raw(" lang=\""); out.html(lang); out.raw("\"") }
            out.raw(">\n")
            heading(h1, true); out.html(brief.title); heading(h1, false); out.newline()
            if brief.summary != nil {
                out.raw("<section class=\"summary\">\n")
                heading(h2, true); out.raw("Summary"); heading(h2, false); out.newline()
                paragraphs(brief.summaryParagraphs)
                out.raw("</section>\n")
            }
            if !brief.translations.isEmpty {
                out.raw("<section class=\"translations\">\n")
                heading(h2, true); out.raw("Translations"); heading(h2, false); out.newline()
                for translation in brief.translations {
                    out.raw("<section")
                    if let lang = translation.langAttribute { out.raw(" lang=\""); out.html(lang); out.raw("\"") }
                    out.raw(">\n")
                    heading(h3, true); out.html(translation.language); heading(h3, false); out.newline()
                    if translation.stub { out.raw(stubNote) }
                    paragraphs(translation.paragraphs)
                    out.raw("</section>\n")
                }
                out.raw("</section>\n")
            }
            out.raw("<section class=\"text\">\n")
            heading(h2, true); out.raw("Text"); heading(h2, false); out.newline()
            paragraphs(brief.paragraphs)
            out.raw("</section>\n</article>\n")
        }
        out.raw("</main>\n</body>\n</html>\n")
    }
}

/// A growing UTF-8 buffer with the brief's escapings.
struct BriefWriter {
    private(set) var bytes: [UInt8] = []

    init(capacity: Int) { bytes.reserveCapacity(capacity) }

    /// Appends `text` as it is.
    mutating func raw(_ text: String) { bytes.append(contentsOf: text.utf8) }

    mutating func newline() { bytes.append(0x0A) }

    /// Appends `text` escaped for Markdown (`Escape.markdown`).
    mutating func markdown(_ text: String) {
        var copy = text
        copy.withUTF8 { Escape.appendMarkdown($0, to: &bytes) }
    }

    /// Appends `text` escaped for HTML (`MarkupEscaping.html`).
    mutating func html(_ text: String) { bytes.append(contentsOf: MarkupEscaping.html(text).utf8) }
}
