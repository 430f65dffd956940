import Foundation
import PipelineKit

/// A real, offline, term-by-term provider: replaces the phrases of a glossary file and leaves
/// the rest of the text as it is. For teams that only need fixed terms translated (country
/// names, ministries, recurring headlines).
///
/// Matching is case-insensitive, on whole words, longest phrase first, and any run of
/// whitespace in the text matches one space in a phrase. The case of the occurrence is kept:
/// an ALL-CAPS occurrence gives an ALL-CAPS translation, a capitalised one a capitalised
/// translation; otherwise the translation is written as the glossary spells it.
/// When the source language is unknown, phrases of every language except the target match.
public struct GlossaryProvider: TranslationProvider {
    /// The parsed glossary.
    public let glossary: Glossary
    private let identity: String
    /// One trie per source language.
    private let tries: [String: PhraseTrie]

    /// Creates a provider from a parsed glossary.
    public init(glossary: Glossary) {
        self.glossary = glossary
        var tries: [String: PhraseTrie] = [:]
        for language in glossary.languages {
            var trie = PhraseTrie()
            for (index, entry) in glossary.entries.enumerated() {
                if let phrase = entry[language] { trie.insert(Self.normalize(phrase), entry: index) }
            }
            tries[language] = trie
        }
        self.tries = tries
        var fingerprint = glossary.languages.joined(separator: ",")
        for entry in glossary.entries {
            for language in glossary.languages { fingerprint += "\u{1}" + (entry[language] ?? "") }
        }
        self.identity = "glossary:" + Digest.sha256Hex(Array(fingerprint.utf8))
    }

    /// Reads the file named by the stage option `glossary` (resolved against the pipeline's
    /// folder) and checks that it has a column for every target language.
    public init(setup: TranslationProviderSetup) throws {
        guard let path = setup.options["glossary"]?.stringValue, !path.isEmpty else {
            throw StageOptionError(option: "provider", "provider 'glossary' needs option 'glossary' (a .csv, .tsv, .json or .yaml file of phrase pairs)")
        }
        let resolved = setup.stage.resolve(path: path)
        let glossary: Glossary
        do {
            glossary = try Glossary.load(path: resolved)
        } catch let error as TranslationError {
            throw StageOptionError(option: "glossary", error.message)
        }
        let targets = setup.options["to"]?.arrayValue?.compactMap(\.stringValue) ?? []
        for (i, target) in targets.enumerated() where !glossary.languages.contains(target) {
            throw StageOptionError(
                option: "to", "the glossary has no column for '\(target)' (it has: \(glossary.languages.joined(separator: ", ")))",
                path: [String(i)])
        }
        self.init(glossary: glossary)
    }

    /// `glossary`.
    public var name: String { "glossary" }
    /// `glossary:` + a hash of the glossary's contents.
    public var cacheIdentity: String { identity }
    /// Large: matching is local and fast.
    public var maxBatchSize: Int { 1024 }

    /// Replaces glossary phrases in each text.
    public func translate(_ batch: [TranslationRequest]) async throws -> [String] {
        var out: [String] = []
        out.reserveCapacity(batch.count)
        for request in batch {
            try Task.checkCancellation()
            out.append(translate(request.text, from: request.source, to: request.target))
        }
        return out
    }

    /// Replaces glossary phrases of `source` (every other language when `nil`) by their
    /// `target` phrase.
    public func translate(_ text: String, from source: String?, to target: String) -> String {
        let sources: [PhraseTrie]
        if let source {
            sources = tries[source].map { [$0] } ?? []
        } else {
            sources = glossary.languages.filter { $0 != target }.compactMap { tries[$0] }
        }
        if sources.isEmpty || !glossary.languages.contains(target) { return text }
        let scalars = Array(text.unicodeScalars)
        let lowered = scalars.map(Self.lower)
        var out = String.UnicodeScalarView()
        var i = 0
        while i < scalars.count {
            if i == 0 || !Self.isWordScalar(scalars[i - 1]) || Self.isUnspaced(scalars[i]) {
                var best: (end: Int, entry: Int)?
                for trie in sources {
                    if let match = trie.longestMatch(in: lowered, from: i, accept: { end, entry in
                        glossary.entries[entry][target] != nil
                            && (end == scalars.count || !Self.isWordScalar(scalars[end]) || Self.isUnspaced(scalars[end - 1]))
                    }), match.end > (best?.end ?? i) {
                        best = match
                    }
                }
                if let best {
                    let occurrence = scalars[i..<best.end]
                    let translation = glossary.entries[best.entry][target]!
                    out.append(contentsOf: Self.applyCase(of: occurrence, to: translation).unicodeScalars)
                    i = best.end
                    continue
                }
            }
            out.append(scalars[i])
            i += 1
        }
        return String(out)
    }

