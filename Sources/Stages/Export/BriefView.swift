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
            for (k, v) in single { top[k] = v }
        }
        if frontMatter {
            var members: [(key: String, value: Value)]
            if !page.combined, let d = documents.first {
                members = [("id", .string(d.id))]
                members += d.metadata.keys.sorted().filter { $0 != "id" }.map { ($0, d.metadata[$0]!) }
            } else {
                members = [("title", .string(page.title)), ("date", .string(page.date)),
                           ("documents", .array(documents.map { .string($0.id) }))]
            }
            top["front-matter"] = Escape.yaml(members)
        }
        return top
    }

    /// One document's keys.
    static func view(_ d: Document, index: Int, combined: Bool) -> [String: Any] {
        let title = oneLine(nonEmpty(d.metadata["title"]?.stringValue) ?? d.id)
        var v: [String: Any] = [
            "id": d.id,
            "index": index + 1,
            "title": title,
            "title-rule-equals": String(repeating: "=", count: max(3, title.count)),
            "text": trimNewlines(d.text),
            "paragraphs": paragraphs(d.text),
            "metadata": d.metadata.compactMapValues(anyValue),
            // Heading levels: one deeper inside a combined output, under its title.
            "h1": combined ? 2 : 1, "h2": combined ? 3 : 2, "h3": combined ? 4 : 3,
            "md1": combined ? "##" : "#", "md2": combined ? "###" : "##", "md3": combined ? "####" : "###",
        ]
        if let summary = nonEmpty(d.metadata["summary"]?.stringValue) {
            v["summary"] = summary
            v["summary-paragraphs"] = paragraphs(summary)
        }
        if let source = nonEmpty(d.metadata["source"]?.stringValue) { v["source"] = source }
        if let lang = d.metadata["language"]?.stringValue, isLanguageTag(lang) { v["lang"] = lang }
        let provider = d.metadata["translation-provider"]
        if let t = d.metadata["translations"]?.objectValue, !t.isEmpty {
            var list: [[String: Any]] = []
            for lang in t.keys.sorted() {
                let text: String
                switch t[lang]! {
                case .string(let s): text = s
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
                if let p = itemProvider { item["provider"] = p }
                if itemProvider == "stub" { item["stub"] = true }
                list.append(item)
            }
            if !list.isEmpty { v["translations"] = list; v["has-translations"] = true }
        }
        return v
    }

    /// Paragraphs of `text` for Markdown and HTML: blocks separated by blank lines when the
    /// text has any, else one paragraph per line (news feeds put one paragraph on each line).
    /// Lines are trimmed, so indentation cannot turn into a code block.
    static func paragraphs(_ text: String) -> [String] {
        var copy = text
        return copy.withUTF8 { buf -> [String] in
            // Lines as trimmed byte ranges.
            var lines: [Range<Int>] = []
            var start = 0
            let n = buf.count
            func trimmed(_ a: Int, _ b: Int) -> Range<Int> {
                var a = a, b = b
                while true {
                    if a < b, buf[a] == 0x20 || buf[a] == 0x09 || buf[a] == 0x0D { a += 1 } else if a + 1 < b, buf[a] == 0xC2, buf[a + 1] == 0xA0 { a += 2 } else { break }
                }
                while true {
                    if a < b, buf[b - 1] == 0x20 || buf[b - 1] == 0x09 || buf[b - 1] == 0x0D { b -= 1 } else if a + 1 < b, buf[b - 2] == 0xC2, buf[b - 1] == 0xA0 { b -= 2 } else { break }
                }
                return a..<b
            }
            for i in 0..<n where buf[i] == 0x0A {
                lines.append(trimmed(start, i))
                start = i + 1
            }
            lines.append(trimmed(start, n))
            func string(_ r: Range<Int>) -> String { String(decoding: UnsafeBufferPointer(rebasing: buf[r]), as: UTF8.self) }
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

    private static func trimNewlines(_ s: String) -> String {
        var sub = Substring(s)
        while let f = sub.first, f == "\n" || f == "\r\n" || f == "\r" { sub.removeFirst() }
        while let l = sub.last, l.isWhitespace { sub.removeLast() }
        return String(sub)
    }

    /// Line breaks and tabs become spaces (a title is one line in every format).
    private static func oneLine(_ s: String) -> String {
        guard s.utf8.contains(where: { $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) else { return s }
        return s.split(whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" || $0 == "\t" }).joined(separator: " ")
    }

    private static func nonEmpty(_ s: String?) -> String? {
        guard let s, s.contains(where: { !$0.isWhitespace }) else { return nil }
        return trimNewlines(s)
    }

    /// A BCP 47-looking tag (`fr`, `pt-BR`, `zh-Hant`), safe in a `lang` attribute.
    static func isLanguageTag(_ s: String) -> Bool {
        let parts = s.split(separator: "-", omittingEmptySubsequences: false)
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
    static func anyValue(_ v: Value) -> Any? {
        switch v {
        case .null: return nil
        case .bool(let b): return b
        case .int(let i): return i
        case .double(let d): return d
        case .string(let s): return s
        case .array(let a): return a.compactMap(anyValue)
        case .object(let o): return o.compactMapValues(anyValue)
        }
    }
}
