import PipelineKit

/// `--report run.xml` or `junit:PATH`: JUnit XML as CI systems read it (GitLab, Jenkins,
/// GitHub test reporters): one `testsuite` per run, one `testcase` per document, a `failure`
/// for a failed document and for each fail-on trip, `skipped` for skipped documents. Messages
/// are the runner's errors, which never hold document text.
public struct JUnitRunReport: RunReportFormat {
    public static let name = "junit"
    public static let aliases = ["xml"]
    public static let extensions = ["xml"]
    public init() {}

    public func render(_ report: RunReport) -> [UInt8] {
        let failures = report.items.filter { $0.status == "failed" || !$0.failOnEntries.isEmpty }.count
        let skipped = report.items.filter { $0.status == "skipped" }.count
        let runTrips = report.failOn.filter { $0.source == nil }
        let tests = report.items.count + (report.failRun.isEmpty && runTrips.isEmpty ? 0 : 1)
        let runFailures = failures + (report.failRun.isEmpty && runTrips.isEmpty ? 0 : 1)
        let time = PlainFormatting.fixed(report.seconds, places: 3)
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<testsuites name=\"pipeline\" tests=\"\(tests)\" failures=\"\(runFailures)\" errors=\"0\" skipped=\"\(skipped)\" time=\"\(time)\">\n"
        out += "  <testsuite name=\"\(MarkupEscaping.xml(report.pipeline))\" tests=\"\(tests)\" failures=\"\(runFailures)\" errors=\"0\" skipped=\"\(skipped)\" time=\"\(time)\" timestamp=\"\(MarkupEscaping.xml(report.started))\" file=\"\(MarkupEscaping.xml(report.file))\">\n"
        for item in report.items {
            var attributes = "name=\"\(MarkupEscaping.xml(item.recordLine.map { "\(item.id) (line \($0))" } ?? item.id))\" classname=\"\(MarkupEscaping.xml(report.pipeline))\""
            if let path = item.path { attributes += " file=\"\(MarkupEscaping.xml(path))\"" }
            if let line = item.recordLine { attributes += " line=\"\(line)\"" }
            attributes += " time=\"\(PlainFormatting.fixed(item.seconds, places: 6))\""
            var body = ""
            if item.status == "failed" {
                let message = item.error ?? "failed"
                body += "      <failure type=\"error\" message=\"\(MarkupEscaping.xml(message))\">\(MarkupEscaping.xml(item.stage.map { "stage '\($0)': " } ?? "") + MarkupEscaping.xml(message))</failure>\n"
            }
            for trip in item.failOnEntries {
                let at = trip.position.map { ":\($0.line)" + ($0.column.map { ":\($0)" } ?? "") } ?? ""
                let message = "fail-on \(trip.type ?? "condition") (\(trip.count)) at \(trip.source ?? item.source)\(at): \(trip.reason)"
                body += "      <failure type=\"fail-on\" message=\"\(MarkupEscaping.xml(message))\">\(MarkupEscaping.xml(message))</failure>\n"
            }
            if item.status == "skipped" {
                body += "      <skipped message=\"\(MarkupEscaping.xml(item.error ?? "skipped"))\"/>\n"
            }
            for warning in item.warnings { body += "      <system-err>\(MarkupEscaping.xml("warning: " + warning))</system-err>\n" }
            out += body.isEmpty ? "    <testcase \(attributes)/>\n" : "    <testcase \(attributes)>\n\(body)    </testcase>\n"
        }
        if !report.failRun.isEmpty || !runTrips.isEmpty {
            out += "    <testcase name=\"run\" classname=\"\(MarkupEscaping.xml(report.pipeline))\">\n"
            for trip in report.failRun {
                out += "      <failure type=\"fail-on\" message=\"\(MarkupEscaping.xml(trip.reason))\">stage '\(MarkupEscaping.xml(trip.stage))': \(MarkupEscaping.xml(trip.reason))</failure>\n"
            }
            for trip in runTrips {
                out += "      <failure type=\"fail-on\" message=\"\(MarkupEscaping.xml(trip.reason))\">stage '\(MarkupEscaping.xml(trip.stage))': \(MarkupEscaping.xml(trip.reason))</failure>\n"
            }
            out += "    </testcase>\n"
        }
        out += "  </testsuite>\n</testsuites>\n"
        return Array(out.utf8)
    }
}
