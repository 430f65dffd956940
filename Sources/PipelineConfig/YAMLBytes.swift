import PipelineKit

/// Byte-level checks of a pipeline file before YAML parsing, so that a stray byte gets a
/// `file:line:col` error that says what it is, instead of libyaml's bare complaint.
enum YAMLBytes {
    /// The diagnostic for bytes that are not UTF-8: where the first bad byte is, and how to fix it.
    static func invalidUTF8(in bytes: [UInt8], file: String) -> Diagnostic {
        let bad = UTF8Validation.firstInvalidIndex(in: bytes) ?? bytes.count
        let before = String(decoding: bytes[..<bad], as: UTF8.self)
        let (line, column) = position(after: before)
        return Diagnostic(
            at: SourceLocation(file: file, line: line, column: column),
            "the pipeline file is not valid UTF-8 (byte 0x\(String(bytes[min(bad, bytes.count - 1)], radix: 16, uppercase: true)) at byte offset \(bad)); save it as UTF-8")
    }

    /// The first character YAML does not allow (NUL and other control characters, U+FFFE,
    /// U+FFFF), as a diagnostic at its line and column; `nil` when there is none.
    static func forbiddenCharacter(in text: String, file: String) -> Diagnostic? {
        var line = 1
        var column = 1
        for scalar in text.unicodeScalars {
            if !isAllowed(scalar) {
                let name = scalar.value == 0 ? "NUL byte" : "control character"
                let code = "U+" + String(scalar.value, radix: 16, uppercase: true).leftPadded(to: 4)
                return Diagnostic(at: SourceLocation(file: file, line: line, column: column),
                                  "\(name) (\(code)) is not allowed in YAML; remove it")
            }
            if scalar == "\n" { line += 1; column = 1 } else { column += 1 }
        }
        return nil
    }

    /// YAML 1.2's printable set (tab, LF, CR, NEL and everything from U+0020 except DEL, the
    /// C1 controls, surrogates, U+FFFE and U+FFFF).
    static func isAllowed(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09, 0x0A, 0x0D, 0x85: return true
        case 0x00...0x1F, 0x7F...0x9F, 0xFFFE, 0xFFFF: return false
        default: return true
        }
    }

    /// 1-based line and column (in Unicode scalars) of the position right after `prefix`.
    static func position(after prefix: String) -> (Int, Int) {
        var line = 1
        var column = 1
        for scalar in prefix.unicodeScalars {
            if scalar == "\n" { line += 1; column = 1 } else { column += 1 }
        }
        return (line, column)
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
