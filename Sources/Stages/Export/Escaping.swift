import Mustache
import PipelineKit

/// Escaping for each output language, working on UTF-8 bytes.
enum Escape {
    // MARK: HTML

    /// Escapes text for HTML element content and quoted attribute values: `& < > " '`, and
    /// replaces code points HTML forbids (C0 controls other than tab, newline and carriage
    /// return, DEL, C1 controls, noncharacters) with U+FFFD so the page validates.
    static func html(_ s: String) -> String {
        var copy = s
        return copy.withUTF8 { buf -> String in
            // Fast path: nothing special (typical prose, including curly quotes and accents).
            guard let first = buf.firstIndex(where: { htmlAttention[Int($0)] }) else { return s }
            var out: [UInt8] = []
            out.reserveCapacity(buf.count + 64)
            out.append(contentsOf: buf[..<first])
            var i = first
            let n = buf.count
            while i < n {
                let b = buf[i]
                guard htmlAttention[Int(b)] else { out.append(b); i += 1; continue }
                switch b {
                case 0x26: out.append(contentsOf: amp); i += 1
                case 0x3C: out.append(contentsOf: lt); i += 1
                case 0x3E: out.append(contentsOf: gt); i += 1
                case 0x22: out.append(contentsOf: quot); i += 1
                case 0x27: out.append(contentsOf: apos); i += 1
                case 0xC2:
                    // U+0080...U+009F (C1 controls) are forbidden.
                    if i + 1 < n, buf[i + 1] >= 0x80, buf[i + 1] <= 0x9F { out.append(contentsOf: replacement) } else {
                        out.append(b); if i + 1 < n { out.append(buf[i + 1]) }
                    }
                    i += 2
                case 0xEF:
                    // U+FDD0...U+FDEF and U+FFFE, U+FFFF are noncharacters.
                    let end = min(i + 3, n)
                    if end - i == 3, (buf[i + 1] == 0xB7 && buf[i + 2] >= 0x90 && buf[i + 2] <= 0xAF)
                        || (buf[i + 1] == 0xBF && (buf[i + 2] == 0xBE || buf[i + 2] == 0xBF))
                    {
                        out.append(contentsOf: replacement)
                    } else {
                        out.append(contentsOf: buf[i..<end])
                    }
                    i = end
                case 0xF0...0xF4:
                    // U+nFFFE and U+nFFFF of the supplementary planes.
                    let end = min(i + 4, n)
                    if end - i == 4, buf[i + 1] & 0x0F == 0x0F, buf[i + 2] == 0xBF, buf[i + 3] == 0xBE || buf[i + 3] == 0xBF {
                        out.append(contentsOf: replacement)
                    } else {
                        out.append(contentsOf: buf[i..<end])
                    }
                    i = end
                default:
                    // C0 controls other than tab, newline and carriage return, and DEL.
                    out.append(contentsOf: replacement)
                    i += 1
                }
            }
            return String(decoding: out, as: UTF8.self)
        }
    }

    private static let amp = Array("&amp;".utf8), lt = Array("&lt;".utf8), gt = Array("&gt;".utf8)
    private static let quot = Array("&quot;".utf8), apos = Array("&#39;".utf8)
    private static let replacement = Array("\u{FFFD}".utf8)

    /// Bytes the HTML escaper must look at: the five specials, forbidden ASCII controls, and
    /// the lead bytes of sequences that may encode a forbidden code point.
    private static let htmlAttention: [Bool] = (0..<256).map { b in
        switch b {
        case 0x09, 0x0A, 0x0D: return false
        case 0..<0x20, 0x7F, 0x26, 0x3C, 0x3E, 0x22, 0x27, 0xC2, 0xEF, 0xF0...0xF4: return true
        default: return false
        }
    }

    // MARK: Markdown

