/// Writes `Value`s as compact JSON, quickly and deterministically (object keys sorted).
///
/// Used for JSON lines output, reports and `--format json`: a hand-rolled writer keeps key
/// order stable and avoids Foundation's `JSONSerialization` cost on the hot output path.
public enum JSONWriter {
    /// The JSON text of `value`.
    public static func string(_ value: Value, pretty: Bool = false) -> String {
        var out = ""
        out.reserveCapacity(64)
        write(value, into: &out, pretty: pretty, indent: 0)
        return out
    }

    /// Appends the JSON text of `value` to `out`.
    public static func write(_ value: Value, into out: inout String, pretty: Bool = false, indent: Int = 0) {
        switch value {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .int(let i): out += String(i)
        case .double(let d):
            if d.isFinite {
                if d.rounded() == d && abs(d) < 1e15 { out += String(Int(d)) + ".0" } else { out += String(d) }
            } else {
                out += "null"
            }
        case .string(let s): writeString(s, into: &out)
        case .array(let a):
            if a.isEmpty { out += "[]"; return }
            out += "["
            for (i, element) in a.enumerated() {
                if i > 0 { out += "," }
                if pretty { newline(&out, indent + 1) }
                write(element, into: &out, pretty: pretty, indent: indent + 1)
            }
            if pretty { newline(&out, indent) }
            out += "]"
        case .object(let o):
            writeObject(o.sorted { $0.key < $1.key }, into: &out, pretty: pretty, indent: indent)
        }
    }

    /// Appends an object whose members keep the given order.
    public static func writeObject(_ members: [(key: String, value: Value)], into out: inout String, pretty: Bool = false, indent: Int = 0) {
        if members.isEmpty { out += "{}"; return }
        out += "{"
        for (i, member) in members.enumerated() {
            if i > 0 { out += "," }
            if pretty { newline(&out, indent + 1) }
            writeString(member.key, into: &out)
            out += pretty ? ": " : ":"
            write(member.value, into: &out, pretty: pretty, indent: indent + 1)
        }
        if pretty { newline(&out, indent) }
        out += "}"
    }

    private static func newline(_ out: inout String, _ indent: Int) {
        out += "\n"
        out += String(repeating: "  ", count: indent)
    }

    /// Appends `s` as a JSON string literal, escaping quotes, backslashes and control characters.
    public static func writeString(_ s: String, into out: inout String) {
        out += "\""
        // Fast path: nothing to escape.
        if !s.utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }) {
            out += s
            out += "\""
            return
        }
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }
}
