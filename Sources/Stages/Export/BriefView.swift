import Foundation
import PipelineKit

/// The values a brief layout sees. See docs/stages/export.md for the full list.
enum BriefView {
    /// The rendering context of one output: page-level keys, `documents` (a list of document
    /// views), and, when there is only one document and the output is not combined, that
    /// document's keys at the top level too (so `{{title}}` and `{{text}}` just work).
    static func context(_ documents: [Document], page: ExportPage, frontMatter: Bool) -> [String: Any] {
        let views = documents.enumerated().map { view($1, index: $0, combined: page.combined) }
        var top: [String: Any] = [
            "documents": views,
            "combined": page.combined,
            "count": documents.count,
            "date": page.date,
            "stage-id": page.stageID,
            "title": page.title,
            "title-rule-equals": BriefText.rule(under: page.title),
        ]
        if !page.combined, let single = views.first {
            for (key, value) in single { top[key] = value }
        }
        if frontMatter { top["front-matter"] = frontMatterText(documents, page: page) }
        return top
    }

    /// The YAML front matter of an output: the id and the metadata of a single document, or
    /// the title, date and ids of a combined one.
    static func frontMatterText(_ documents: [Document], page: ExportPage) -> String {
        var members: [(key: String, value: Value)]
        if !page.combined, let document = documents.first {
            members = [("id", .string(document.id))]
            members += document.metadata.keys.sorted().filter { $0 != "id" }.map { ($0, document.metadata[$0]!) }
        } else {
            members = [("title", .string(page.title)), ("date", .string(page.date)),
                       ("documents", .array(documents.map { .string($0.id) }))]
        }
        return Escape.yaml(members)
    }

    /// One document's keys.
    static func view(_ document: Document, index: Int, combined: Bool) -> [String: Any] {
        view(BriefDocument(document, index: index + 1), combined: combined)
    }

    /// One document's keys, from its brief values.
    static func view(_ brief: BriefDocument, combined: Bool) -> [String: Any] {
        var view: [String: Any] = [
            "id": brief.document.id,
            "index": brief.index,
            "title": brief.title,
            "title-rule-equals": BriefText.rule(under: brief.title),
            "text": brief.text,
            "paragraphs": brief.paragraphs,
            "metadata": brief.document.metadata.compactMapValues(anyValue),
            // Heading levels: one deeper inside a combined output, under its title.
            "h1": combined ? 2 : 1, "h2": combined ? 3 : 2, "h3": combined ? 4 : 3,
            "md1": combined ? "##" : "#", "md2": combined ? "###" : "##", "md3": combined ? "####" : "###",
        ]
        if let summary = brief.summary {
            view["summary"] = summary
            view["summary-paragraphs"] = brief.summaryParagraphs
        }
        if let source = brief.source { view["source"] = source }
        if let lang = brief.lang { view["lang"] = lang }
        if !brief.translations.isEmpty {
            view["translations"] = brief.translations.map { translation -> [String: Any] in
                var item: [String: Any] = [
                    "lang": translation.lang,
                    "language": translation.language,
                    "text": translation.text,
                    "paragraphs": translation.paragraphs,
                ]
                if let attribute = translation.langAttribute { item["lang-attribute"] = attribute }
                if let provider = translation.provider { item["provider"] = provider }
                if translation.stub { item["stub"] = true }
                return item
            }
            view["has-translations"] = true
        }
        return view
    }

    /// A metadata value as plain Swift values for Mustache (`{{metadata.source}}`).
    static func anyValue(_ value: Value) -> Any? {
        switch value {
        case .null: return nil
        case .bool(let bool): return bool
        case .int(let integer): return integer
        case .double(let double): return double
        case .string(let string): return string
        case .array(let array): return array.compactMap(anyValue)
        case .object(let object): return object.compactMapValues(anyValue)
        }
    }
}
