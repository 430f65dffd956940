import PipelineKit

/// `--report summary.md`: a Markdown summary for people (and for `$GITHUB_STEP_SUMMARY`):
/// totals, a per-stage table (time, MB/s, annotations by type), failed documents and fail-on
/// trips. Never document text.
public struct MarkdownRunReport: RunReportFormat {
    public static let name = "md"
    public static let aliases = ["markdown"]
    public static let extensions = ["md", "markdown"]
    public init() {}

    /// Rows listed at most per section; the rest is counted.
    static let listLimit = 50

    public func render(_ report: RunReport) -> [UInt8] {
        let ok = report.counts["ok", default: 0], failed = report.counts["failed", default: 0], skipped = report.counts["skipped", default: 0]
        let verdict = report.exitCode == 0 ? "passed" : "failed (exit \(report.exitCode))"
        var out = "## pipeline `\(Self.code(report.pipeline))`: \(verdict)\n\n"
        out += "**\(ok + failed + skipped)** documents: **\(ok)** ok, **\(failed)** failed, **\(skipped)** skipped; "
        out += "\(report.outputCount) written; \(PlainFormatting.fixed(report.seconds, places: 2)) s"
        out += "; pipeline file `\(Self.code(report.file))`\n\n"
        out += "| stage | documents | errors | time (s) | MB/s | annotations |\n|---|---:|---:|---:|---:|---|\n"
        for stage in report.stages {
            let rate = stage.seconds > 0 ? PlainFormatting.fixed(Double(stage.bytesIn) / 1e6 / stage.seconds, places: 1) : "–"
            let annotations = stage.annotations.sorted { $0.key < $1.key }.map { "\(Self.cell($0.key)) \($0.value)" }.joined(separator: ", ")
            out += "| \(Self.cell(stage.id)) | \(stage.documents) | \(stage.errors) | \(PlainFormatting.fixed(stage.seconds, places: 3)) | \(rate) | \(annotations.isEmpty ? "–" : annotations) |\n"
        }
        let failedItems = report.items.filter { $0.status == "failed" }
        if !failedItems.isEmpty {
            out += "\n### Failed documents\n\n| document | source | stage | error |\n|---|---|---|---|\n"
            for item in failedItems.prefix(Self.listLimit) {
                out += "| \(Self.cell(item.id)) | \(Self.cell(item.source)) | \(Self.cell(item.stage ?? "–")) | \(Self.cell(item.error ?? "")) |\n"
            }
            if failedItems.count > Self.listLimit { out += "\n…and \(failedItems.count - Self.listLimit) more.\n" }
        } else if failed > 0 {
            out += "\n\(failed) document(s) failed (see the JSON report for details).\n"
        }
        if !report.failOn.isEmpty || !report.failRun.isEmpty {
            out += "\n### Fail-on trips\n\n| type | count | where | document | stage |\n|---|---:|---|---|---|\n"
            for trip in report.failOn.prefix(Self.listLimit) {
                let at = (trip.source ?? "–") + (trip.position.map { ":\($0.line)" + ($0.column.map { ":\($0)" } ?? "") } ?? "")
                out += "| \(Self.cell(trip.type ?? "–")) | \(trip.count) | \(Self.cell(at)) | \(Self.cell(trip.document)) | \(Self.cell(trip.stage)) |\n"
            }
            if report.failOn.count > Self.listLimit { out += "\n…and \(report.failOn.count - Self.listLimit) more.\n" }
            for trip in report.failRun { out += "| – | – | – | – | \(Self.cell(trip.stage)): \(Self.cell(trip.reason)) |\n" }
        }
        return Array(out.utf8)
    }

    /// Text safe in a table cell: pipes escaped, no line breaks, no HTML.
    static func cell(_ text: String) -> String {
        text.replacingEvery("\\", with: "\\\\").replacingEvery("|", with: "\\|")
            .replacingEvery("\n", with: " ").replacingEvery("<", with: "&lt;")
    }

    static func code(_ text: String) -> String { text.replacingEvery("`", with: "'") }
}
