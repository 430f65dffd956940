import Foundation
import PipelineKit

/// Consecutive JSON lines of one input, read together for one child task: the buffer they were
/// read into (no copy per line) and, per line, where it sits and its line number.
struct JSONLineBatch: Sendable {
    /// One line of the batch.
    struct Line: Sendable {
        /// The line's bytes are `bytes[start..<end]` (terminator dropped).
        var start: Int
        var end: Int
        /// 1-based line number in the input.
        var number: Int
    }

    /// The buffer the lines are spans of (the input reader's, shared: it may hold other
    /// batches' lines too).
    let buffer: ReadBuffer
    /// The lines' bytes in all.
    let byteCount: Int
    let lines: [Line]
    /// The input as messages name it (`<stdin>` for standard input).
    var source: String
    /// The id of a line without one is `IDPREFIX-LINE`.
    var idPrefix: String
    /// 3 when the input began with a byte-order mark (added to line 1's error columns), else 0.
    var bomLength: Int

    /// How messages name line `number`: `SOURCE:LINE`.
    func label(line number: Int) -> String { "\(source):\(number)" }
    /// The id of line `number` when it gives none.
    func defaultID(line number: Int) -> String { "\(idPrefix)-\(number)" }
}

/// Produces work lazily: JSON-lines inputs are read a batch of lines at a time.
struct WorkItems {
    var sources: IndexingIterator<[InputSource]>
    let jsonl: Bool
    /// The bytes of a large regular JSON-lines file mapped at a time, or `nil`: read it (see
    /// ``LineReader``).
    var mapWindowBytes: Int? = LineReader.defaultWindowBytes
    var reader: LineReader?
    var readerSource = ""
    var readerID = ""
    /// An item met while gathering a batch of lines (a line too long), handed out next.
    private var pending: PipelineRunner.WorkItem?

    init(sources: [InputSource], jsonl: Bool) {
        self.sources = sources.makeIterator()
        self.jsonl = jsonl
    }

    /// What `next(blocking:maxLines:)` found.
    enum Next {
        case item(PipelineRunner.WorkItem)
        /// One or more JSON lines of one input.
        case lines(JSONLineBatch)
        /// The JSON-lines input has no complete line yet and reading would wait.
        case wouldBlock
        case end
    }

    /// The next work: a file, stdin, an unusable input, or a batch of JSON lines (at most
    /// `maxLines` lines and about `BatchLimits.maxBytes` bytes, all of one input). Only the
    /// first line may wait for input (when `blocking`); the batch closes where the input would
    /// wait, so a line that arrived is never held back for the next. `.wouldBlock` comes only
    /// when `blocking` is false.
    mutating func next(blocking: Bool, maxLines: Int = 1) -> Next {
        if let item = pending {
            pending = nil
            return .item(item)
        }
        while true {
            if let reader {
                var lines: [JSONLineBatch.Line] = [], byteCount = 0
                var mayBlock = blocking
                // The lines are spans of the reader's buffer (no copy); only the first may read.
                while lines.count < maxLines, byteCount < PipelineRunner.BatchLimits.maxBytes {
                    switch reader.nextSpan(blocking: mayBlock, mayRead: lines.isEmpty) {
                    case .line(let span):
                        if reader.isBlank(span) { continue }
                        lines.append(.init(start: span.lowerBound, end: span.upperBound, number: reader.lineNumber))
                        byteCount += span.count
                        mayBlock = false
                        continue
                    case .tooLong(let length):
                        let item = PipelineRunner.WorkItem.invalid(
                            source: "\(readerSource):\(reader.lineNumber)", id: "\(readerID)-\(reader.lineNumber)",
                            message: "line of \(length) bytes is longer than the \(reader.maxLineBytes)-byte limit")
                        if lines.isEmpty { return .item(item) }
                        pending = item
                    case .wouldBlock:
                        if lines.isEmpty { return .wouldBlock }
                    case .needsRead:
                        break
                    case .end:
                        self.reader = nil
                    }
                    break
                }
                if !lines.isEmpty {
                    return .lines(JSONLineBatch(buffer: reader.handOver(), byteCount: byteCount, lines: lines, source: readerSource,
                                                idPrefix: readerID, bomLength: reader.bomLength))
                }
                if self.reader != nil { continue }
            }
            guard let source = sources.next() else { return .end }
            switch source {
            case .unusable(let argument, let message):
                return .item(.invalid(source: argument, id: argument, message: message))
            case .standardInput:
                if !jsonl { return .item(.standardInput) }
                reader = LineReader(fd: 0, closeOnEnd: false, name: PipelineRunner.standardInputLabel,
                                    mapWindowBytes: mapWindowBytes)
                readerSource = PipelineRunner.standardInputLabel
                readerID = "line"
            case .file(let path, let id):
                if !jsonl { return .item(.file(path: path, id: id)) }
                let fd = open(path, O_RDONLY)
                if fd < 0 {
                    return .item(.invalid(source: path, id: id, message: "cannot open the file: \(String(cString: strerror(errno)))"))
                }
                reader = LineReader(fd: fd, closeOnEnd: true, name: path, mapWindowBytes: mapWindowBytes)
                readerSource = path
                readerID = id
            }
        }
    }

    /// Whether a line holds only spaces and tabs (skipped: no document, no error).
    static func isBlank(_ line: ArraySlice<UInt8>) -> Bool {
        line.allSatisfy { $0 == 0x20 || $0 == 0x09 }
    }
}
