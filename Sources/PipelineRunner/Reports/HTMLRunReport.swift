import Foundation
import PipelineKit

/// `--report run.html`: a self-contained page to look at rather than read: totals, time and
/// throughput per stage, findings and annotations by type as charts, the slowest documents and
/// every failed or skipped document. Inline CSS and SVG only (no scripts, no fonts, nothing
/// fetched), printable. Like every report it never contains document text: documents appear
/// by id and source, stages by id, and errors are the runner's one-line messages.
public struct HTMLRunReport: RunReportFormat {
    public static let name = "html"
    public static let aliases = ["htm"]
    public static let extensions = ["html", "htm"]
    public init() {}

    /// Rows of the slowest-documents table.
    static let slowestCount = 10

    public func render(_ report: RunReport) -> [UInt8] {
        let title = "pipeline run: \(report.pipeline)"
        var body = header(report)
        body += totals(report)
        body += stageCharts(report)
        body += annotationCharts(report)
        body += slowestDocuments(report)
        body += problemDocuments(report)
        body += failOnTrips(report)
        body += "<footer>Written by pipeline \(MarkupEscaping.html(report.toolVersion)). This report holds no document text: documents appear by id and source only.</footer>"
        return Array(HTMLPage.render(title: title, body: body).utf8)
    }

    // MARK: Sections

    func header(_ report: RunReport) -> String {
        let passed = report.exitCode == 0
        let badge = passed ? "<span class=\"badge ok\">passed</span>" : "<span class=\"badge failed\">failed · exit \(report.exitCode)</span>"
        return "<header><h1>pipeline run: \(MarkupEscaping.html(report.pipeline)) \(badge)</h1>"
            + "<p class=\"meta\">Pipeline file <code>\(MarkupEscaping.html(report.file))</code> · started \(MarkupEscaping.html(report.started))</p></header>\n"
    }

    func totals(_ report: RunReport) -> String {
        let ok = report.counts["ok", default: 0], failed = report.counts["failed", default: 0], skipped = report.counts["skipped", default: 0]
        let total = ok + failed + skipped
        let bytes = report.stages.first?.bytesIn ?? 0
        let docsPerSecond = report.seconds > 0 ? Double(total) / report.seconds : 0
        let megabytesPerSecond = report.seconds > 0 ? Double(bytes) / 1e6 / report.seconds : 0
        var out = "<section aria-label=\"Totals\"><div class=\"cards\">"
        out += card(Self.grouped(total), "documents")
        out += card(Self.grouped(ok), "ok", kind: "ok")
        out += card(Self.grouped(failed), "failed", kind: failed > 0 ? "failed" : nil)
        out += card(Self.grouped(skipped), "skipped", kind: skipped > 0 ? "skipped" : nil)
        out += card(Self.grouped(report.outputCount), "written")
        out += card(Self.duration(report.seconds), "wall time")
        out += card(Self.rate(docsPerSecond), "documents/s")
        out += card(Self.rate(megabytesPerSecond), "MB/s (\(Self.bytes(bytes)) in)")
        out += "</div>"
        out += SVGChart.stackedBar([
            .init(label: "ok", value: Double(ok), color: "#1a7f37"),
            .init(label: "failed", value: Double(failed), color: "#cf222e"),
            .init(label: "skipped", value: Double(skipped), color: "#d4a72c"),
        ], title: "Documents: \(ok) ok, \(failed) failed, \(skipped) skipped")
        out += "<div class=\"legend\">" + legendItem("ok", "#1a7f37", ok, total) + legendItem("failed", "#cf222e", failed, total)
            + legendItem("skipped", "#d4a72c", skipped, total) + "</div></section>\n"
        return out
    }

