import TextKit

/// The kinds of spans the translate stage hides from providers.
public enum ProtectedKind: String, Sendable, CaseIterable {
    /// Redaction tags such as `[EMAIL]` or `[PERSON_2]`: `[` + upper-case letter + `A-Z0-9_-` + `]`.
    case tags
    /// `http://`, `https://` and `www.` addresses.
    case urls
    /// E-mail addresses.
    case emails
    /// Numbers, dates, times and amounts (`42`, `3.5`, `2024-05-01`, `10:30`, `10km`).
    case numbers
    /// Inline `` `code` `` and fenced ```` ``` ```` blocks.
    case code
}

/// Replaces protected spans by numbered placeholders (`⟦0⟧`, `⟦1⟧`, ...) before a provider sees
/// the text, and puts them back afterwards.
///
/// The scan runs over UTF-8 bytes in one pass per kind. Literal `⟦` and `⟧` already in the text
/// are always protected, so a restored placeholder can only be one the protector made.
public struct SpanProtector: Sendable {
    /// The kinds protected.
    public let kinds: Set<ProtectedKind>
    /// User terms (exact, case-sensitive, whole words), as UTF-8.
    private let terms: [[UInt8]]
    /// `kinds` as flags, for the scan: a look-up in the set hashed the kind at every `h`, `w`,
    /// `[`, `@` and digit (~2% of the bundled brief; round 25).
    private let tags: Bool, urls: Bool, emails: Bool, numbers: Bool, code: Bool

    /// Creates a protector for `kinds` and the user's `terms`.
    public init(kinds: Set<ProtectedKind>, terms: [String] = []) {
        self.kinds = kinds
        self.terms = terms.filter { !$0.isEmpty }.map { Array($0.utf8) }.sorted { $0.count > $1.count }
        (tags, urls, emails, numbers, code) = (kinds.contains(.tags), kinds.contains(.urls), kinds.contains(.emails),
                                               kinds.contains(.numbers), kinds.contains(.code))
    }

    /// The text with protected spans replaced by placeholders, and the originals in order.
    public func protect(_ text: String) -> ProtectedText {
        let bytes = Array(text.utf8)
        var candidates: [(start: Int, end: Int)] = []
        let byteCount = bytes.count
        var i = 0
        while i < byteCount {
            let byte = bytes[i]
            switch byte {
            case 0xE2 where i + 2 < byteCount && bytes[i + 1] == 0x9F && (bytes[i + 2] == 0xA6 || bytes[i + 2] == 0xA7):
                candidates.append((i, i + 3))  // literal ⟦ or ⟧
            case UInt8(ascii: "`") where code:
                if let end = Self.codeEnd(bytes, i) { candidates.append((i, end)) }
            case UInt8(ascii: "["):
                if tags, let end = Self.tagEnd(bytes, i) { candidates.append((i, end)) }
            case UInt8(ascii: "h"), UInt8(ascii: "w"), UInt8(ascii: "H"), UInt8(ascii: "W"):
                if urls, let end = Self.urlEnd(bytes, i) { candidates.append((i, end)) }
            case UInt8(ascii: "@"):
                if emails, let span = Self.emailSpan(bytes, i) { candidates.append(span) }
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                if numbers, i == 0 || !ASCII.isWordByte(bytes[i - 1]) {
                    let end = Self.numberEnd(bytes, i)
                    candidates.append((i, end))
                    i = end
                    continue
                }
            default: break
            }
            i += 1
        }
        for term in terms { Self.findTerm(term, in: bytes, into: &candidates) }
        if candidates.isEmpty { return ProtectedText(text: text, originals: []) }
        candidates.sort { $0.start != $1.start ? $0.start < $1.start : $0.end > $1.end }

        var out: [UInt8] = []
        out.reserveCapacity(byteCount + 16)
        var originals: [String] = []
        var cursor = 0
        for candidate in candidates where candidate.start >= cursor {
            out.append(contentsOf: bytes[cursor..<candidate.start])
            out.append(contentsOf: Array("⟦\(originals.count)⟧".utf8))
            originals.append(String(decoding: bytes[candidate.start..<candidate.end], as: UTF8.self))
            cursor = candidate.end
        }
        out.append(contentsOf: bytes[cursor..<byteCount])
        return ProtectedText(text: String(decoding: out, as: UTF8.self), originals: originals)
    }

    // MARK: Scanners (each returns the end offset of a span starting at `i`)

