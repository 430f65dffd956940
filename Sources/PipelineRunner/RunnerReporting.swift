import Foundation
import PipelineConfig
import PipelineKit

/// What the runner records for reports, and how it writes them at the end: kept apart from
/// the processing loop in `PipelineRunner.swift`.
extension PipelineRunner {
    /// Whether a report lists every finding, so they must be kept per document.
    static func keepsFindings(_ options: RunOptions) -> Bool { options.reports.contains { $0.format.needsFindings } }

    /// Whether per-document entries are kept: only when a report or summary needs them, so a
    /// stream of millions of documents does not grow memory otherwise.
    static func keepsItems(_ options: RunOptions) -> Bool {
        options.reportPath != nil || !options.reports.isEmpty || options.stepSummaryPath != nil
    }

    static func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }

    /// Adds the new annotations of a finding stage, each placed in the input by ``SpanPlacer``.
    func recordFindings(of step: PipelineStep, from input: Document, _ produced: [Document], original: Document,
                        locator: inout TextLocator?, into detail: inout OutcomeDetail) {
        var placer = SpanPlacer(recordLine: detail.recordLine)
        for p in produced {
            for a in p.annotations.dropFirst(min(input.annotations.count, p.annotations.count)) where a.stage == step.name {
                let field = a.attributes["field"]?.stringValue
                let position = placer.position(field: field, start: a.start, end: a.end, in: input.text, original: original, locator: &locator)
                detail.findings.append(RunFinding(stage: step.id, type: a.type, field: field, position: position))
            }
        }
    }

    /// Turns a stage's fail-on trips on one document into entries, each finding placed in the
    /// input by ``SpanPlacer``, as the stage's findings are.
    func recordTrips(_ trips: [FailOnTrip], stageInputText: String, original: Document, locator: inout TextLocator?,
                     into detail: inout OutcomeDetail) {
        var placer = SpanPlacer(recordLine: detail.recordLine)
        for trip in trips {
            if trip.findings.isEmpty {
                detail.trips.append(FailOnEntry(stage: trip.stage, document: trip.documentID, source: detail.path, type: nil, count: 0,
                                                 position: nil, reason: trip.reason))
            }
            for finding in trip.findings {
                let position = placer.position(field: finding.field, start: finding.start, end: finding.end, in: stageInputText,
                                               original: original, locator: &locator)
                detail.trips.append(FailOnEntry(stage: trip.stage, document: trip.documentID, source: detail.path, type: finding.type,
                                                 count: finding.count, position: position, reason: trip.reason))
            }
        }
    }

    /// Adds a finished document's detail to the report, prints its fail-on trips
    /// (file:line:col) and, under GitHub Actions, its workflow commands. Called in input order.
    func record(_ detail: OutcomeDetail, status: Status, outputs: Int, into report: inout RunReport) {
        var printed = Set<String>()
        for trip in detail.trips where printed.insert(trip.reason).inserted {
            var at = detail.label
            if detail.recordLine == nil, let position = trip.position {
                at += ":\(position.line)" + (position.column.map { ":\($0)" } ?? "")
            }
            output.stderr("\(at): error: \(trip.reason) (fail-on, stage '\(trip.stage)')\n")
        }
        report.failOn.append(contentsOf: detail.trips)
        // The per-document entry is built only when something reads it.
        guard keepsEntries else { return }
        var item = RunReport.Item(id: detail.id, source: detail.label, status: status.rawValue, error: detail.error,
                                  stage: detail.failedStage, outputs: outputs, warnings: detail.warnings)
        item.path = detail.path
        item.recordLine = detail.recordLine
        item.findings = detail.findings
        item.failOnEntries = detail.trips
        item.seconds = detail.seconds
        if options.githubAnnotations {
            for line in GitHubWorkflowCommands.commands(for: item, pipeline: pipeline.name) { output.stderr(line + "\n") }
        }
        if keepsItems { report.items.append(item) }
    }

    /// Writes every report, appends the step summary, prints the summary line; returns the
    /// exit code (1 when a report could not be written: a CI job must not mistake a missing
    /// report for success).
    func finishReports(_ report: inout RunReport, exitCode: Int32) -> Int32 {
        var code = exitCode
        var destinations = options.reports
        if let path = options.reportPath { destinations.insert(ReportDestination(format: JSONRunReport.self, path: path), at: 0) }
        for destination in destinations {
            let bytes = destination.format.init().render(report)
            do {
                if destination.isStandardOutput {
                    output.stdout(bytes: bytes)
                    (output as? StandardRunOutput)?.flush()
                } else if let fd = ReportFile.standardDescriptor(for: destination.path) {
                    if fd == 1 {
                        output.stdout(bytes: bytes)
                        (output as? StandardRunOutput)?.flush()
                    } else {
                        output.stderr(String(decoding: bytes, as: UTF8.self))
                    }
                } else {
                    try ReportFile.writeToFile(bytes, at: destination.path)
                }
            } catch {
                output.stderr("\(destination.path): error: cannot write the report: \(error)\n")
                code = max(code, 1)
            }
        }
        if let path = options.stepSummaryPath, !path.isEmpty {
            let bytes = MarkdownRunReport().render(report)
            if let handle = FileHandle(forWritingAtPath: path) ?? (FileManager.default.createFile(atPath: path, contents: nil) ? FileHandle(forWritingAtPath: path) : nil) {
                handle.seekToEndOfFile()
                handle.write(Data(bytes) + Data("\n".utf8))
                try? handle.close()
            } else {
                output.stderr("\(path): warning: cannot append the step summary ($GITHUB_STEP_SUMMARY)\n")
            }
        }
        if options.summaryLine { output.stderr(RunSummaryLine.render(report) + "\n") }
        return code
    }
}