    func stageCharts(_ report: RunReport) -> String {
        var out = "<section><h2>Stages</h2>"
        guard !report.stages.isEmpty else { return out + "<p class=\"empty\">The pipeline has no stages.</p></section>\n" }
        let totalTime = report.stages.reduce(0) { $0 + $1.seconds }
        let timeBars = report.stages.map { stage in
            SVGChart.Bar(label: stage.id, value: stage.seconds,
                         valueText: Self.duration(stage.seconds) + (totalTime > 0 ? (" · " + PlainFormatting.fixed(100 * stage.seconds / totalTime, places: 0) + "%") : ""),
                         color: "#0969da")
        }
        let rateBars = report.stages.map { stage in
            let rate = stage.seconds > 0 ? Double(stage.bytesIn) / 1e6 / stage.seconds : 0
            return SVGChart.Bar(label: stage.id, value: rate, valueText: stage.seconds > 0 ? Self.rate(rate) + " MB/s" : "–", color: "#1b7c83")
        }
        out += "<div class=\"grid2\">"
        out += "<figure><figcaption>Time per stage</figcaption>" + SVGChart.horizontalBars(timeBars, title: "Time spent in each stage, summed over documents") + "</figure>"
        out += "<figure><figcaption>Throughput per stage</figcaption>" + SVGChart.horizontalBars(rateBars, title: "Megabytes of text per second of stage time") + "</figure>"
        out += "</div>"
        out += "<p class=\"muted\">Stage time is summed over documents (documents run in parallel, so it can exceed the wall time); throughput is the text a stage received per second of its own time.</p>"
        out += "<table><thead><tr><th>stage</th><th class=\"num\">documents</th><th class=\"num\">errors</th><th class=\"num\">time</th><th class=\"num\">bytes in</th><th class=\"num\">bytes out</th><th class=\"num\">MB/s</th><th class=\"num\">annotations</th></tr></thead><tbody>"
        for stage in report.stages {
            let rate = stage.seconds > 0 ? Self.rate(Double(stage.bytesIn) / 1e6 / stage.seconds) : "–"
            let id = stage.id == stage.name ? "<code>\(MarkupEscaping.html(stage.id))</code>" : "<code>\(MarkupEscaping.html(stage.id))</code> <span class=\"muted\">(\(MarkupEscaping.html(stage.name)))</span>"
            out += "<tr><td>\(id)</td><td class=\"num\">\(Self.grouped(stage.documents))</td><td class=\"num\">\(Self.grouped(stage.errors))</td>"
            out += "<td class=\"num\">\(Self.duration(stage.seconds))</td><td class=\"num\">\(Self.bytes(stage.bytesIn))</td><td class=\"num\">\(Self.bytes(stage.bytesOut))</td>"
            out += "<td class=\"num\">\(rate)</td><td class=\"num\">\(Self.grouped(stage.annotations.values.reduce(0, +)))</td></tr>"
        }
        return out + "</tbody></table></section>\n"
    }

    func annotationCharts(_ report: RunReport) -> String {
        let out = "<section><h2>Findings and annotations</h2>"
        let findingStages = report.stages.filter(\.reportsFindings)
        var findings: [String: Int] = [:]
        for stage in findingStages { for (type, count) in stage.annotations { findings[type, default: 0] += count } }
        var figures: [String] = []
        if !findingStages.isEmpty {
            let names = findingStages.map(\.id).joined(separator: ", ")
            figures.append(typeFigure(findings, caption: "Findings by type (\(names))", empty: "No findings."))
        }
        for stage in report.stages where !stage.reportsFindings && !stage.annotations.isEmpty {
            figures.append(typeFigure(stage.annotations, caption: "Annotations by type: \(stage.id)", empty: ""))
        }
        if figures.isEmpty { return out + "<p class=\"empty\">No stage added annotations.</p></section>\n" }
        return out + "<div class=\"grid2\">" + figures.joined() + "</div></section>\n"
    }

