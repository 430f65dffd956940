import PipelineKit

/// `--report run.json`: the JSON run report (per document status and error, per stage time,
/// bytes and annotation counts, structured fail-on entries). Never document text.
public struct JSONRunReport: RunReportFormat {
    public static let name = "json"
    public static let extensions = ["json"]
    public init() {}
    public func render(_ report: RunReport) -> [UInt8] {
        Array((JSONWriter.string(report.jsonValue, pretty: true) + "\n").utf8)
    }
}
