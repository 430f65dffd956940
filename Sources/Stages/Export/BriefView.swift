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
            "title-rule-equals": String(repeating: "=", count: max(3, page.title.count)),
        ]
        if !page.combined, let single = views.first {
            for (key, value) in single { top[key] = value }
        }
        if frontMatter {
            var members: [(key: String, value: Value)]
            if !page.combined, let document = documents.first {
                members = [("id", .string(document.id))]
                members += document.metadata.keys.sorted().filter { $0 != "id" }.map { ($0, document.metadata[$0]!) }
            } else {
                members = [("title", .string(page.title)), ("date", .string(page.date)),
                           ("documents", .array(documents.map { .string($0.id) }))]
            }
            top["front-matter"] = Escape.yaml(members)
        }
        return top
    }

    /// One document's keys.
    static func view(_ document: Document, index: Int, combined: Bool) -> [String: Any] {
        let title = oneLine(nonEmpty(document.metadata["title"]?.stringValue) ?? document.id)
        var view: [String: Any] = [
            "id": document.id,
            "index": index + 1,
            "title": title,
            "title-rule-equals": String(repeating: "=", count: max(3, title.count)),
            "text": trimNewlines(document.text),
            "paragraphs": paragraphs(document.text),
            "metadata": document.metadata.compactMapValues(anyValue),
            // Heading levels: one deeper inside a combined output, under its title.
            "h1": combined ? 2 : 1, "h2": combined ? 3 : 2, "h3": combined ? 4 : 3,
            "md1": combined ? "##" : "#", "md2": combined ? "###" : "##", "md3": combined ? "####" : "###",
        ]
        if let summary = nonEmpty(document.metadata["summary"]?.stringValue) {
            view["summary"] = summary
            view["summary-paragraphs"] = paragraphs(summary)
        }
        if let source = nonEmpty(document.metadata["source"]?.stringValue) { view["source"] = source }
        if let lang = document.metadata["language"]?.stringValue, isLanguageTag(lang) { view["lang"] = lang }
        let provider = document.metadata["translation-provider"]
        if let translations = document.metadata["translations"]?.objectValue, !translations.isEmpty {
            var list: [[String: Any]] = []
            for lang in translations.keys.sorted() {
                let text: String
                switch translations[lang]! {
                case .string(let string): text = string
                case .null: continue
                case let other: text = JSONWriter.string(other)
                }
                var item: [String: Any] = [
                    "lang": lang,
                    "language": languageName(lang),
                    "text": trimNewlines(text),
                    "paragraphs": paragraphs(text),
                ]
                if isLanguageTag(lang) { item["lang-attribute"] = lang }
                let itemProvider = provider?.objectValue?[lang]?.stringValue ?? provider?.stringValue
                if let providerName = itemProvider { item["provider"] = providerName }
                if itemProvider == "stub" { item["stub"] = true }
                list.append(item)
            }
            if !list.isEmpty { view["translations"] = list; view["has-translations"] = true }
        }
        return view
    }

    /// Paragraphs of `text` for Markdown and HTML: blocks separated by blank lines when the
    /// text has any, else one paragraph per line (news feeds put one paragraph on each line).
    /// Lines are trimmed, so indentation cannot turn into a code block.
    static func paragraphs(_ text: String) -> [String] {
        var copy = text
        return copy.withUTF8 { bytes -> [String] in
            // Lines as trimmed byte ranges.
            var lines: [Range<Int>] = []
            var start = 0
            let count = bytes.count
            func trimmed(_ lower: Int, _ upper: Int) -> Range<Int> {
                var lower = lower, upper = upper
                while true {
                    if lower < upper, bytes[lower] == 0x20 || bytes[lower] == 0x09 || bytes[lower] == 0x0D { lower += 1 } else if lower + 1 < upper, bytes[lower] == 0xC2, bytes[lower + 1] == 0xA0 { lower += 2 } else { break }
                }
                while true {
                    if lower < upper, bytes[upper - 1] == 0x20 || bytes[upper - 1] == 0x09 || bytes[upper - 1] == 0x0D { upper -= 1 } else if lower + 1 < upper, bytes[upper - 2] == 0xC2, bytes[upper - 1] == 0xA0 { upper -= 2 } else { break }
                }
                return lower..<upper
            }
            for i in 0..<count where bytes[i] == 0x0A {
                lines.append(trimmed(start, i))
                start = i + 1
            }
            lines.append(trimmed(start, count))
            func string(_ range: Range<Int>) -> String { String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self) }
            let hasBlank = lines.indices.contains { i in lines[i].isEmpty && i > 0 && i < lines.count - 1 }
            if !hasBlank { return lines.filter { !$0.isEmpty }.map(string) }
            var out: [String] = []
            var current: [String] = []
            for line in lines {
                if line.isEmpty {
                    if !current.isEmpty { out.append(current.joined(separator: "\n")); current = [] }
                } else {
                    current.append(string(line))
                }
            }
            if !current.isEmpty { out.append(current.joined(separator: "\n")) }
            return out
        }
    }

    private static func trimNewlines(_ text: String) -> String {
        var sub = Substring(text)
        while let first = sub.first, first == "\n" || first == "\r\n" || first == "\r" { sub.removeFirst() }
        while let last = sub.last, last.isWhitespace { sub.removeLast() }
        return String(sub)
    }

    /// Line breaks and tabs become spaces (a title is one line in every format).
    private static func oneLine(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) else { return text }
        return text.split(whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" || $0 == "\t" }).joined(separator: " ")
    }

    private static func nonEmpty(_ text: String?) -> String? {
        guard let text, text.contains(where: { !$0.isWhitespace }) else { return nil }
        return trimNewlines(text)
    }

    /// A BCP 47-looking tag (`fr`, `pt-BR`, `zh-Hant`), safe in a `lang` attribute.
    static func isLanguageTag(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard let first = parts.first, (2...8).contains(first.count), first.allSatisfy({ $0.isASCII && $0.isLetter }) else { return false }
        return parts.dropFirst().allSatisfy { (1...8).contains($0.count) && $0.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) } }
    }

    private static let names: [String: String] = [
        "ar": "Arabic", "bn": "Bengali", "de": "German", "en": "English", "es": "Spanish", "fa": "Persian",
        "fr": "French", "hi": "Hindi", "id": "Indonesian", "it": "Italian", "ja": "Japanese", "ko": "Korean",
        "ms": "Malay", "nl": "Dutch", "pl": "Polish", "ps": "Pashto", "pt": "Portuguese", "ru": "Russian",
        "sw": "Swahili", "tr": "Turkish", "uk": "Ukrainian", "ur": "Urdu", "zh": "Chinese",
    ]

    /// `French (fr)` for a known code, the code itself otherwise.
    static func languageName(_ code: String) -> String {
        let base = code.split(separator: "-").first.map { $0.lowercased() } ?? code
        return names[base].map { "\($0) (\(code))" } ?? code
    }

    /// A metadata value as plain Swift values for Mustache (`{{metadata.source}}`).
    static func anyValue(_ value: Value) -> Any? {
        switch value {
        case .null: return nil
        case .bool(let bool): return bool
        case .int(let i): return i
        case .double(let double): return double
        case .string(let string): return string
        case .array(let array): return array.compactMap(anyValue)
        case .object(let object): return object.compactMapValues(anyValue)
        }
    }
}
