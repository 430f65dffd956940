/// Escaping of text for HTML and XML, the one place the export stage's HTML, the HTML report
/// pages and the JUnit report escape markup. Works on UTF-8 bytes, and returns the string
/// itself when nothing needs escaping (typical prose, curly quotes and accents included).
///
/// ```swift
/// MarkupEscaping.html("a < b & 'c'")   // a &lt; b &amp; &#39;c&#39;
/// MarkupEscaping.xml("line\nbreak")    // line&#10;break
/// ```
public enum MarkupEscaping {
    /// `text` safe in HTML element content and in double- or single-quoted attributes:
    /// `& < > " '` escaped; code points HTML forbids (C0 controls other than tab, newline and
    /// carriage return, DEL, C1 controls, noncharacters) become U+FFFD so the page validates.
    public static func html(_ text: String) -> String { escape(text, .html) }

    /// `text` safe inside an XML element or a double-quoted attribute: `& < > " '` escaped, tab,
    /// newline and carriage return as character references (so attributes keep them), and
    /// characters XML 1.0 cannot hold (other C0 controls, U+FFFE, U+FFFF) as U+FFFD.
    public static func xml(_ text: String) -> String { escape(text, .xml) }

    /// What one markup language needs.
    struct Dialect {
        /// Bytes the escaper must look at; all others are copied.
        let attention: [Bool]
        /// The apostrophe's reference.
        let apostrophe: [UInt8]
        /// C1 controls, U+FDD0...U+FDEF and the supplementary planes' noncharacters are
        /// forbidden too (HTML), besides U+FFFE and U+FFFF.
        let forbidsAllNoncharacters: Bool

        static let html = Dialect(
            attention: table(extra: [0x7F, 0xC2, 0xF0, 0xF1, 0xF2, 0xF3, 0xF4], lineBreaks: false),
            apostrophe: Array("&#39;".utf8), forbidsAllNoncharacters: true)
        static let xml = Dialect(
            attention: table(extra: [], lineBreaks: true),
            apostrophe: Array("&apos;".utf8), forbidsAllNoncharacters: false)

        /// The five specials, C0 controls (tab, newline and carriage return only when
        /// `lineBreaks`: XML writes them as `&#9;`, `&#10;`, `&#13;` so attributes keep them),
        /// 0xEF (the lead byte of U+FFFE and U+FFFF) and `extra`.
        private static func table(extra: [UInt8], lineBreaks: Bool) -> [Bool] {
            (0..<256).map { byte in
                switch byte {
                case 0x09, 0x0A, 0x0D: return lineBreaks
                case 0..<0x20, 0x26, 0x3C, 0x3E, 0x22, 0x27, 0xEF: return true
                default: return extra.contains(UInt8(byte))
                }
            }
        }
    }

    private static let amp = Array("&amp;".utf8), lt = Array("&lt;".utf8), gt = Array("&gt;".utf8)
    private static let quot = Array("&quot;".utf8)
    private static let tab = Array("&#9;".utf8), newline = Array("&#10;".utf8), carriageReturn = Array("&#13;".utf8)
    private static let replacement = Array("\u{FFFD}".utf8)

    static func escape(_ text: String, _ dialect: Dialect) -> String {
        var copy = text
        return copy.withUTF8 { bytes -> String in
            let attention = dialect.attention
            guard let first = bytes.firstIndex(where: { attention[Int($0)] }) else { return text }
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count + 64)
            out.append(contentsOf: bytes[..<first])
            var i = first
            let count = bytes.count
            while i < count {
                let byte = bytes[i]
                guard attention[Int(byte)] else { out.append(byte); i += 1; continue }
                switch byte {
                case 0x26: out.append(contentsOf: amp); i += 1
                case 0x3C: out.append(contentsOf: lt); i += 1
                case 0x3E: out.append(contentsOf: gt); i += 1
                case 0x22: out.append(contentsOf: quot); i += 1
                case 0x27: out.append(contentsOf: dialect.apostrophe); i += 1
                // Only XML looks at these: as references, so attribute values keep them.
                case 0x09: out.append(contentsOf: tab); i += 1
                case 0x0A: out.append(contentsOf: newline); i += 1
                case 0x0D: out.append(contentsOf: carriageReturn); i += 1
                case 0xC2:
                    // U+0080...U+009F (C1 controls) are forbidden in HTML.
                    if i + 1 < count, bytes[i + 1] >= 0x80, bytes[i + 1] <= 0x9F { out.append(contentsOf: replacement) } else {
                        out.append(byte); if i + 1 < count { out.append(bytes[i + 1]) }
                    }
                    i += 2
                case 0xEF:
                    // U+FFFE and U+FFFF are noncharacters everywhere; U+FDD0...U+FDEF in HTML.
                    let end = min(i + 3, count)
                    if end - i == 3, (dialect.forbidsAllNoncharacters && bytes[i + 1] == 0xB7 && bytes[i + 2] >= 0x90 && bytes[i + 2] <= 0xAF)
                        || (bytes[i + 1] == 0xBF && (bytes[i + 2] == 0xBE || bytes[i + 2] == 0xBF))
                    {
                        out.append(contentsOf: replacement)
                    } else {
                        out.append(contentsOf: bytes[i..<end])
                    }
                    i = end
                case 0xF0...0xF4:
                    // U+nFFFE and U+nFFFF of the supplementary planes (HTML).
                    let end = min(i + 4, count)
                    if end - i == 4, bytes[i + 1] & 0x0F == 0x0F, bytes[i + 2] == 0xBF, bytes[i + 3] == 0xBE || bytes[i + 3] == 0xBF {
                        out.append(contentsOf: replacement)
                    } else {
                        out.append(contentsOf: bytes[i..<end])
                    }
                    i = end
                default:
                    // C0 controls (and, in HTML, DEL).
                    out.append(contentsOf: replacement)
                    i += 1
                }
            }
            return String(decoding: out, as: UTF8.self)
        }
    }
}
