import Foundation
import PipelineKit

/// Produces work items lazily: JSON-lines inputs are read a line at a time.
struct WorkItems {
    var sources: IndexingIterator<[InputSource]>
    let jsonl: Bool
    var reader: LineReader?
    var readerSource = ""
    var readerID = ""

    init(sources: [InputSource], jsonl: Bool) {
        self.sources = sources.makeIterator()
        self.jsonl = jsonl
    }

    /// What `next(blocking:)` found.
    enum Next {
        case item(PipelineRunner.WorkItem)
        /// The JSON-lines input has no complete line yet and reading would wait.
        case wouldBlock
        case end
    }

    /// The next work item, or `.wouldBlock` (only when `blocking` is false), or `.end`.
    mutating func next(blocking: Bool) -> Next {
        if let item = nextItem(blocking: blocking) { return .item(item) }
        return reader == nil ? .end : .wouldBlock
    }

    /// `first` and the JSON lines that follow it at once, up to `maxItems` items and
    /// `BatchLimits.maxBytes` bytes: reading stops
    /// where the input would wait, so a line that arrived is never held back for the next.
    /// Any other item is a batch of its own.
    mutating func batch(startingWith first: PipelineRunner.WorkItem, maxItems: Int) -> [PipelineRunner.WorkItem] {
        guard case .jsonLine(let firstBytes, _, _, _, _) = first else { return [first] }
        var batch = [first]
        var bytes = firstBytes.count
        while batch.count < maxItems, bytes < PipelineRunner.BatchLimits.maxBytes,
              let item = nextItem(blocking: false) {
            if case .jsonLine(let lineBytes, _, _, _, _) = item { bytes += lineBytes.count }
            batch.append(item)
        }
        return batch
    }

    /// The next item; `nil` at the end, or (with a reader still open) when it would block.
    private mutating func nextItem(blocking: Bool) -> PipelineRunner.WorkItem? {
        while true {
            if let reader {
                switch reader.next(blocking: blocking) {
                case .wouldBlock?:
                    return nil
                case .line(let bytes)?:
                    if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
                    return .jsonLine(bytes: bytes, source: readerSource, line: reader.lineNumber, idPrefix: readerID,
                                     columnOffset: reader.lineNumber == 1 ? reader.bomLength : 0)
                case .tooLong(let length)?:
                    return .invalid(source: "\(readerSource):\(reader.lineNumber)", id: "\(readerID)-\(reader.lineNumber)",
                                    message: "line of \(length) bytes is longer than the \(reader.maxLineBytes)-byte limit")
                case nil:
                    self.reader = nil
                }
            }
            guard let source = sources.next() else { return nil }
            switch source {
            case .unusable(let argument, let message):
                return .invalid(source: argument, id: argument, message: message)
            case .standardInput:
                if !jsonl { return .standardInput }
                reader = LineReader(fd: 0, closeOnEnd: false)
                readerSource = PipelineRunner.standardInputLabel
                readerID = "line"
            case .file(let path, let id):
                if !jsonl { return .file(path: path, id: id) }
                let fd = open(path, O_RDONLY)
                if fd < 0 { return .invalid(source: path, id: id, message: "cannot open the file: \(String(cString: strerror(errno)))") }
                reader = LineReader(fd: fd, closeOnEnd: true)
                readerSource = path
                readerID = id
            }
        }
    }
}