    // MARK: Helpers

    static func lower(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        if scalar.value < 0x80 {
            if scalar.value == 0x09 || scalar.value == 0x0A || scalar.value == 0x0D { return " " }
            return (scalar.value >= 0x41 && scalar.value <= 0x5A) ? Unicode.Scalar(scalar.value | 0x20)! : scalar
        }
        if scalar.properties.isWhitespace { return " " }
        let mapped = scalar.properties.lowercaseMapping.unicodeScalars
        return mapped.count == 1 ? mapped.first! : scalar
    }

    static func normalize(_ phrase: String) -> [Unicode.Scalar] {
        var out: [Unicode.Scalar] = []
        for scalar in phrase.unicodeScalars {
            let lowered = lower(scalar)
            if lowered == " " || lowered == "\t" || lowered == "\n" || lowered == "\r" {
                if let last = out.last, last != " " { out.append(" ") }
            } else {
                out.append(lowered)
            }
        }
        while out.last == " " { out.removeLast() }
        return out
    }

    static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.value < 0x80 {
            let folded = scalar.value | 0x20
            return (folded >= 0x61 && folded <= 0x7A) || (scalar.value >= 0x30 && scalar.value <= 0x39) || scalar == "_"
        }
        let properties = scalar.properties
        return properties.isAlphabetic || properties.numericType != nil || properties.generalCategory == .nonspacingMark || properties.generalCategory == .spacingMark
    }

    /// Scripts written without spaces between words (CJK, kana, Thai): no word boundary is needed.
    static func isUnspaced(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x3040...0x30FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF, 0x0E00...0x0E7F, 0x20000...0x2FFFF: return true
        default: return false
        }
    }

    /// ALL-CAPS (two letters or more) upper-cases the translation; a capitalised occurrence
    /// capitalises it; otherwise the glossary's spelling is kept.
    static func applyCase(of occurrence: ArraySlice<Unicode.Scalar>, to translation: String) -> String {
        var upper = 0, lower = 0
        var firstLetter: Unicode.Scalar?
        for scalar in occurrence where scalar.properties.isAlphabetic {
            if firstLetter == nil { firstLetter = scalar }
            if scalar.properties.isUppercase { upper += 1 } else if scalar.properties.isLowercase { lower += 1 }
        }
        if upper >= 2 && lower == 0 { return translation.uppercased() }
        if let first = firstLetter, first.properties.isUppercase,
            let index = translation.unicodeScalars.firstIndex(where: { $0.properties.isAlphabetic }),
            translation.unicodeScalars[index].properties.isLowercase
        {
            let scalars = translation.unicodeScalars
            let head = String(scalars[index]).uppercased()
            return String(scalars[..<index]) + head + String(scalars[scalars.index(after: index)...])
        }
        return translation
    }
}

/// A trie of lower-cased phrases (as Unicode scalars). A space in a phrase matches any run of
/// whitespace in the text.
struct PhraseTrie: Sendable {
    private var children: [[UInt32: Int]] = [[:]]
    private var terminal: [Int?] = [nil]

    mutating func insert(_ phrase: [Unicode.Scalar], entry: Int) {
        guard !phrase.isEmpty else { return }
        var node = 0
        for scalar in phrase {
            if let next = children[node][scalar.value] {
                node = next
            } else {
                children.append([:])
                terminal.append(nil)
                children[node][scalar.value] = children.count - 1
                node = children.count - 1
            }
        }
        if terminal[node] == nil { terminal[node] = entry }  // the first entry of a phrase wins
    }

    /// The longest phrase starting at `start` that `accept` allows (given its end and entry).
    func longestMatch(in text: [Unicode.Scalar], from start: Int, accept: (Int, Int) -> Bool) -> (end: Int, entry: Int)? {
        var node = 0
        var i = start
        var best: (end: Int, entry: Int)?
        while i < text.count {
            var scalar = text[i]
            if scalar == " " {
                // A whitespace run in the text is one space of the phrase.
                while i + 1 < text.count, text[i + 1] == " " { i += 1 }
                scalar = " "
            }
            guard let next = children[node][scalar.value] else { break }
            node = next
            i += 1
            if let entry = terminal[node], accept(i, entry) { best = (i, entry) }
        }
        return best
    }
}

