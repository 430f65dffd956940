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

    /// The position of anything in the JSON-lines record at `line`: the record's line, no column.
    public static func record(line: Int) -> SourcePosition {
        SourcePosition(line: line, column: nil, endLine: line, endColumn: nil)
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
///
/// Lines are split at every line feed and compared as UTF-8 bytes (stages copy the lines they
/// keep byte for byte). Splitting the `String` by `Character` kept a CR LF pair inside one line
/// (so CR LF inputs lost their original lines), and hashed every line through Unicode
/// normalization: strip + redact over 10,000 news items with a SARIF report took 2.88 s of CPU
/// against 0.12 s without one (0.48 s since; round 23 in docs/performance-log.md).
///
/// Only the lines that hold a finding are looked up (``StageInputMap`` asks for them), the first
/// few by comparing them with the original's lines in order (a line of another length is passed
/// at once); a document with more lookups than ``linesComparedBeforeIndex`` gets an index of the
/// original's lines by their bytes instead. Until round 25 every line of the original and of each
/// stage's input was hashed, for the one or two lines a news item's findings are on.
///
/// A non-ASCII line the bytes do not find is looked up once more as Swift compares strings
/// (canonical equivalence), among the original's non-ASCII lines: a stage that hands back its
/// input in another normalization form (NFC of NFD input, say: a command stage, a provider)
/// keeps its lines' places, and its columns are counted in the original line's scalars
/// (``ColumnMap``). That index is built per document at the first such miss only.
struct TextLocator {
    /// The original's UTF-8, which `originalLines` are slices of.
    private let originalBytes: [UInt8]
    /// The original's lines, in order.
    private let originalLines: [LineBytes]
    /// Lines looked up so far (by comparing them with the original's, until the index is made).
    private var lookups = 0
    /// Where each original line is (0-based index) by its bytes, first occurrence; made after
    /// ``linesComparedBeforeIndex`` lookups.
    private var lineIndex: [LineBytes: Int]?
    /// Where each non-ASCII original line is by its text compared as a `String` (first
    /// occurrence), with that text; `nil` until a non-ASCII line is not found by its bytes.
    private var canonicalLineIndex: [String: (index: Int, text: String)]?

    /// Lookups of a document made by comparing lines in order, before its lines are indexed.
    static let linesComparedBeforeIndex = 8

    init(original text: String) {
        originalBytes = Array(text.utf8)
        originalLines = Self.lines(of: originalBytes)
    }

    /// The lines of `bytes`, split at every line feed (an empty line after a final one).
    static func lines(of bytes: [UInt8]) -> [LineBytes] {
        var lines: [LineBytes] = []
        var start = 0
        bytes.withUnsafeBufferPointer { buffer in
            while let lineFeed = buffer[start...].firstIndex(of: 0x0A) {
                lines.append(LineBytes(bytes: bytes[start..<lineFeed]))
                start = lineFeed + 1
            }
        }
        lines.append(LineBytes(bytes: bytes[start...]))
        return lines
    }

    /// A map for one stage input: build it once per stage and document, then place each span.
    func map(for stageInput: String) -> StageInputMap { StageInputMap(text: stageInput, locator: self) }

    /// The position of the span `start..<end` of `stageInput` in the original input.
    mutating func position(start: Int, end: Int, in stageInput: String) -> SourcePosition {
        var map = map(for: stageInput)
        return map.position(start: start, end: end, locator: &self)
    }

    /// Where a line of a stage's input is in the original: its 0-based index, found by its
    /// bytes, else (a non-ASCII line) by its text compared as a `String`, and then with the map
    /// of its columns to the original line's.
    mutating func originalLine(of line: LineBytes) -> (index: Int, columns: ColumnMap?)? {
        if let index = firstOriginalLine(withBytesOf: line) { return (index, nil) }
        guard !line.isASCII else { return nil }
        if canonicalLineIndex == nil {
            var index: [String: (index: Int, text: String)] = [:]
            for (i, line) in originalLines.enumerated() where !line.isASCII {
                let text = line.text
                if index[text] == nil { index[text] = (i, text) }
            }
            canonicalLineIndex = index
        }
        let text = line.text
        guard let original = canonicalLineIndex?[text] else { return nil }
        return (original.index, ColumnMap(from: text, to: original.text))
    }

    /// The index of the first original line with the bytes of `line`: compared line by line for
    /// a document's first lookups, then through an index of the original's lines.
    private mutating func firstOriginalLine(withBytesOf line: LineBytes) -> Int? {
        if lineIndex == nil {
            lookups += 1
            if lookups <= Self.linesComparedBeforeIndex { return originalLines.firstIndex(of: line) }
            var index: [LineBytes: Int] = [:]
            for (i, line) in originalLines.enumerated() where index[line] == nil { index[line] = i }
            lineIndex = index
        }
        return lineIndex?[line]
    }

    /// Whether `bytes` are the original's.
    func isOriginal(_ bytes: [UInt8]) -> Bool { bytes == originalBytes }
}

/// A line's UTF-8 bytes (a slice of its text's array, no copy), hashed in one call over the
/// bytes and compared byte for byte (lines of different lengths without reading them).
struct LineBytes: Hashable {
    let bytes: ArraySlice<UInt8>

    func hash(into hasher: inout Hasher) {
        bytes.withUnsafeBytes { hasher.combine(bytes: $0) }
    }

    static func == (left: LineBytes, right: LineBytes) -> Bool {
        guard left.bytes.count == right.bytes.count else { return false }
        return left.bytes.withUnsafeBytes { l in right.bytes.withUnsafeBytes { r in l.elementsEqual(r) } }
    }

    /// Whether every byte is ASCII.
    var isASCII: Bool { bytes.allSatisfy { $0 < 0x80 } }

    /// The line as a `String` (the bytes are valid UTF-8: a line of a `String` split at a line feed).
    var text: String { String(decoding: bytes, as: UTF8.self) }
}

/// Line starts of one stage input and, when it differs from the original, where the lines that
/// spans are placed on sit in the original (looked up at the first span on each).
struct StageInputMap {
    /// Scalar offset of each line's start.
    private var lineStarts: [Int] = [0]
    /// The stage input's UTF-8 and the byte offset of each line's start, when it differs from
    /// the original (else empty: its positions are the original's).
    private var bytes: [UInt8] = []
    private var lineByteStarts: [Int] = []
    /// The lines looked up so far: the 0-based original line (the line itself when not found)
    /// and, for a line found as canonically equivalent text (another normalization form), its
    /// columns in the original line's scalars.
    private var originalLines: [Int: (index: Int, columns: ColumnMap?)] = [:]

    /// The line starts of `text`, a stage's input, whose lines are looked up in `locator`'s
    /// original when it differs from it.
    init(text: String, locator: TextLocator) {
        var byteStarts = [0]
        let bytes = Self.lineStarts(of: text, into: &lineStarts, byteStarts: &byteStarts)
        if !locator.isOriginal(bytes) {
            self.bytes = bytes
            lineByteStarts = byteStarts
        }
    }

    /// Appends the scalar offset and the byte offset of each line's start past the first to
    /// `lineStarts` and `byteStarts`, and returns `text`'s UTF-8.
    private static func lineStarts(of text: String, into lineStarts: inout [Int], byteStarts: inout [Int]) -> [UInt8] {
        let bytes = Array(text.utf8)
        var offset = 0
        for (index, byte) in bytes.enumerated() {
            // A scalar is counted at its first byte; a line feed is one byte and one scalar.
            if byte & 0xC0 != 0x80 { offset += 1 }
            if byte == 0x0A {
                lineStarts.append(offset)
                byteStarts.append(index + 1)
            }
        }
        return bytes
    }

    /// 0-based line and 1-based column of `offset`.
    func lineColumn(_ offset: Int) -> (line: Int, column: Int) {
        let line = lineStarts.lastIndex(startingAtOrBefore: offset)
        return (line, offset - lineStarts[line] + 1)
    }

    /// Where line `line` of the stage input is in `locator`'s original (itself when not found).
    private mutating func originalLine(_ line: Int, locator: inout TextLocator) -> (index: Int, columns: ColumnMap?) {
        if let known = originalLines[line] { return known }
        let end = line + 1 < lineByteStarts.count ? lineByteStarts[line + 1] - 1 : bytes.count
        let found = locator.originalLine(of: LineBytes(bytes: bytes[lineByteStarts[line]..<end])) ?? (line, nil)
        originalLines[line] = found
        return found
    }

    /// The span's position in the original input.
    mutating func position(start: Int, end: Int, locator: inout TextLocator) -> SourcePosition {
        let startPosition = lineColumn(start), endPosition = lineColumn(end)
        guard !lineByteStarts.isEmpty else {
            return SourcePosition(line: startPosition.line + 1, column: startPosition.column, endLine: endPosition.line + 1, endColumn: endPosition.column)
        }
        let startLine = originalLine(startPosition.line, locator: &locator)
        let endLine = endPosition.line == startPosition.line ? startLine : originalLine(endPosition.line, locator: &locator)
        let shift = startLine.index - startPosition.line
        let startColumn = startLine.columns?.originalColumn(startPosition.column) ?? startPosition.column
        let endColumn = endLine.columns?.originalColumn(endPosition.column) ?? endPosition.column
        return SourcePosition(line: startPosition.line + shift + 1, column: startColumn, endLine: endPosition.line + shift + 1, endColumn: endColumn)
    }
}

/// Columns of a line mapped to those of a canonically equivalent line (the same text in
/// another normalization form: `é` as one scalar in one, `e` and a combining accent in the
/// other): both are read as the same sequence of characters, and a column at a character's
/// start maps to that character's start in the other line (one inside a character moves by as
/// many scalars, at most to the character's last).
struct ColumnMap {
    /// The scalar offset of each character's start in the line, and the line's scalar count.
    private let lineStarts: [Int]
    /// The same for the other line.
    private let otherStarts: [Int]

    /// The map from `line`'s columns to `other`'s; `nil` when they are not as many characters.
    init?(from line: String, to other: String) {
        func starts(_ text: String) -> [Int] {
            var starts = [0]
            for character in text { starts.append(starts[starts.count - 1] + character.unicodeScalars.count) }
            return starts
        }
        lineStarts = starts(line)
        otherStarts = starts(other)
        guard lineStarts.count == otherStarts.count else { return nil }
    }

    /// The 1-based column of the other line for 1-based `column` of this one.
    func originalColumn(_ column: Int) -> Int {
        let offset = column - 1
        // The last character starting at or before `offset` (past the line: its end).
        let low = lineStarts.lastIndex(startingAtOrBefore: offset)
        guard low < otherStarts.count - 1 else { return otherStarts[low] + 1 + (offset - lineStarts[low]) }
        let inside = min(offset - lineStarts[low], otherStarts[low + 1] - otherStarts[low] - 1)
        return otherStarts[low] + inside + 1
    }
}

extension Array where Element == Int {
    /// In ascending starts beginning with 0 or less (line or character starts), the index of the
    /// last start at or before `offset` (0 for an offset before them all).
    func lastIndex(startingAtOrBefore offset: Int) -> Int {
        var low = 0, high = count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if self[mid] <= offset { low = mid } else { high = mid - 1 }
        }
        return low
    }
}