    /// Escapes plain text so CommonMark (and pandoc) renders it literally: inline syntax
    /// (`\ * _ [ ] < ` ~`, entity-like `&`) everywhere, and block syntax (headings, quotes,
    /// list markers, thematic breaks, setext underlines, fences) at the start of each line.
    /// Intraword underscores (`snake_case`, URLs) are left alone, as pandoc does.
    static func markdown(_ s: String) -> String {
        let bytes = Array(s.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + bytes.count / 16)
        var i = 0
        var lineStart = true
        func isAlnum(_ b: UInt8) -> Bool { (b >= 0x30 && b <= 0x39) || (b | 0x20 >= 0x61 && b | 0x20 <= 0x7A) || b >= 0x80 }
        while i < bytes.count {
            if lineStart {
                lineStart = false
                // Up to three spaces of indentation still start a block construct.
                var j = i
                while j < bytes.count, j - i < 3, bytes[j] == 0x20 { j += 1 }
                out.append(contentsOf: bytes[i..<j])
                i = j
                guard i < bytes.count else { break }
                let b = bytes[i]
                switch b {
                case UInt8(ascii: "#"), UInt8(ascii: ">"), UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "="):
                    out.append(UInt8(ascii: "\\")); out.append(b); i += 1; continue
                case UInt8(ascii: "0")...UInt8(ascii: "9"):
                    // "1. " / "1) " starts an ordered list: escape the delimiter.
                    var k = i
                    while k < bytes.count, k - i < 10, bytes[k] >= 0x30, bytes[k] <= 0x39 { k += 1 }
                    if k < bytes.count, k - i <= 9, bytes[k] == UInt8(ascii: ".") || bytes[k] == UInt8(ascii: ")"),
                        k + 1 == bytes.count || bytes[k + 1] == 0x20 || bytes[k + 1] == 0x09 || bytes[k + 1] == 0x0A
                    {
                        out.append(contentsOf: bytes[i..<k]); out.append(UInt8(ascii: "\\")); out.append(bytes[k])
                        i = k + 1
                        continue
                    }
                default: break
                }
            }
            let b = bytes[i]
            switch b {
            case 0x0A:
                out.append(b)
                lineStart = true
            case UInt8(ascii: "\\"), UInt8(ascii: "`"), UInt8(ascii: "*"), UInt8(ascii: "["), UInt8(ascii: "]"),
                UInt8(ascii: "<"), UInt8(ascii: "~"):
                out.append(UInt8(ascii: "\\")); out.append(b)
            case UInt8(ascii: "_"):
                let before = i > 0 ? bytes[i - 1] : 0x20
                let after = i + 1 < bytes.count ? bytes[i + 1] : 0x20
                if !(isAlnum(before) && isAlnum(after)) { out.append(UInt8(ascii: "\\")) }
                out.append(b)
            case UInt8(ascii: "&"):
                // Only `&name;` / `&#123;` would be read as an entity.
                var k = i + 1
                while k < bytes.count, k - i <= 32, isAlnum(bytes[k]) || bytes[k] == UInt8(ascii: "#") { k += 1 }
                if k > i + 1, k < bytes.count, bytes[k] == UInt8(ascii: ";") { out.append(UInt8(ascii: "\\")) }
                out.append(b)
            default:
                out.append(b)
            }
            i += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    // MARK: CSV

    /// One RFC 4180 field: quoted (with doubled quotes) when it holds a comma, a quote, a line
    /// break, or leading/trailing spaces; as is otherwise.
    static func csvField(_ s: String) -> String {
        var copy = s
        return copy.withUTF8 { buf -> String in
            var needs = buf.first == 0x20 || buf.last == 0x20
            var quotes = 0
            for b in buf {
                if b == 0x22 { quotes += 1; needs = true } else if b == 0x2C || b == 0x0A || b == 0x0D { needs = true }
            }
            guard needs else { return s }
            var out: [UInt8] = []
            out.reserveCapacity(buf.count + quotes + 2)
            out.append(0x22)
            if quotes == 0 {
                out.append(contentsOf: buf)
            } else {
                for b in buf {
                    out.append(b)
                    if b == 0x22 { out.append(0x22) }
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
        case .object(let o) where !o.isEmpty:
            out += "\n"
            for k in o.keys.sorted() { yamlEntry(key: k, value: o[k]!, indent: indent + 2, into: &out) }
        case .array(let a) where !a.isEmpty:
            out += "\n"
            for element in a { yamlItem(element, indent: indent + 2, into: &out) }
        default:
            out += " " + yamlInline(value) + "\n"
        }
    }

    private static func yamlItem(_ value: Value, indent: Int, into out: inout String) {
        let pad = String(repeating: " ", count: indent)
        switch value {
        case .object(let o) where !o.isEmpty:
            // "- " then the mapping, its first line on the dash line.
            var nested = ""
            for k in o.keys.sorted() { yamlEntry(key: k, value: o[k]!, indent: indent + 2, into: &nested) }
            out += pad + "- " + nested.dropFirst(indent + 2)
        case .array(let a) where !a.isEmpty:
            out += pad + "-\n"
            for element in a { yamlItem(element, indent: indent + 2, into: &out) }
        default:
            out += pad + "- " + yamlInline(value) + "\n"
        }
    }

    private static func yamlInline(_ value: Value) -> String {
        switch value {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .int, .double: return JSONWriter.string(value)
        case .string(let s): return yamlScalar(s)
        case .array: return "[]"
        case .object: return "{}"
        }
    }

    private static let yamlReserved: Set<String> = [
        "y", "yes", "n", "no", "true", "false", "on", "off", "null", "~", "nan", ".nan", "inf", ".inf", "-.inf",
    ]

    /// A string as a YAML scalar: plain if it is letters, digits and a few safe punctuation
    /// marks, starts with a letter and is not a reserved word; double-quoted otherwise.
    static func yamlScalar(_ s: String) -> String {
        var plain = !s.isEmpty && !yamlReserved.contains(s.lowercased())
        if plain {
            for (i, b) in s.utf8.enumerated() {
                let letter = (b | 0x20 >= 0x61 && b | 0x20 <= 0x7A) || b >= 0x80
                let digit = b >= 0x30 && b <= 0x39
                let safe = b == 0x2D || b == 0x5F || b == 0x2E || b == 0x2F || b == 0x20
                if i == 0 ? !letter : !(letter || digit || safe) { plain = false; break }
            }
            if s.last == " " || s.unicodeScalars.contains(where: { $0.value >= 0x80 && !$0.properties.isAlphabetic && ![.nonspacingMark, .spacingMark, .enclosingMark].contains($0.properties.generalCategory) }) {
                plain = false
            }
        }
        if plain { return s }
        var out = ""
        JSONWriter.writeString(s, into: &out)
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
    func escapeText(_ text: String) -> String { Escape.html(text) }
}

enum ContentTypes {
    /// Registers `MARKDOWN` and `HTML5` with swift-mustache, once, before any template is parsed.
    static let registered: Void = {
        MustacheContentTypes.register(MarkdownContentType(), named: "MARKDOWN")
        MustacheContentTypes.register(HTML5ContentType(), named: "HTML5")
    }()
}