    static func codeEnd(_ bytes: [UInt8], _ i: Int) -> Int? {
        let byteCount = bytes.count
        let tick = UInt8(ascii: "`")
        if i + 2 < byteCount, bytes[i + 1] == tick, bytes[i + 2] == tick {
            var j = i + 3
            while j + 2 < byteCount {
                if bytes[j] == tick, bytes[j + 1] == tick, bytes[j + 2] == tick { return j + 3 }
                j += 1
            }
            return byteCount  // unterminated fence: protect to the end
        }
        var j = i + 1
        while j < byteCount, bytes[j] != UInt8(ascii: "\n") {
            if bytes[j] == tick { return j > i + 1 ? j + 1 : nil }
            j += 1
        }
        return nil
    }

    static func tagEnd(_ bytes: [UInt8], _ i: Int) -> Int? {
        let byteCount = bytes.count
        var j = i + 1
        guard j < byteCount, bytes[j] >= 0x41, bytes[j] <= 0x5A else { return nil }
        while j < byteCount, j - i < 64 {
            let byte = bytes[j]
            if byte == UInt8(ascii: "]") { return j + 1 }
            guard (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x30 && byte <= 0x39) || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-") else { return nil }
            j += 1
        }
        return nil
    }

    private static func hasPrefix(_ bytes: [UInt8], _ i: Int, _ prefix: StaticString) -> Bool {
        let count = prefix.utf8CodeUnitCount
        guard i + count <= bytes.count else { return false }
        return prefix.withUTF8Buffer { prefixBytes in
            for k in 0..<count where bytes[i + k] | 0x20 != prefixBytes[k] | 0x20 { return false }
            return true
        }
    }

    static func urlEnd(_ bytes: [UInt8], _ i: Int) -> Int? {
        if i > 0, ASCII.isWordByte(bytes[i - 1]) { return nil }
        guard hasPrefix(bytes, i, "http://") || hasPrefix(bytes, i, "https://") || hasPrefix(bytes, i, "www.") else { return nil }
        let byteCount = bytes.count
        var j = i
        var open = 0
        while j < byteCount {
            let byte = bytes[j]
            if byte <= 0x20 || byte == UInt8(ascii: "<") || byte == UInt8(ascii: ">") || byte == UInt8(ascii: "\"") { break }
            if byte == 0xE2, j + 2 < byteCount, bytes[j + 1] == 0x9F, bytes[j + 2] == 0xA6 || bytes[j + 2] == 0xA7 { break }
            if byte == UInt8(ascii: "(") { open += 1 }
            if byte == UInt8(ascii: ")") { open -= 1 }
            j += 1
        }
        // Trailing punctuation belongs to the sentence, not the address.
        while j > i {
            let byte = bytes[j - 1]
            if byte == UInt8(ascii: ")") && open >= 0 { break }
            if byte == UInt8(ascii: ")") { open += 1; j -= 1; continue }
            if ".,;:!?'\"]}".utf8.contains(byte) { j -= 1; continue }
            break
        }
        return j - i > 7 ? j : nil
    }

    static func emailSpan(_ bytes: [UInt8], _ at: Int) -> (start: Int, end: Int)? {
        func local(_ byte: UInt8) -> Bool { ASCII.isAlphanumeric(byte) || "._%+-".utf8.contains(byte) }
        func domain(_ byte: UInt8) -> Bool { ASCII.isAlphanumeric(byte) || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "-") }
        var localStart = at
        while localStart > 0, local(bytes[localStart - 1]) { localStart -= 1 }
        var domainEnd = at + 1
        var dot = false
        while domainEnd < bytes.count, domain(bytes[domainEnd]) {
            if bytes[domainEnd] == UInt8(ascii: ".") { dot = true }
            domainEnd += 1
        }
        while domainEnd > at + 1, bytes[domainEnd - 1] == UInt8(ascii: ".") || bytes[domainEnd - 1] == UInt8(ascii: "-") { domainEnd -= 1 }
        guard localStart < at, domainEnd > at + 1, dot, bytes[at + 1 ..< domainEnd].contains(UInt8(ascii: ".")) else { return nil }
        return (localStart, domainEnd)
    }

    static func numberEnd(_ bytes: [UInt8], _ i: Int) -> Int {
        let byteCount = bytes.count
        var j = i
        while j < byteCount {
            let byte = bytes[j]
            if byte >= 0x30 && byte <= 0x39 { j += 1; continue }
            if ".,:/-".utf8.contains(byte), j + 1 < byteCount, bytes[j + 1] >= 0x30, bytes[j + 1] <= 0x39 { j += 1; continue }
            break
        }
        // A unit or ordinal glued to the number (10km, 3rd, 5G) stays with it.
        var k = j
        while k < byteCount, k - j < 8, ASCII.isAlphanumeric(bytes[k]) { k += 1 }
        if k < byteCount, bytes[k] >= 0x80 { return j }
        return k
    }

    static func findTerm(_ term: [UInt8], in bytes: [UInt8], into candidates: inout [(start: Int, end: Int)]) {
        let byteCount = bytes.count, termLength = term.count
        guard termLength > 0, termLength <= byteCount else { return }
        let first = term[0]
        var i = 0
        while i + termLength <= byteCount {
            if bytes[i] == first, bytes[i ..< i + termLength].elementsEqual(term),
                i == 0 || !ASCII.isWordByte(bytes[i - 1]) || !ASCII.isWordByte(first),
                i + termLength == byteCount || !ASCII.isWordByte(bytes[i + termLength]) || !ASCII.isWordByte(term[termLength - 1])
            {
                candidates.append((i, i + termLength))
                i += termLength
                continue
            }
            i += 1
        }
    }
}

