import Foundation
import PipelineKit

extension PipelineRunner {
    /// How an input ended, as reports name it.
    enum Status: String, Sendable {
        case ok, failed, skipped
    }

    /// Documents by status, counted without hashing a string per document.
    struct StatusCounts {
        var ok = 0
        var failed = 0
        var skipped = 0

        mutating func add(_ status: Status) {
            switch status {
            case .ok: ok += 1
            case .failed: failed += 1
            case .skipped: skipped += 1
            }
        }

        /// Adds the counts to a report's `counts`; a status no document had gets no key.
        func add(to counts: inout [String: Int]) {
            for (status, count) in [(Status.ok, ok), (.failed, failed), (.skipped, skipped)] where count > 0 {
                counts[status.rawValue, default: 0] += count
            }
        }
    }

    /// What happened to one input. Compact, because a batch holds one per document and the
    /// coordinating task reads every one: the status, how many documents came out, and those
    /// documents (with `--jsonl`, where their encoded lines end in the batch's buffer instead).
    /// Everything else (label, id, errors, warnings, stdout, findings, trips, the report's
    /// fields) sits behind one optional box, made only when one of them is set, the input is
    /// not a JSON line, or a report needs the document's entry.
    struct Outcome: Sendable {
        var status = Status.ok
        /// Documents that came out (`documents.count`, also after they were encoded).
        var outputs = 0
        /// The documents that came out (empty once encoded).
        var documents: [Document] = []
        /// With `--jsonl`: where this outcome's JSON lines end in its batch's `lines` (they start
        /// where the previous outcome's end).
        var linesEnd = 0
        /// The rest; `nil` for a plain JSON line that went through.
        private var box: DetailBox?

        init(status: Status = .ok, documents: [Document] = [], detail: OutcomeDetail?) {
            self.status = status
            self.documents = documents
            self.outputs = documents.count
            self.box = detail.map(DetailBox.init)
        }

        /// The rarely set part, when it was kept.
        var detail: OutcomeDetail? { box?.detail }
        var error: String? { box?.detail.error }
        var warnings: [String] { box?.detail.warnings ?? [] }
        var stdout: [StdoutChunk] { box?.detail.stdout ?? [] }

        /// Encodes the documents as JSON lines (each with its newline) onto `lines` and lets go
        /// of them: the writing task then only copies bytes.
        ///
        /// For a JSON line whose text was canonical JSON (`inputJSON`, the bytes between its
        /// quotes, for the string `inputText`), a document whose text has the same bytes gets
        /// those bytes copied instead of the text escaped again.
        mutating func encodeDocuments(onto lines: inout [UInt8], inputText: String? = nil, inputJSON: UnsafeBufferPointer<UInt8>? = nil) {
            for document in documents {
                let same = inputJSON != nil && inputText.map { Self.sameUTF8(document.text, $0) } == true
                document.appendJSONLine(to: &lines, textJSON: same ? inputJSON : nil)
                lines.append(0x0A)
            }
            linesEnd = lines.count
            documents = []
        }

        /// Whether two strings hold the same UTF-8 bytes (not `==`, which equates canonically
        /// equivalent strings with different bytes): one comparison of the storage, or none when
        /// it is the same storage (a stage that handed the text back unchanged).
        static func sameUTF8(_ a: String, _ b: String) -> Bool {
            guard a.utf8.count == b.utf8.count else { return false }
            if a.isEmpty { return true }
            var a = a
            var b = b
            return a.withUTF8 { x in b.withUTF8 { y in x.baseAddress == y.baseAddress || memcmp(x.baseAddress!, y.baseAddress!, x.count) == 0 } }
        }
    }

    /// An outcome's rarely set part, gathered while the input runs.
    struct OutcomeDetail: Sendable {
        /// How messages name the input: its path, `PATH:LINE` for a JSON line, `<stdin>`.
        var label: String
        /// The document id (the input's when it could not be read).
        var id: String
        var error: String?
        var failedStage: String?
        var warnings: [String] = []
        /// What stages printed for this document, written in input order.
        var stdout: [StdoutChunk] = []
        /// Time spent in the steps (kept for reports).
        var seconds = 0.0
        /// The input path (`-` for stdin) and, for JSON lines, the record's line.
        var path: String?
        var recordLine: Int?
        /// Findings of finding stages (kept when a report lists them) and fail-on trips.
        var findings: [RunFinding] = []
        var trips: [FailOnEntry] = []

        init(label: String, id: String, error: String? = nil, path: String? = nil, recordLine: Int? = nil) {
            self.label = label
            self.id = id
            self.error = error
            self.path = path
            self.recordLine = recordLine
        }
    }

    /// One allocation holding an `OutcomeDetail`, so an outcome without one carries a single
    /// null reference instead of a dozen fields.
    private final class DetailBox: Sendable {
        let detail: OutcomeDetail
        init(_ detail: OutcomeDetail) { self.detail = detail }
    }
}
