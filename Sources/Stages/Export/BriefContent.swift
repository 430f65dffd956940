import PipelineKit

/// The values of the brief layout for one document (title, summary, translations, text),
/// worked out once from its metadata. The built-in renderers (`BuiltInBrief`) write them
/// directly; `BriefView` turns them into the keys a user's Mustache template sees.
struct BriefDocument {
    /// The document.
    let document: Document
    /// 1-based position in the output.
    let index: Int
    /// Metadata `title`, else the id, on one line.
    let title: String
    /// Metadata `summary` without edge line breaks, when it has text.
    let summary: String?
    /// A language tag from metadata `language` (safe in a `lang` attribute).
    let lang: String?
    /// Metadata `translations`, sorted by code, `null` values left out.
    let translations: [BriefTranslation]

    init(_ document: Document, index: Int) {
        self.document = document
        self.index = index
        title = BriefText.oneLine(BriefText.nonEmpty(document.metadata["title"]?.stringValue) ?? document.id)
        summary = BriefText.nonEmpty(document.metadata["summary"]?.stringValue)
        if let lang = document.metadata["language"]?.stringValue, BriefText.isLanguageTag(lang) { self.lang = lang } else { lang = nil }
        translations = BriefTranslation.list(of: document)
    }

    /// Metadata `source`, when it has text.
    var source: String? { BriefText.nonEmpty(document.metadata["source"]?.stringValue) }
    /// The text without edge line breaks (the text layout).
    var text: String { BriefText.trimNewlines(document.text) }
    /// The text's paragraphs (Markdown and HTML).
    var paragraphs: [String] { BriefText.paragraphs(document.text) }
    /// The summary's paragraphs (empty without a summary).
    var summaryParagraphs: [String] { summary.map(BriefText.paragraphs) ?? [] }
}

/// One entry of metadata `translations`.
struct BriefTranslation {
    /// The language code as given.
    let lang: String
    /// `French (fr)` for common codes, else the code.
    let language: String
    /// The translated text as given; a non-string value as JSON.
    let raw: String
    /// The provider (`translation-provider`, per language or for all).
    let provider: String?
    /// The translated text without edge line breaks (the text layout).
    var text: String { BriefText.trimNewlines(raw) }
    /// The translated text's paragraphs (Markdown and HTML).
    var paragraphs: [String] { BriefText.paragraphs(raw) }
    /// `lang` when it is a language tag (safe in a `lang` attribute).
    var langAttribute: String? { BriefText.isLanguageTag(lang) ? lang : nil }
    /// Made by the `stub` provider: a placeholder, not a translation.
    var stub: Bool { provider == "stub" }

    /// The translations of `document`, sorted by code.
    static func list(of document: Document) -> [BriefTranslation] {
        guard let translations = document.metadata["translations"]?.objectValue, !translations.isEmpty else { return [] }
        let provider = document.metadata["translation-provider"]
        var list: [BriefTranslation] = []
        for lang in translations.keys.sorted() {
            let raw: String
            switch translations[lang]! {
            case .string(let string): raw = string
            case .null: continue
            case let other: raw = JSONWriter.string(other)
            }
            list.append(BriefTranslation(
                lang: lang, language: BriefText.languageName(lang), raw: raw,
                provider: provider?.objectValue?[lang]?.stringValue ?? provider?.stringValue))
        }
        return list
    }
}

/// Text helpers of the brief layout.
enum BriefText {
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

    /// `text` without line breaks at the start and whitespace at the end.
    static func trimNewlines(_ text: String) -> String {
        var sub = Substring(text)
        while let first = sub.first, first == "\n" || first == "\r\n" || first == "\r" { sub.removeFirst() }
        while let last = sub.last, last.isWhitespace { sub.removeLast() }
        return String(sub)
    }

    /// Line breaks and tabs become spaces (a title is one line in every format).
    static func oneLine(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) else { return text }
        return text.split(whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" || $0 == "\t" }).joined(separator: " ")
    }

    /// `text` without edge line breaks, or `nil` when it is missing or only whitespace.
    static func nonEmpty(_ text: String?) -> String? {
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

    /// The `=` rule under a title in the text layout (at least three).
    static func rule(under title: String) -> String { String(repeating: "=", count: max(3, title.count)) }
}