extension ProtectedText {
    /// The common case in one pass over UTF-8: every placeholder came back exactly as `⟦n⟧`
    /// with ASCII digits, each exactly once or more. `nil` sends the caller to the tolerant path.
    fileprivate func restoreExact(_ translated: String) -> String? {
        var bytes = Array(translated.utf8)
        let byteCount = bytes.count
        var out: [UInt8] = []
        out.reserveCapacity(byteCount + originals.reduce(0) { $0 + $1.utf8.count })
        var seen = [Bool](repeating: false, count: originals.count)
        var i = 0, copied = 0
        while i + 2 < byteCount {
            guard bytes[i] == 0xE2, bytes[i + 1] == 0x9F, bytes[i + 2] == 0xA6 else { i += 1; continue }
            var j = i + 3, value = 0, digits = 0
            while j < byteCount, bytes[j] >= 0x30, bytes[j] <= 0x39, digits < 6 { value = value * 10 + Int(bytes[j] - 0x30); digits += 1; j += 1 }
            guard digits > 0, j + 2 < byteCount, bytes[j] == 0xE2, bytes[j + 1] == 0x9F, bytes[j + 2] == 0xA7, value < originals.count else { return nil }
            out.append(contentsOf: bytes[copied..<i])
            out.append(contentsOf: originals[value].utf8)
            seen[value] = true
            i = j + 3
            copied = i
        }
        guard !seen.contains(false) else { return nil }
        out.append(contentsOf: bytes[copied..<byteCount])
        bytes.removeAll()
        return String(decoding: out, as: UTF8.self)
    }
}

/// Text with protected spans replaced by placeholders, and what they stood for.
public struct ProtectedText: Sendable, Hashable {
    /// The text as providers see it.
    public var text: String
    /// The original of placeholder `⟦i⟧` at index `i`.
    public var originals: [String]

    /// Creates a value.
    public init(text: String, originals: [String]) {
        self.text = text
        self.originals = originals
    }

    /// Puts the originals back into a provider's output. Placeholders may have gained spaces
    /// (`⟦ 3 ⟧`) or other decimal digits (`⟦٣⟧`). Throws when a placeholder is missing or
    /// unknown; the message gives only counts and numbers, never the hidden text.
    public func restore(_ translated: String, provider: String) throws -> String {
        if originals.isEmpty { return translated }
        if let fast = restoreExact(translated) { return fast }
        let scalars = Array(translated.unicodeScalars)
        var out = String.UnicodeScalarView()
        var seen = [Bool](repeating: false, count: originals.count)
        var unknown = 0
        var i = 0
        let open: Unicode.Scalar = "\u{27E6}", close: Unicode.Scalar = "\u{27E7}"
        while i < scalars.count {
            if scalars[i] == open {
                var j = i + 1
                while j < scalars.count, scalars[j] == " " { j += 1 }
                var value = 0, digits = 0
                while j < scalars.count, scalars[j].properties.numericType == .decimal, let digit = scalars[j].properties.numericValue, digits < 6 {
                    value = value * 10 + Int(digit)
                    digits += 1
                    j += 1
                }
                while j < scalars.count, scalars[j] == " " { j += 1 }
                if digits > 0, j < scalars.count, scalars[j] == close {
                    if value < originals.count {
                        out.append(contentsOf: originals[value].unicodeScalars)
                        seen[value] = true
                    } else {
                        unknown += 1
                    }
                    i = j + 1
                    continue
                }
            }
            out.append(scalars[i])
            i += 1
        }
        let missing = seen.indices.filter { !seen[$0] }
        if !missing.isEmpty || unknown > 0 {
            var message = "provider '\(provider)' "
            if !missing.isEmpty {
                message += "lost \(missing.count) of \(originals.count) protected span(s) (placeholder"
                message += missing.count == 1 ? " " : "s "
                message += missing.prefix(8).map { "⟦\($0)⟧" }.joined(separator: ", ") + (missing.count > 8 ? ", ..." : "") + ")"
            }
            if unknown > 0 { message += (missing.isEmpty ? "" : " and ") + "invented \(unknown) unknown placeholder(s)" }
            throw TranslationError(message)
        }
        return String(out)
    }
}
