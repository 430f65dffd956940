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
    let originalText: String
    /// Where each original line is (0-based index) by its content, first occurrence.
    private let lineIndex: [Substring: Int]

    init(original text: String) {
        originalText = text
        var index: [Substring: Int] = [:]
        for (i, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() where index[line] == nil { index[line] = i }
        lineIndex = index
    }

    /// Line and column (1-based, scalars) of `offset` in `text`.
    static func lineColumn(of offset: Int, in text: String) -> (line: Int, column: Int) {
        let map = StageInputMap(text: text, locator: nil)
        let position = map.lineColumn(offset)
        return (position.line + 1, position.column)
    }

    /// A map for one stage input: build it once per stage and document, then place each span.
    func map(for stageInput: String) -> StageInputMap { StageInputMap(text: stageInput, locator: self) }

    /// The position of the span `start..<end` of `stageInput` in the original input.
    func position(start: Int, end: Int, in stageInput: String) -> SourcePosition {
        map(for: stageInput).position(start: start, end: end)
    }

    /// The original line index of a line's content.
    func originalLine(of content: Substring) -> Int? { lineIndex[content] }
}

/// Line starts of one stage input and, when it differs from the original, where each of its
/// lines sits in the original.
struct StageInputMap {
    /// Scalar offset of each line's start.
    private var lineStarts: [Int] = [0]
    /// For each line, the 0-based original line (or the line itself when unchanged or not found).
    private var originalLines: [Int] = []

    init(text: String, locator: TextLocator?) {
        var offset = 0
        for scalar in text.unicodeScalars {
            offset += 1
            if scalar == "\n" { lineStarts.append(offset) }
        }
        if let locator, text != locator.originalText {
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            originalLines = lines.enumerated().map { i, line in locator.originalLine(of: line) ?? i }
        }
    }

    /// 0-based line and 1-based column of `offset`.
    func lineColumn(_ offset: Int) -> (line: Int, column: Int) {
        var low = 0, high = lineStarts.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if lineStarts[mid] <= offset { low = mid } else { high = mid - 1 }
        }
        return (low, offset - lineStarts[low] + 1)
    }

    /// The span's position in the original input.
    func position(start: Int, end: Int) -> SourcePosition {
        let startPosition = lineColumn(start), endPosition = lineColumn(end)
        guard !originalLines.isEmpty, startPosition.line < originalLines.count else {
            return SourcePosition(line: startPosition.line + 1, column: startPosition.column, endLine: endPosition.line + 1, endColumn: endPosition.column)
        }
        let shift = originalLines[startPosition.line] - startPosition.line
        return SourcePosition(line: startPosition.line + shift + 1, column: startPosition.column, endLine: endPosition.line + shift + 1, endColumn: endPosition.column)
    }
}