    func typeFigure(_ counts: [String: Int], caption: String, empty: String) -> String {
        var out = "<figure><figcaption>\(MarkupEscaping.html(caption))</figcaption>"
        if counts.isEmpty { return out + "<p class=\"empty\">\(MarkupEscaping.html(empty))</p></figure>" }
        let sorted = counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
        let bars = sorted.map { SVGChart.Bar(label: $0.key, value: Double($0.value), valueText: Self.grouped($0.value), color: TypeColors.color(for: $0.key)) }
        out += SVGChart.horizontalBars(bars, title: caption + ": " + sorted.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
        return out + "</figure>"
    }

    func slowestDocuments(_ report: RunReport) -> String {
        var out = "<section><h2>Slowest documents</h2>"
        let timed = report.items.filter { $0.seconds > 0 }
        guard !timed.isEmpty else { return out + "<p class=\"empty\">No document timings were recorded.</p></section>\n" }
        let slowest = timed.sorted { $0.seconds > $1.seconds }.prefix(Self.slowestCount)
        let longest = slowest.first?.seconds ?? 0
        out += "<table><thead><tr><th>document</th><th>source</th><th>status</th><th class=\"num sorted\">time</th><th>share of the slowest</th></tr></thead><tbody>"
        for item in slowest {
            let share = longest > 0 ? item.seconds / longest : 0
            out += "<tr><td class=\"wrap\"><code>\(MarkupEscaping.html(item.id))</code></td><td class=\"wrap\">\(MarkupEscaping.html(item.source))</td>"
            out += "<td>\(statusBadge(item.status))</td><td class=\"num\">\(Self.duration(item.seconds))</td>"
            out += "<td>\(SVGChart.stackedBar([.init(label: "time", value: share, color: "#0969da"), .init(label: "", value: 1 - share, color: "#eaeef2")], title: Self.duration(item.seconds), width: 200, height: 10))</td></tr>"
        }
        out += "</tbody></table>"
        if timed.count > slowest.count { out += "<p class=\"muted\">The \(slowest.count) slowest of \(Self.grouped(timed.count)) documents, by time spent in stages.</p>" }
        return out + "</section>\n"
    }

    func problemDocuments(_ report: RunReport) -> String {
        let problems = report.items.filter { $0.status != "ok" }
        var out = "<section><h2>Failed and skipped documents</h2>"
        let failed = report.counts["failed", default: 0] + report.counts["skipped", default: 0]
        guard !problems.isEmpty else {
            let text = failed > 0 ? "\(failed) document(s) failed or were skipped; they were not kept for this report." : "None: every document went through."
            return out + "<p class=\"empty\">\(text)</p></section>\n"
        }
        out += "<table><thead><tr><th class=\"sorted\">status</th><th>document</th><th>source</th><th>stage</th><th>error</th></tr></thead><tbody>"
        let ordered = problems.filter { $0.status == "failed" } + problems.filter { $0.status != "failed" }
        for item in ordered {
            out += "<tr><td>\(statusBadge(item.status))</td><td class=\"wrap\"><code>\(MarkupEscaping.html(item.id))</code></td>"
            out += "<td class=\"wrap\">\(MarkupEscaping.html(item.source))</td><td>\(item.stage.map { "<code>\(MarkupEscaping.html($0))</code>" } ?? "–")</td>"
            out += "<td class=\"wrap\">\(MarkupEscaping.html(item.error ?? ""))</td></tr>"
        }
        return out + "</tbody></table></section>\n"
    }

    func failOnTrips(_ report: RunReport) -> String {
        guard !report.failOn.isEmpty || !report.failRun.isEmpty else { return "" }
        var out = "<section><h2>Fail-on trips</h2><table><thead><tr><th>type</th><th class=\"num\">count</th><th>where</th><th>document</th><th>stage</th></tr></thead><tbody>"
        for trip in report.failOn {
            let at = (trip.source ?? "–") + (trip.position.map { ":\($0.line)" + ($0.column.map { ":\($0)" } ?? "") } ?? "")
            let type = trip.type.map { "<span class=\"swatch\" style=\"background:\(TypeColors.color(for: $0))\"></span>" + MarkupEscaping.html($0) } ?? "–"
            out += "<tr><td>\(type)</td><td class=\"num\">\(trip.count)</td><td class=\"wrap\">\(MarkupEscaping.html(at))</td>"
            out += "<td class=\"wrap\"><code>\(MarkupEscaping.html(trip.document))</code></td><td><code>\(MarkupEscaping.html(trip.stage))</code></td></tr>"
        }
        for trip in report.failRun {
            out += "<tr><td>–</td><td class=\"num\">–</td><td class=\"wrap\" colspan=\"2\">\(MarkupEscaping.html(trip.reason))</td><td><code>\(MarkupEscaping.html(trip.stage))</code></td></tr>"
        }
        return out + "</tbody></table></section>\n"
    }

    // MARK: Pieces

    func card(_ value: String, _ label: String, kind: String? = nil) -> String {
        "<div class=\"card\(kind.map { " " + $0 } ?? "")\"><div class=\"value\">\(value)</div><div class=\"label\">\(MarkupEscaping.html(label))</div></div>"
    }

    func legendItem(_ label: String, _ color: String, _ count: Int, _ total: Int) -> String {
        let percent = total > 0 ? (" (" + PlainFormatting.fixed(100 * Double(count) / Double(total), places: 0) + "%)") : ""
        return "<span><span class=\"swatch\" style=\"background:\(color)\"></span>\(label): \(Self.grouped(count))\(percent)</span>"
    }

    func statusBadge(_ status: String) -> String {
        let kind = ["ok", "failed", "skipped"].contains(status) ? status : "skipped"
        return "<span class=\"badge \(kind)\">\(MarkupEscaping.html(status))</span>"
    }

    static func grouped(_ count: Int) -> String { RunSummaryLine.grouped(count) }

    /// `0.8 ms`, `412 ms`, `3.20 s`, `2 min 5 s`.
    static func duration(_ seconds: Double) -> String {
        if seconds <= 0 { return "0 ms" }
        if seconds < 0.01 { return PlainFormatting.fixed(seconds * 1000, places: 2) + " ms" }
        if seconds < 1 { return PlainFormatting.fixed(seconds * 1000, places: 0) + " ms" }
        return RunSummaryLine.duration(seconds)
    }

    static func rate(_ megabytesPerSecond: Double) -> String { megabytesPerSecond >= 100 ? grouped(Int(megabytesPerSecond.rounded())) : RunSummaryLine.rate(megabytesPerSecond) }

    /// `812 B`, `14.2 KB`, `3.1 MB`.
    static func bytes(_ byteCount: Int) -> String {
        if byteCount < 1000 { return "\(byteCount) B" }
        if byteCount < 1_000_000 { return PlainFormatting.fixed(Double(byteCount) / 1e3, places: 1) + " KB" }
        if byteCount < 1_000_000_000 { return PlainFormatting.fixed(Double(byteCount) / 1e6, places: 1) + " MB" }
        return PlainFormatting.fixed(Double(byteCount) / 1e9, places: 2) + " GB"
    }
}
