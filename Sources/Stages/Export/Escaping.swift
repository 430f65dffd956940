import Mustache
import PipelineKit

/// Escaping for each output language, working on UTF-8 bytes.
enum Escape {
    // HTML: `MarkupEscaping.html` (PipelineKit), shared with the report pages.

    // MARK: Markdown

    /// Escapes plain text so CommonMark (and pandoc) renders it literally: inline syntax
    /// (`\ * _ [ ] < ` ~`, entity-like `&`) everywhere, and block syntax (headings, quotes,
    /// list markers, thematic breaks, setext underlines, fences) at the start of each line.
    /// Intraword underscores (`snake_case`, URLs) are left alone, as pandoc does.
    static func markdown(_ text: String) -> String {
        var copy = text
        var out: [UInt8] = []
        copy.withUTF8 { bytes in
            out.reserveCapacity(bytes.count + bytes.count / 16)
            appendMarkdown(bytes, to: &out)
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends `bytes` (UTF-8) escaped as `markdown(_:)` does to `out`.
    static func appendMarkdown(_ bytes: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        var i = 0
        var lineStart = true
        func isAlnum(_ byte: UInt8) -> Bool { (byte >= 0x30 && byte <= 0x39) || (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A) || byte >= 0x80 }
        while i < bytes.count {
            if lineStart {
                lineStart = false
                // Up to three spaces of indentation still start a block construct.
                var j = i
                while j < bytes.count, j - i < 3, bytes[j] == 0x20 { j += 1 }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[i..<j]))
                i = j
                guard i < bytes.count else { break }
                let byte = bytes[i]
                switch byte {
                case UInt8(ascii: "#"), UInt8(ascii: ">"), UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "="):
                    out.append(UInt8(ascii: "\\")); out.append(byte); i += 1; continue
                case UInt8(ascii: "0")...UInt8(ascii: "9"):
                    // "1. " / "1) " starts an ordered list: escape the delimiter.
                    var k = i
                    while k < bytes.count, k - i < 10, bytes[k] >= 0x30, bytes[k] <= 0x39 { k += 1 }
                    if k < bytes.count, k - i <= 9, bytes[k] == UInt8(ascii: ".") || bytes[k] == UInt8(ascii: ")"),
                        k + 1 == bytes.count || bytes[k + 1] == 0x20 || bytes[k + 1] == 0x09 || bytes[k + 1] == 0x0A
                    {
                        out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[i..<k])); out.append(UInt8(ascii: "\\")); out.append(bytes[k])
                        i = k + 1
                        continue
                    }
                default: break
                }
            }
            let byte = bytes[i]
            if !isMarkdownSpecial(byte) {
                // A run of bytes that need no escape (most of a text), copied at once: appended
                // byte by byte, escaping took a tenth of the brief over 10,000 files (round 25).
                var end = i + 1
                while end < bytes.count && !isMarkdownSpecial(bytes[end]) { end += 1 }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[i..<end]))
                i = end
                continue
            }
            switch byte {
            case 0x0A:
                out.append(byte)
                lineStart = true
            case UInt8(ascii: "\\"), UInt8(ascii: "`"), UInt8(ascii: "*"), UInt8(ascii: "["), UInt8(ascii: "]"),
                UInt8(ascii: "<"), UInt8(ascii: "~"):
                out.append(UInt8(ascii: "\\")); out.append(byte)
            case UInt8(ascii: "_"):
                let before = i > 0 ? bytes[i - 1] : 0x20
                let after = i + 1 < bytes.count ? bytes[i + 1] : 0x20
                if !(isAlnum(before) && isAlnum(after)) { out.append(UInt8(ascii: "\\")) }
                out.append(byte)
            case UInt8(ascii: "&"):
                // Only `&name;` / `&#123;` would be read as an entity.
                var k = i + 1
                while k < bytes.count, k - i <= 32, isAlnum(bytes[k]) || bytes[k] == UInt8(ascii: "#") { k += 1 }
                if k > i + 1, k < bytes.count, bytes[k] == UInt8(ascii: ";") { out.append(UInt8(ascii: "\\")) }
                out.append(byte)
            default:
                out.append(byte)
            }
            i += 1
        }
    }

    /// Whether `appendMarkdown` looks at `byte` past a line's start rather than copying it: a
    /// line feed (the next line's start), and the bytes it may escape there: `\`, `` ` ``, `*`,
    /// `[`, `]`, `<`, `~`, `_` and `&`. Bits of two words, for the ASCII bytes below 64 and from
    /// 64 to 127.
    @inline(__always)
    static func isMarkdownSpecial(_ byte: UInt8) -> Bool {
        let low: UInt64 = 1 << 0x0A | 1 << 0x26 | 1 << 0x2A | 1 << 0x3C
        let high: UInt64 = 1 << (0x5B - 64) | 1 << (0x5C - 64) | 1 << (0x5D - 64) | 1 << (0x5F - 64) | 1 << (0x60 - 64) | 1 << (0x7E - 64)
        guard byte < 0x80 else { return false }
        let mask = byte < 64 ? low : high
        return (mask >> UInt64(byte & 63)) & 1 != 0
    }

    // MARK: CSV

    /// One RFC 4180 field: quoted (with doubled quotes) when it holds a comma, a quote, a line
    /// break, or leading/trailing spaces; as is otherwise.
    static func csvField(_ text: String) -> String {
        var copy = text
        return copy.withUTF8 { bytes -> String in
            var needs = bytes.first == 0x20 || bytes.last == 0x20
            var quotes = 0
            for byte in bytes {
                if byte == 0x22 { quotes += 1; needs = true } else if byte == 0x2C || byte == 0x0A || byte == 0x0D { needs = true }
            }
            guard needs else { return text }
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count + quotes + 2)
            out.append(0x22)
            if quotes == 0 {
                out.append(contentsOf: bytes)
            } else {
                for byte in bytes {
                    out.append(byte)
                    if byte == 0x22 { out.append(0x22) }
                }
            }
            out.append(0x22)
            return String(decoding: out, as: UTF8.self)
        }
    }

    /// One CSV record, ended by CRLF as RFC 4180 asks.
    static func csvRecord(_ fields: [String]) -> String {
        fields.map(csvField).joined(separator: ",") + "\r\n"
    }

    // MARK: YAML

    /// A YAML block mapping of `object` (keys sorted), each line ending in a newline, for
    /// front matter. Strings are plain when unambiguous and JSON-style double-quoted otherwise
    /// (every JSON string is a valid YAML double-quoted scalar).
    static func yaml(_ object: [(key: String, value: Value)], indent: Int = 0) -> String {
        var out = ""
        for (key, value) in object { yamlEntry(key: key, value: value, indent: indent, into: &out) }
        return out
    }

    private static func yamlEntry(key: String, value: Value, indent: Int, into out: inout String) {
        let pad = String(repeating: " ", count: indent)
        out += pad + yamlScalar(key) + ":"
        switch value {
        case .object(let object) where !object.isEmpty:
            out += "\n"
            for k in object.keys.sorted() { yamlEntry(key: k, value: object[k]!, indent: indent + 2, into: &out) }
        case .array(let array) where !array.isEmpty:
            out += "\n"
            for element in array { yamlItem(element, indent: indent + 2, into: &out) }
        default:
            out += " " + yamlInline(value) + "\n"
        }
    }

    private static func yamlItem(_ value: Value, indent: Int, into out: inout String) {
        let pad = String(repeating: " ", count: indent)
        switch value {
        case .object(let object) where !object.isEmpty:
            // "- " then the mapping, its first line on the dash line.
            var nested = ""
            for k in object.keys.sorted() { yamlEntry(key: k, value: object[k]!, indent: indent + 2, into: &nested) }
            out += pad + "- " + nested.dropFirst(indent + 2)
        case .array(let array) where !array.isEmpty:
            out += pad + "-\n"
            for element in array { yamlItem(element, indent: indent + 2, into: &out) }
        default:
            out += pad + "- " + yamlInline(value) + "\n"
        }
    }

    private static func yamlInline(_ value: Value) -> String {
        switch value {
        case .null: return "null"
        case .bool(let bool): return bool ? "true" : "false"
        case .int, .double: return JSONWriter.string(value)
        case .string(let string): return yamlScalar(string)
        case .array: return "[]"
        case .object: return "{}"
        }
    }

    private static let yamlReserved: Set<String> = [
        "y", "yes", "n", "no", "true", "false", "on", "off", "null", "~", "nan", ".nan", "inf", ".inf", "-.inf",
    ]

    /// A string as a YAML scalar: plain if it is letters, digits and a few safe punctuation
    /// marks, starts with a letter and is not a reserved word; double-quoted otherwise.
    static func yamlScalar(_ text: String) -> String {
        var plain = !text.isEmpty && !yamlReserved.contains(text.lowercased())
        if plain {
            for (i, byte) in text.utf8.enumerated() {
                let letter = (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A) || byte >= 0x80
                let digit = byte >= 0x30 && byte <= 0x39
                let safe = byte == 0x2D || byte == 0x5F || byte == 0x2E || byte == 0x2F || byte == 0x20
                if i == 0 ? !letter : !(letter || digit || safe) { plain = false; break }
            }
            if text.last == " " || text.unicodeScalars.contains(where: { $0.value >= 0x80 && !$0.properties.isAlphabetic && ![.nonspacingMark, .spacingMark, .enclosingMark].contains($0.properties.generalCategory) }) {
                plain = false
            }
        }
        if plain { return text }
        var out = ""
        JSONWriter.writeString(text, into: &out)
        return out
    }
}

// MARK: Mustache content types

/// Markdown escaping for `{{name}}` in Markdown templates (`{{{name}}}` stays raw).
struct MarkdownContentType: MustacheContentType {
    func escapeText(_ text: String) -> String { Escape.markdown(text) }
}

/// HTML escaping that also keeps the page valid HTML5 (forbidden code points replaced).
struct HTML5ContentType: MustacheContentType {
    func escapeText(_ text: String) -> String { MarkupEscaping.html(text) }
}

enum ContentTypes {
    /// Registers `MARKDOWN` and `HTML5` with swift-mustache, once, before any template is parsed.
    static let registered: Void = {
        MustacheContentTypes.register(MarkdownContentType(), named: "MARKDOWN")
        MustacheContentTypes.register(HTML5ContentType(), named: "HTML5")
    }()
}