/// Phrase pairs per language: each entry maps language codes to one phrase.
///
/// Files (chosen by extension):
/// - `.csv` / `.tsv`: the first row names the languages (`en,fr,ar`), each further row is one
///   entry; RFC 4180 quoting; empty cells mean "no translation"; lines starting with `#` are comments.
/// - `.json`: a list of objects `[{"en": "Ministry of Health", "fr": "ministère de la Santé"}]`,
///   or `{"terms": [...]}`.
/// - `.yaml` / `.yml`: a simple subset: a list of mappings, one `language: phrase` per line,
///   values plain or quoted, `#` comments, optionally under a top-level `terms:` key.
public struct Glossary: Sendable, Hashable {
    /// Every language code that appears, in order of first appearance.
    public var languages: [String]
    /// The entries.
    public var entries: [[String: String]]

    /// Creates a glossary from entries.
    public init(entries: [[String: String]]) {
        var languages: [String] = []
        for entry in entries {
            for key in entry.keys.sorted() where !languages.contains(key) { languages.append(key) }
        }
        self.languages = languages
        self.entries = entries
    }

    /// Reads a glossary file; throws `TranslationError` with a line number when it is malformed.
    public static func load(path: String) throws -> Glossary {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw TranslationError("cannot read glossary file '\(path)'")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw TranslationError("glossary file '\(path)' is not UTF-8")
        }
        let lower = path.lowercased()
        let glossary: Glossary
        if lower.hasSuffix(".csv") {
            glossary = try parseDelimited(text, separator: ",", file: path)
        } else if lower.hasSuffix(".tsv") {
            glossary = try parseDelimited(text, separator: "\t", file: path)
        } else if lower.hasSuffix(".json") {
            glossary = try parseJSON(data, file: path)
        } else if lower.hasSuffix(".yaml") || lower.hasSuffix(".yml") {
            glossary = try parseYAML(text, file: path)
        } else {
            throw TranslationError("glossary file '\(path)' must end in .csv, .tsv, .json, .yaml or .yml")
        }
        if glossary.entries.isEmpty { throw TranslationError("glossary file '\(path)' has no entries") }
        if glossary.languages.count < 2 { throw TranslationError("glossary file '\(path)' needs at least two languages") }
        return glossary
    }

    /// Parses CSV (or TSV) text whose first row names the languages.
    public static func parseDelimited(_ text: String, separator: Character, file: String = "glossary") throws -> Glossary {
        let rows = try csvRows(text, separator: separator, file: file)
        guard let (headerLine, header) = rows.first else { return Glossary(entries: []) }
        let languages = header.map { $0.trimmingCharacters(in: .whitespaces) }
        if languages.contains(where: { $0.isEmpty }) {
            throw TranslationError("\(file):\(headerLine): the header row must name a language in every column")
        }
        var entries: [[String: String]] = []
        for (line, row) in rows.dropFirst() {
            if row.count == 1 && row[0].trimmingCharacters(in: .whitespaces).isEmpty { continue }
            guard row.count <= languages.count else {
                throw TranslationError("\(file):\(line): \(row.count) columns, but the header names \(languages.count)")
            }
            var entry: [String: String] = [:]
            for (i, cell) in row.enumerated() {
                let phrase = cell.trimmingCharacters(in: .whitespaces)
                if !phrase.isEmpty { entry[languages[i]] = phrase }
            }
            if entry.count >= 2 { entries.append(entry) }
        }
        var glossary = Glossary(entries: entries)
        glossary.languages = languages
        return glossary
    }

    /// RFC 4180 rows with their 1-based line numbers; `#` lines outside quotes are skipped.
    static func csvRows(_ text: String, separator: Character, file: String) throws -> [(Int, [String])] {
        var rows: [(Int, [String])] = []
        var row: [String] = []
        var field = ""
        var quoted = false
        var line = 1, rowLine = 1
        var atFieldStart = true
        var chars = Array(text)
        if chars.first == "\u{FEFF}" { chars.removeFirst() }
        var i = 0
        while i < chars.count {
            let character = chars[i]
            if quoted {
                if character == "\"" {
                    if i + 1 < chars.count, chars[i + 1] == "\"" { field.append("\""); i += 2; continue }
                    quoted = false
                } else {
                    if character == "\n" || character == "\r\n" { line += 1 }
                    field.append(character)
                }
                i += 1
                continue
            }
            if atFieldStart && row.isEmpty && field.isEmpty && character == "#" {
                while i < chars.count, chars[i] != "\n", chars[i] != "\r\n" { i += 1 }
                i += 1
                line += 1
                rowLine = line
                continue
            }
            switch character {
            case "\"" where field.trimmingCharacters(in: .whitespaces).isEmpty:
                quoted = true
                field = ""
                atFieldStart = false
            case separator:
                row.append(field)
                field = ""
                atFieldStart = true
            case "\n", "\r\n", "\r":
                row.append(field)
                if !(row.count == 1 && row[0].isEmpty) { rows.append((rowLine, row)) }
                row = []
                field = ""
                line += 1
                rowLine = line
                atFieldStart = true
            default:
                field.append(character)
                atFieldStart = false
            }
            i += 1
        }
        if quoted { throw TranslationError("\(file):\(rowLine): unterminated quoted field") }
        if !field.isEmpty || !row.isEmpty {
            row.append(field)
            rows.append((rowLine, row))
        }
        return rows
    }

    /// Parses `[{"en": ..., "fr": ...}]` or `{"terms": [...]}`.
    public static func parseJSON(_ data: Data, file: String = "glossary") throws -> Glossary {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: data)
        } catch {
            throw TranslationError("\(file): not valid JSON")
        }
        var list = object as? [Any]
        if list == nil, let dict = object as? [String: Any] { list = dict["terms"] as? [Any] }
        guard let list else { throw TranslationError("\(file): expected a list of objects or {\"terms\": [...]}") }
        var entries: [[String: String]] = []
        for (i, item) in list.enumerated() {
            guard let dict = item as? [String: Any] else { throw TranslationError("\(file): term \(i) is not an object") }
            var entry: [String: String] = [:]
            for (key, value) in dict {
                guard let phrase = value as? String else { throw TranslationError("\(file): term \(i), '\(key)' is not a string") }
                if !phrase.isEmpty { entry[key] = phrase }
            }
            if entry.count >= 2 { entries.append(entry) }
        }
        return Glossary(entries: entries)
    }

    /// Parses the YAML subset described on the type.
    public static func parseYAML(_ text: String, file: String = "glossary") throws -> Glossary {
        var entries: [[String: String]] = []
        var current: [String: String]?
        var listIndent: Int?
        for (lineIndex, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let lineNumber = lineIndex + 1
            var line = String(rawLine)
            if line.hasSuffix("\r") { line.removeLast() }
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") || trimmed == "---" { continue }
            if trimmed == "terms:" && line.first != " " { continue }
            let indent = line.prefix { $0 == " " }.count
            var body = Substring(trimmed)
            if body.hasPrefix("- ") || body == "-" {
                if let listIndent, indent != listIndent {
                    throw TranslationError("\(file):\(lineNumber): list items must line up with the first one")
                }
                listIndent = indent
                if let current, !current.isEmpty { entries.append(current) }
                current = [:]
                body = body.dropFirst(1).drop { $0 == " " }
                if body.isEmpty { continue }
            } else if current == nil || indent <= (listIndent ?? -1) {
                throw TranslationError("\(file):\(lineNumber): expected '- language: phrase' (a list of mappings)")
            }
            guard let colon = body.firstIndex(of: ":") else {
                throw TranslationError("\(file):\(lineNumber): expected 'language: phrase'")
            }
            let key = body[..<colon].trimmingCharacters(in: .whitespaces)
            let rest = body[body.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            guard !key.isEmpty, key.allSatisfy({ $0.isLetter || $0 == "-" || $0 == "_" }) else {
                throw TranslationError("\(file):\(lineNumber): '\(key)' is not a language code")
            }
            let value = try yamlScalar(rest, file: file, line: lineNumber)
            if current?[key] != nil { throw TranslationError("\(file):\(lineNumber): '\(key)' given twice in one term") }
            if !value.isEmpty { current?[key] = value }
        }
        if let current, !current.isEmpty { entries.append(current) }
        return Glossary(entries: entries.filter { $0.count >= 2 })
    }

    private static func yamlScalar(_ raw: String, file: String, line: Int) throws -> String {
        if raw.hasPrefix("\"") {
            var out = ""
            var escaped = false
            for character in raw.dropFirst() {
                if escaped {
                    switch character {
                    case "n": out.append("\n")
                    case "t": out.append("\t")
                    default: out.append(character)
                    }
                    escaped = false
                } else if character == "\\" {
                    escaped = true
                } else if character == "\"" {
                    return out
                } else {
                    out.append(character)
                }
            }
            throw TranslationError("\(file):\(line): unterminated double-quoted string")
        }
        if raw.hasPrefix("'") {
            let body = raw.dropFirst()
            guard let end = body.range(of: "'", options: .backwards), end.lowerBound >= body.startIndex else {
                throw TranslationError("\(file):\(line): unterminated single-quoted string")
            }
            return String(body[..<end.lowerBound]).replacingEvery("''", with: "'")
        }
        if raw.hasPrefix("[") || raw.hasPrefix("{") || raw.hasPrefix("|") || raw.hasPrefix(">") || raw.hasPrefix("&") || raw.hasPrefix("*") {
            throw TranslationError("\(file):\(line): only plain or quoted phrases are supported in glossary YAML")
        }
        if let comment = raw.range(of: " #") { return raw[..<comment.lowerBound].trimmingCharacters(in: .whitespaces) }
        return raw
    }
}
