import Foundation
import PipelineConfig
import PipelineKit
@testable import PipelineRunner
import XCTest

/// `--report run.html`: the page's sections and charts, its escaping, and that it never holds
/// document text.
/// (An extension of the CI reports suite: same stages, scratch folder and `run` helper.)
extension CIReportsTests {
    /// Runs `yaml` over `inputs` with an HTML report and returns the page.
    func page(_ yaml: String, inputs: [String]) async throws -> (String, RunSummary) {
        let path = directory.appendingPathComponent("run.html").path
        let (summary, _) = try await run(yaml, inputs: inputs, reports: [path])
        return (try String(contentsOfFile: path, encoding: .utf8), summary)
    }

    func testHTMLReportTheExtensionAndThePrefixSelectTheHTMLFormat() throws {
        XCTAssertTrue(try ReportDestination(parsing: "out/run.html").format == HTMLRunReport.self)
        XCTAssertTrue(try ReportDestination(parsing: "out/run.HTM").format == HTMLRunReport.self)
        XCTAssertTrue(try ReportDestination(parsing: "html:-").format == HTMLRunReport.self)
    }

    func testHTMLReportHasTotalsStageChartsFindingsAndProblemTablesButNoDocumentText() async throws {
        let greeting = try write("mail.txt", "Hi Anna,\nthe confidential key is KEY-1234 today\n")
        let bad = try write("bad.txt", "please FAIL on this secret text")
        let ok = try write("ok.txt", "an ordinary private sentence")
        let (html, summary) = try await page("stages: [cut-greeting, picky, gate]", inputs: [greeting, bad, ok])
        XCTAssertEqual(summary.exitCode, 1)
        XCTAssertTrue(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"en\">"), String(html.prefix(80)))
        XCTAssertTrue(html.contains("<span class=\"badge failed\">failed · exit 1</span>"))
        // Totals: 3 documents, 2 ok, 1 failed.
        XCTAssertTrue(html.contains("<div class=\"value\">3</div><div class=\"label\">documents</div>"), html)
        XCTAssertTrue(html.contains("<div class=\"value\">1</div><div class=\"label\">failed</div>"))
        XCTAssertTrue(html.contains("documents/s</div>") && html.contains("MB/s ("))
        // One bar per stage in the time and throughput charts.
        XCTAssertEqual(html.components(separatedBy: "<figcaption>Time per stage</figcaption>").count, 2)
        let timeChart = html.components(separatedBy: "<figcaption>Time per stage</figcaption>")[1].components(separatedBy: "</svg>")[0]
        XCTAssertEqual(timeChart.components(separatedBy: "<rect ").count - 1, 3)
        XCTAssertTrue(html.contains("<figcaption>Throughput per stage</figcaption>"))
        // The gate is a finding stage: its annotations are charted as findings.
        XCTAssertTrue(html.contains("<figcaption>Findings by type (gate)</figcaption>"), html)
        XCTAssertTrue(html.contains("aria-label=\"Findings by type (gate): secret 1\""))
        // The failed document with its stage and error; the slowest documents table.
        XCTAssertTrue(html.contains("<code>bad</code>"))
        XCTAssertTrue(html.contains("<h2>Slowest documents</h2><table>"))
        XCTAssertTrue(html.contains("<h2>Fail-on trips</h2>"))
        // Self-contained, no scripts, printable.
        XCTAssertFalse(html.lowercased().contains("<script"))
        XCTAssertFalse(html.contains("http://") || html.contains("https://") || html.contains("@import") || html.contains("url("))
        XCTAssertTrue(html.contains("@media print"))
        // Never document text.
        for secret in ["secret text", "KEY-1234", "confidential", "Hi Anna", "ordinary private"] {
            XCTAssertFalse(html.contains(secret), "document text '\(secret)' leaked into the HTML report")
        }
    }

    func testHTMLReportEscapesIdsSourcesAndErrors() {
        var report = RunReport(pipeline: "<b>p</b>", file: "a&b.yaml", started: "2026-01-01T00:00:00Z",
                               stages: [RunReport.StageTotals(id: "s\"1", name: "x")])
        report.items = [RunReport.Item(id: "<script>alert(1)</script>", source: "in/<x>.txt", status: "failed",
                                       error: "bad 'quote' & <tag>\u{1B}[31m", stage: "s\"1", outputs: 0, warnings: [])]
        report.counts = ["failed": 1]
        let html = String(decoding: HTMLRunReport().render(report), as: UTF8.self)
        XCTAssertFalse(html.contains("<script>"))
        XCTAssertFalse(html.contains("<b>p</b>"))
        XCTAssertFalse(html.contains("\u{1B}"))
        XCTAssertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        XCTAssertTrue(html.contains("bad &#39;quote&#39; &amp; &lt;tag&gt;\u{FFFD}[31m"))
    }

    func testHTMLReportOfAnEmptyRunIsReadable() {
        let report = RunReport(pipeline: "p", file: "p.yaml", started: "2026-01-01T00:00:00Z", stages: [])
        let html = String(decoding: HTMLRunReport().render(report), as: UTF8.self)
        XCTAssertTrue(html.contains("The pipeline has no stages."))
        XCTAssertTrue(html.contains("None: every document went through."))
        XCTAssertTrue(html.hasSuffix("</html>\n"))
    }

    func testHTMLReportBarsScaleToTheLargestValue() {
        let svg = SVGChart.horizontalBars([.init(label: "a", value: 2, valueText: "2"), .init(label: "b", value: 1, valueText: "1"),
                                           .init(label: "c", value: 0, valueText: "0")], title: "t")
        let widths = svg.components(separatedBy: "<rect ").dropFirst().map { part -> Double in
            let w = part.components(separatedBy: "width=\"")[1].components(separatedBy: "\"")[0]
            return Double(w)!
        }
        XCTAssertEqual(widths.count, 3)
        XCTAssertEqual(widths[0], 2 * widths[1], accuracy: 0.2)
        XCTAssertEqual(widths[2], 0)
    }
}
