/// Makes untrusted text (document ids, input paths, a program's stderr) safe to put in a
/// one-line message: control characters, line and paragraph separators and bidirectional
/// overrides become visible escapes, so a document id cannot start a forged log line, move
/// the cursor or colour the terminal.
public enum MessageText {
    /// `text` with `\n`, `\r`, `\t` written as such and other unsafe scalars as `\u{1B}`.
    public static func escaped(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isUnsafe) else { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            guard isUnsafe(scalar) else { out.append(scalar); continue }
            let escape: String
            switch scalar {
            case "\n": escape = "\\n"
            case "\r": escape = "\\r"
            case "\t": escape = "\\t"
            default: escape = "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            }
            out.append(contentsOf: escape.unicodeScalars)
        }
        return String(out)
    }

    /// C0 and C1 controls, DEL, U+2028/U+2029, and the bidirectional embedding, override and
    /// isolate controls (the "Trojan Source" set).
    public static func isUnsafe(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F, 0x2028, 0x2029, 0x202A...0x202E, 0x2066...0x2069, 0x200E, 0x200F, 0x061C:
            return true
        default:
            return false
        }
    }
}