extension ReportDestination {
    /// A destination with a known format.
    public init(format: any RunReportFormat.Type, path: String) {
        self.format = format
        self.path = path
    }
}

/// The line printed on stderr at the end of a run: `1,204 ok, 3 failed, 0 skipped in 2.1 s, 38 MB/s`.
public enum RunSummaryLine {
    /// The line for `report` (no newline).
    public static func render(_ report: RunReport) -> String {
        let ok = report.counts["ok", default: 0], failed = report.counts["failed", default: 0], skipped = report.counts["skipped", default: 0]
        let bytes = report.stages.first?.bytesIn ?? 0
        var line = "\(grouped(ok)) ok, \(grouped(failed)) failed, \(grouped(skipped)) skipped in \(duration(report.seconds))"
        if report.seconds > 0 && bytes > 0 { line += ", " + rate(Double(bytes) / 1e6 / report.seconds) + " MB/s" }
        let trips = report.failOn.count + report.failRun.count
        if trips > 0 { line += "; \(grouped(trips)) fail-on trip\(trips == 1 ? "" : "s")" }
        return line
    }

    /// `1204` as `1,204`.
    static func grouped(_ n: Int) -> String {
        let digits = String(n)
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return out
    }

    static func duration(_ s: Double) -> String {
        if s < 10 { return PlainFormatting.fixed(s, places: 2) + " s" }
        if s < 120 { return PlainFormatting.fixed(s, places: 1) + " s" }
        return "\(Int(s) / 60) min \(Int(s) % 60) s"
    }

    static func rate(_ r: Double) -> String { r >= 10 ? PlainFormatting.fixed(r, places: 0) : PlainFormatting.fixed(r, places: 1) }
}

/// The terminal progress line: done/total (when the inputs are files), documents/s and ETA.
public enum ProgressLine {
    /// The line, starting with a carriage return and an erase-line sequence.
    public static func render(done: Int, total: Int?, failed: Int, elapsed: Double) -> String {
        var text = "\r\u{1B}[K[\(done)"
        if let total { text += "/\(total)" }
        text += " done"
        if failed > 0 { text += ", \(failed) failed" }
        if elapsed > 0 && done > 0 {
            let rate = Double(done) / elapsed
            text += ", " + PlainFormatting.fixed(rate, places: 0) + " docs/s"
            if let total, total > done { text += ", ETA " + eta(Double(total - done) / rate) }
        }
        return text + "]"
    }

    static func eta(_ seconds: Double) -> String {
        let wholeSeconds = Int(seconds.rounded(.up))
        if wholeSeconds < 60 { return "\(wholeSeconds) s" }
        if wholeSeconds < 3600 { return "\(wholeSeconds / 60) min \(wholeSeconds % 60) s" }
        return "\(wholeSeconds / 3600) h \(wholeSeconds % 3600 / 60) min"
    }
}

/// The one rule by which a stage's findings and fail-on trips are placed in the run's input:
/// in a JSON-lines record, anything (text or metadata) at the record's line (a report gives no
/// column inside a record: ``SourcePosition``), so no text is searched; in a file, a span of the
/// text at the line and column the document's ``TextLocator`` finds, through a map of the
/// stage's input made at the first such span and kept for the rest; a span of metadata nowhere.
/// One placer per stage and document.
struct SpanPlacer {
    /// The record's line, for an input of JSON lines.
    let recordLine: Int?
    /// The map of the stage's input, once a span of a file's text has asked for it.
    private var map: StageInputMap?

    init(recordLine: Int?) {
        self.recordLine = recordLine
    }

    /// Where the span `start..<end` of the stage's input `stageInput` (of metadata value `field`,
    /// when given) is in the input of the document whose original is `original`.
    mutating func position(field: String?, start: Int, end: Int, in stageInput: String, original: Document,
                           locator: inout TextLocator?) -> SourcePosition? {
        if let recordLine { return .record(line: recordLine) }
        guard field == nil else { return nil }
        if map == nil {
            if locator == nil { locator = TextLocator(original: original.text) }
            map = locator!.map(for: stageInput)
        }
        return map!.position(start: start, end: end, locator: &locator!)
    }
}
