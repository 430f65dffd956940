import PipelineKit

/// A place in an input: 1-based line and column (Unicode scalars), with an end. For JSON-lines
/// inputs only the record's line is known (`column` is `nil`).
public struct SourcePosition: Sendable, Equatable {
    /// 1-based line of the start.
    public var line: Int
    /// 1-based column (Unicode scalars) of the start, when known.
    public var column: Int?
    /// 1-based line of the end.
    public var endLine: Int
    /// 1-based column one past the last scalar, when known.
    public var endColumn: Int?

    /// Creates a position.
    public init(line: Int, column: Int?, endLine: Int, endColumn: Int?) {
        self.line = line
        self.column = column
        self.endLine = endLine
        self.endColumn = endColumn
    }
}

/// One annotation of a finding stage (redact): its type and where it is, never its text.
public struct RunFinding: Sendable, Equatable {
    /// The stage id.
    public var stage: String
    /// The annotation type (`email`, `secret`, ...).
    public var type: String
    /// `metadata.KEY` when the finding is in a metadata value.
    public var field: String?
    /// Where it is in the input; `nil` when it could not be placed.
    public var position: SourcePosition?
}

/// One type that tripped a fail-on condition in one document.
public struct FailOnEntry: Sendable, Equatable {
    /// The stage id.
    public var stage: String
    /// The document id.
    public var document: String
    /// The input path (`-` for stdin), `nil` for trips from a stage's `finish`.
    public var source: String?
    /// The type found (`secret`, `credit-card`, ...), `nil` for trips without detail.
    public var type: String?
    /// Occurrences of `type` in the document.
    public var count: Int
    /// Where the first occurrence is in the input.
    public var position: SourcePosition?
    /// The stage's message (no document text).
    public var reason: String
}

/// Maps scalar offsets in the text a stage received back to lines and columns of the input.
///
/// When earlier stages changed the text (strip-salutations cut a greeting, say), a line of the
/// stage's input is looked up in the original by its content, so a finding still points at the
/// line of the input file; a line that cannot be found keeps its position in the stage's input.
struct TextLocator {
    let original: [Substring]
    let originalText: String
    /// Where each original line begins (index into `original`) by its content, first occurrence.
    private var lineIndex: [Substring: Int] = [:]

    init(original text: String) {
        originalText = text
        original = text.split(separator: "\n", omittingEmptySubsequences: false)
        for (i, line) in original.enumerated() where lineIndex[line] == nil { lineIndex[line] = i }
    }

    /// Line and column (1-based, scalars) of `offset` in `text`.
    static func lineColumn(of offset: Int, in text: String) -> (line: Int, column: Int) {
        var line = 1, column = 1, i = 0
        for scalar in text.unicodeScalars {
            if i == offset { break }
            if scalar == "\n" { line += 1; column = 1 } else { column += 1 }
            i += 1
        }
        return (line, column)
    }

    /// The position of the span `start..<end` of `stageInput` in the original input.
    func position(start: Int, end: Int, in stageInput: String) -> SourcePosition {
        let s = Self.lineColumn(of: start, in: stageInput)
        let e = Self.lineColumn(of: end, in: stageInput)
        if stageInput == originalText {
            return SourcePosition(line: s.line, column: s.column, endLine: e.line, endColumn: e.column)
        }
        let lines = stageInput.split(separator: "\n", omittingEmptySubsequences: false)
        guard s.line - 1 < lines.count, let found = lineIndex[lines[s.line - 1]] else {
            return SourcePosition(line: s.line, column: s.column, endLine: e.line, endColumn: e.column)
        }
        let shift = found + 1 - s.line
        return SourcePosition(line: s.line + shift, column: s.column, endLine: e.line + shift, endColumn: e.column)
    }
}
