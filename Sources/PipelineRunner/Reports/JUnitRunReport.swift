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
        let time = String(format: "%.3f", report.seconds)
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<testsuites name=\"pipeline\" tests=\"\(tests)\" failures=\"\(runFailures)\" errors=\"0\" skipped=\"\(skipped)\" time=\"\(time)\">\n"
        out += "  <testsuite name=\"\(XML.escape(report.pipeline))\" tests=\"\(tests)\" failures=\"\(runFailures)\" errors=\"0\" skipped=\"\(skipped)\" time=\"\(time)\" timestamp=\"\(XML.escape(report.started))\" file=\"\(XML.escape(report.file))\">\n"
        for item in report.items {
            var attributes = "name=\"\(XML.escape(item.recordLine.map { "\(item.id) (line \($0))" } ?? item.id))\" classname=\"\(XML.escape(report.pipeline))\""
            if let path = item.path { attributes += " file=\"\(XML.escape(path))\"" }
            if let line = item.recordLine { attributes += " line=\"\(line)\"" }
            attributes += " time=\"\(String(format: "%.6f", item.seconds))\""
            var body = ""
            if item.status == "failed" {
                let message = item.error ?? "failed"
                body += "      <failure type=\"error\" message=\"\(XML.escape(message))\">\(XML.escape(item.stage.map { "stage '\($0)': " } ?? "") + XML.escape(message))</failure>\n"
            }
            for trip in item.failOnEntries {
                let at = trip.position.map { ":\($0.line)" + ($0.column.map { ":\($0)" } ?? "") } ?? ""
                let message = "fail-on \(trip.type ?? "condition") (\(trip.count)) at \(trip.source ?? item.source)\(at): \(trip.reason)"
                body += "      <failure type=\"fail-on\" message=\"\(XML.escape(message))\">\(XML.escape(message))</failure>\n"
            }
            if item.status == "skipped" {
                body += "      <skipped message=\"\(XML.escape(item.error ?? "skipped"))\"/>\n"
            }
            for warning in item.warnings { body += "      <system-err>\(XML.escape("warning: " + warning))</system-err>\n" }
            out += body.isEmpty ? "    <testcase \(attributes)/>\n" : "    <testcase \(attributes)>\n\(body)    </testcase>\n"
        }
        if !report.failRun.isEmpty || !runTrips.isEmpty {
            out += "    <testcase name=\"run\" classname=\"\(XML.escape(report.pipeline))\">\n"
            for trip in report.failRun {
                out += "      <failure type=\"fail-on\" message=\"\(XML.escape(trip.reason))\">stage '\(XML.escape(trip.stage))': \(XML.escape(trip.reason))</failure>\n"
            }
            for trip in runTrips {
                out += "      <failure type=\"fail-on\" message=\"\(XML.escape(trip.reason))\">stage '\(XML.escape(trip.stage))': \(XML.escape(trip.reason))</failure>\n"
            }
            out += "    </testcase>\n"
        }
        out += "  </testsuite>\n</testsuites>\n"
        return Array(out.utf8)
    }
}

/// XML text and attribute escaping; characters XML 1.0 cannot hold become U+FFFD.
public enum XML {
    /// `text` safe inside an element or a double-quoted attribute.
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\n": out += "&#10;"
            case "\t", "\r": out += "&#\(scalar.value);"
            default:
                let v = scalar.value
                if v < 0x20 || (0xFFFE...0xFFFF).contains(v) { out += "\u{FFFD}" } else { out.unicodeScalars.append(scalar) }
            }
        }
        return out
    }
}
