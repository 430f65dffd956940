import Foundation
import PipelineKit
import Yams

// Yams errors as diagnostics, and recovery from duplicate keys (Yams stops at the first: each
// one is reported, renamed in a scratch copy and the file parsed again).
extension Validator {
    func yamlDiagnostic(_ yamlError: YamlError) -> Diagnostic {
        func at(_ mark: Mark, _ message: String) -> Diagnostic {
            var message = message
            // libyaml's tab complaint is cryptic: say what to do.
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            if mark.line - 1 < lines.count {
                let line = Array(lines[mark.line - 1].unicodeScalars)
                let col = mark.column - 1
                if (col < line.count && line[col] == "\t") || (message.contains("cannot start any token") && line.prefix(max(col, 0) + 1).contains("\t")) {
                    message = "tab character used for indentation; YAML needs spaces"
                    if let tab = line.firstIndex(of: "\t") {
                        return Diagnostic(at: SourceLocation(file: file, line: mark.line, column: tab + 1), message)
                    }
                }
            }
            return Diagnostic(at: SourceLocation(file: file, line: mark.line, column: mark.column), message)
        }
        switch yamlError {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _), .composer(let context, let problem, let mark, _):
            let extra = context.map { " (\($0.text) at line \($0.mark.line), column \($0.mark.column))" } ?? ""
            return at(mark, "invalid YAML: \(problem)\(extra)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            let key = duplicates.first ?? "?"
            if let second = secondOccurrence(of: key, after: context.mark, in: text) {
                return Diagnostic(at: SourceLocation(file: file, line: second.line, column: second.column), "duplicate key '\(key)' (first at line \(context.mark.line))")
            }
            return at(context.mark, "duplicate key '\(key)'")
        case .reader(let problem, _, _, _):
            return Diagnostic(file: file, "cannot read YAML: \(problem)")
        default:
            return Diagnostic(file: file, "invalid YAML: \(yamlError)")
        }
    }

    /// Finds the next line after `mark` where `key:` starts at the same column.
    func secondOccurrence(of key: String, after mark: Mark, in text: String) -> (line: Int, column: Int)? {
        let scalars = Array(text.unicodeScalars)
        let lines = Validator.lineRanges(scalars)
        guard mark.line >= 1, mark.column >= 1 else { return nil }
        let candidates = [key + ":", "\"\(key)\":", "'\(key)':"].map { Array($0.unicodeScalars) }
        for index in min(mark.line, lines.count)..<lines.count {
            let start = lines[index].lowerBound + mark.column - 1
            guard start < lines[index].upperBound else { continue }
            let rest = scalars[start..<lines[index].upperBound]
            if candidates.contains(where: { rest.starts(with: $0) }) {
                return (index + 1, mark.column)
            }
        }
        return nil
    }

    /// The marker that starts a renamed duplicate key.
    static let duplicateMarker: Unicode.Scalar = "\u{A4}"

    /// The scalar ranges of the lines of `scalars`, split where libyaml starts a new line
    /// (CR LF, CR, LF, NEL, LS, PS), so that line numbers agree with Yams' marks.
    static func lineRanges(_ scalars: [Unicode.Scalar]) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        var start = 0
        var i = 0
        while i < scalars.count {
            switch scalars[i] {
            case "\r":
                ranges.append(start..<i)
                i += (i + 1 < scalars.count && scalars[i + 1] == "\n") ? 2 : 1
                start = i
            case "\n", "\u{85}", "\u{2028}", "\u{2029}":
                ranges.append(start..<i)
                i += 1
                start = i
            default:
                i += 1
            }
        }
        ranges.append(start..<scalars.count)
        return ranges
    }

    /// `text` with the key at line/column replaced by a same-length placeholder.
    static func renameKey(in text: String, line: Int, column: Int, length: Int, serial: Int) -> String? {
        var scalars = Array(text.unicodeScalars)
        let lines = lineRanges(scalars)
        guard line >= 1, column >= 1, line - 1 < lines.count else { return nil }
        let start = lines[line - 1].lowerBound + column - 1
        guard start + length <= lines[line - 1].upperBound else { return nil }
        var replacement = [duplicateMarker]
        // Distinct placeholders for distinct duplicates: marker + serial digits, padded.
        replacement += Array(String(serial).unicodeScalars)
        while replacement.count < length { replacement.append(duplicateMarker) }
        guard replacement.count == length else { return nil }
        scalars.replaceSubrange(start..<(start + length), with: replacement)
        return String(String.UnicodeScalarView(scalars))
    }

    static func isRenamedDuplicate(_ key: String) -> Bool { key.unicodeScalars.first == duplicateMarker }
}
