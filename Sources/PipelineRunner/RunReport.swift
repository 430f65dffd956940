import Foundation
import PipelineKit

/// The JSON run report written by `--report FILE`: per document its status and error, per
/// stage its time, bytes and annotation counts. It never contains document text.
public struct RunReport: Sendable {
    /// What happened to one input document.
    public struct Item: Sendable {
        /// The document id.
        public var id: String
        /// Where it came from: a path, `path:line` for JSON lines, or `stdin`.
        public var source: String
        /// `ok`, `failed` or `skipped`.
        public var status: String
        /// The error, for failed and skipped documents.
        public var error: String?
        /// The stage that failed or skipped it.
        public var stage: String?
        /// How many documents came out (0 when dropped by a stage).
        public var outputs: Int
        /// Stage errors absorbed by `on-error: keep`.
        public var warnings: [String]
        /// The input path (`-` for stdin).
        public var path: String? = nil
        /// For JSON-lines inputs, the record's 1-based line.
        public var recordLine: Int? = nil
        /// Annotations of finding stages (redact), kept only for reports that list them (SARIF).
        public var findings: [RunFinding] = []
        /// Fail-on trips of this document.
        public var failOnEntries: [FailOnEntry] = []
        /// Time spent in stages on this document.
        public var seconds = 0.0
    }

    /// Totals for one stage.
    public struct StageTotals: Sendable {
        /// Step id.
        public var id: String
        /// Stage name.
        public var name: String
        /// Documents the stage processed (condition false: not counted).
        public var documents = 0
        /// Documents for which the stage threw.
        public var errors = 0
        /// Summed processing time.
        public var seconds = 0.0
        /// UTF-8 bytes of text the stage received.
        public var bytesIn = 0
        /// UTF-8 bytes of text the stage returned.
        public var bytesOut = 0
        /// Annotations the stage added, by type.
        public var annotations: [String: Int] = [:]
        /// `true` for a finding stage (its spec's `reportsFindings`, e.g. redact): its
        /// annotations are findings, charted as such by the HTML report.
        public var reportsFindings = false
    }

    /// The version of the `pipeline` binary (SARIF's tool version).
    public var toolVersion = "0.1.0"
    /// The pipeline's name.
    public var pipeline: String
    /// The pipeline file.
    public var file: String
    /// When the run started (ISO 8601).
    public var started: String
    /// Wall time of the run.
    public var seconds = 0.0
    /// The process exit code of the run.
    public var exitCode = 0
    /// Per-document entries (kept only when a report file was asked for).
    public var items: [Item] = []
    /// Documents by status: `ok`, `failed`, `skipped`.
    public var counts: [String: Int] = [:]
    /// Documents written out.
    public var outputCount = 0
    public var stages: [StageTotals]
    /// Fail-on conditions that tripped: stage id and reason.
    public var failRun: [(stage: String, reason: String)] = []
    /// Fail-on trips with document, source, type and position: one entry per document and type.
    public var failOn: [FailOnEntry] = []

    /// The report as JSON.
    public var jsonValue: Value {
        let documents: Value = .object([
            "total": .int(counts.values.reduce(0, +)), "ok": .int(counts["ok", default: 0]),
            "failed": .int(counts["failed", default: 0]), "skipped": .int(counts["skipped", default: 0]),
            "output": .int(outputCount),
        ])
        let itemValues: [Value] = items.map { item in
            var object: [String: Value] = ["id": .string(item.id), "source": .string(item.source), "status": .string(item.status), "outputs": .int(item.outputs)]
            if let message = item.error { object["error"] = .string(message) }
            if let stage = item.stage { object["stage"] = .string(stage) }
            if !item.warnings.isEmpty { object["warnings"] = .array(item.warnings.map { .string($0) }) }
            if let line = item.recordLine { object["line"] = .int(line) }
            return .object(object)
        }
        let stageValues: [Value] = stages.map { s in
            .object([
                "id": .string(s.id), "name": .string(s.name), "documents": .int(s.documents), "errors": .int(s.errors),
                "seconds": .double((s.seconds * 1e6).rounded() / 1e6), "bytes-in": .int(s.bytesIn), "bytes-out": .int(s.bytesOut),
                "annotations": .object(s.annotations.mapValues { .int($0) }),
            ])
        }
        return .object([
            "pipeline": .string(pipeline), "file": .string(file), "started": .string(started),
            "seconds": .double((seconds * 1e4).rounded() / 1e4), "exit-code": .int(exitCode),
            "documents": documents, "items": .array(itemValues), "stages": .array(stageValues),
            "fail-on": .array(failOn.map(\.jsonValue) + failRun.map { .object(["stage": .string($0.stage), "reason": .string($0.reason)]) }),
        ])
    }

    /// Writes the report atomically (temporary file, then rename).
    public func write(to path: String) throws {
        let data = Data((JSONWriter.string(jsonValue, pretty: true) + "\n").utf8)
        try data.write(to: URL(fileURLWithPath: path), options: .atomic)
    }
}

extension FailOnEntry {
    /// The entry in the JSON report: `stage`, `reason`, `document`, `source`, `type`, `count`,
    /// `line`, `column` (the last four when known).
    public var jsonValue: Value {
        var object: [String: Value] = ["stage": .string(stage), "reason": .string(reason), "document": .string(document), "count": .int(count)]
        if let source { object["source"] = .string(source) }
        if let type { object["type"] = .string(type) }
        if let position {
            object["line"] = .int(position.line)
            if let column = position.column { object["column"] = .int(column) }
        }
        return .object(object)
    }
}
