import Foundation
import PipelineKit

/// `--report run.sarif`: SARIF 2.1.0 for code-scanning views. One result per finding (redact
/// annotation) and per fail-on trip: `ruleId` is the type, `level` is `error` for types that
/// tripped a fail-on condition and `note` otherwise, the location is the input path relative to
/// the working directory with a line/column region (for JSON lines, the record's line).
/// Never the matched text: no snippet, no fingerprint.
public struct SARIFRunReport: RunReportFormat {
    public static let name = "sarif"
    public static let extensions = ["sarif"]
    public static let needsFindings = true
    public init() {}

    /// The OASIS schema the output follows.
    public static let schemaURI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"

    /// The log, written member by member in the order `JSONWriter` sorts keys into
    /// (``PrettyJSONStream``): the same bytes as the tree of values this built before round 25,
    /// a dictionary per object, which took most of the time of a report of many findings.
    public func render(_ report: RunReport) -> [UInt8] {
        var ruleIndex: [String: Int] = [:]
        var ruleLevels: [String: String] = [:]
        func rule(_ type: String, error: Bool) -> Int {
            if error { ruleLevels[type] = "error" } else if ruleLevels[type] == nil { ruleLevels[type] = "note" }
            if let i = ruleIndex[type] { return i }
            ruleIndex[type] = ruleIndex.count
            return ruleIndex[type]!
        }
        // Each input's location, made once per path rather than per result (a path is made
        // relative to the working directory and percent-encoded).
        var artifactLocations: [String?: Value] = [:]
        let cwd = FileManager.default.currentDirectoryPath
        func artifactLocation(_ path: String?) -> Value {
            if let known = artifactLocations[path] { return known }
            let location = Self.artifactLocation(path, cwd: cwd)
            artifactLocations[path] = location
            return location
        }
        var json = PrettyJSONStream()
        json.openObject()
        json.member("$schema"); json.string(Self.schemaURI)
        json.member("runs"); json.openArray(); json.element(); json.openObject()
        json.member("columnKind"); json.string("unicodeCodePoints")
        json.member("invocations"); json.openArray(); json.element(); json.openObject()
        json.member("executionSuccessful"); json.bool(report.exitCode == 0 || report.exitCode == 1)
        json.member("exitCode"); json.int(report.exitCode)
        json.close(); json.close()
        json.member("originalUriBaseIds"); json.openObject()
        json.member("SRCROOT"); json.openObject(); json.member("uri"); json.string(Self.fileURI(directory: cwd)); json.close()
        json.close()
        json.member("results"); json.openArray()
        for item in report.items {
            let tripped = Set(item.failOnEntries.compactMap(\.type))
            for finding in item.findings {
                let error = tripped.contains(finding.type)
                var message = "\(finding.type) found by stage '\(finding.stage)' in document '\(item.id)'"
                if let field = finding.field { message += ", in \(field)" }
                message += error ? " (a fail-on type; value not shown)" : " (value not shown)"
                json.element()
                result(ruleId: finding.type, index: rule(finding.type, error: error), level: error ? "error" : "note",
                       message: message, artifactLocation: artifactLocation(item.path), recordLine: item.recordLine,
                       position: finding.field == nil ? finding.position : nil, into: &json)
            }
        }
        // The first item of each document id and path, for the trips' record lines (a search of
        // the items per trip made a run where every document trips quadratic).
        var firstItem: [ItemKey: Int] = [:]
        if !report.failOn.isEmpty {
            for (index, item) in report.items.enumerated() where firstItem[ItemKey(id: item.id, path: item.path)] == nil {
                firstItem[ItemKey(id: item.id, path: item.path)] = index
            }
        }
        for trip in report.failOn {
            let type = trip.type ?? "fail-on"
            let item = firstItem[ItemKey(id: trip.document, path: trip.source)].map { report.items[$0] }
            json.element()
            result(ruleId: type, index: rule(type, error: true), level: "error",
                   message: "fail-on: \(trip.reason) (stage '\(trip.stage)')", artifactLocation: artifactLocation(trip.source),
                   recordLine: item?.recordLine, position: trip.position, into: &json)
        }
        json.close()
        json.member("tool"); json.openObject()
        json.member("driver"); json.openObject()
        json.member("name"); json.string("pipeline")
        json.member("rules"); json.openArray()
        for (type, _) in ruleIndex.sorted(by: { $0.value < $1.value }) {
            json.element(); json.openObject()
            json.member("defaultConfiguration"); json.openObject(); json.member("level"); json.string(ruleLevels[type] ?? "note"); json.close()
            json.member("id"); json.string(type)
            json.member("name"); json.string(type)
            json.member("shortDescription"); json.openObject(); json.member("text"); json.string("\(type) in processed text"); json.close()
            json.close()
        }
        json.close()
        json.member("version"); json.string(report.toolVersion)
        json.close(); json.close()
        json.close(); json.close()
        json.member("version"); json.string("2.1.0")
        json.close()
        var out = json.bytes
        out.append(0x0A)
        return out
    }

    /// A document's identity among the report's items: its id and input path.
    private struct ItemKey: Hashable {
        let id: String
        let path: String?
    }

    /// Where the results of the input at `path` are (`nil` or `-`: standard input), for a run
    /// in the working directory `cwd`.
    static func artifactLocation(_ path: String?, cwd: String) -> Value {
        guard let path, path != "-" else { return .object(["description": .object(["text": .string("standard input")])]) }
        let uri = relativeURI(path, cwd: cwd)
        // A path outside the working directory stays absolute, as a file: URI.
        return uri.hasPrefix("/") ? .object(["uri": .string("file://" + uri)]) : .object(["uri": .string(uri), "uriBaseId": .string("SRCROOT")])
    }

    /// One result, its keys in sorted order: the type as its rule, where it is (the record's
    /// line for JSON lines, else the position's lines and columns), never the value.
    func result(ruleId: String, index: Int, level: String, message: String, artifactLocation: Value, recordLine: Int?,
                position: SourcePosition?, into json: inout PrettyJSONStream) {
        json.openObject()
        json.member("level"); json.string(level)
        json.member("locations"); json.openArray(); json.element(); json.openObject()
        json.member("physicalLocation"); json.openObject()
        json.member("artifactLocation"); json.value(artifactLocation)
        if let recordLine {
            json.member("region"); json.openObject()
            json.member("endLine"); json.int(recordLine)
            json.member("startLine"); json.int(recordLine)
            json.close()
        } else if let position {
            json.member("region"); json.openObject()
            if let column = position.endColumn { json.member("endColumn"); json.int(column) }
            json.member("endLine"); json.int(position.endLine)
            if let column = position.column { json.member("startColumn"); json.int(column) }
            json.member("startLine"); json.int(position.line)
            json.close()
        }
        json.close(); json.close(); json.close()
        json.member("message"); json.openObject(); json.member("text"); json.string(message); json.close()
        json.member("ruleId"); json.string(ruleId)
        json.member("ruleIndex"); json.int(index)
        json.close()
    }

    /// `path` relative to the working directory `cwd`, percent-encoded as a relative URI reference.
    static func relativeURI(_ path: String, cwd: String) -> String {
        var relative = path
        if relative.hasPrefix(cwd + "/") { relative = String(relative.dropFirst(cwd.count + 1)) }
        while relative.hasPrefix("./") { relative = String(relative.dropFirst(2)) }
        return percentEncode(relative)
    }

    static func fileURI(directory: String) -> String {
        "file://" + percentEncode(directory.hasSuffix("/") ? directory : directory + "/")
    }

    static func percentEncode(_ path: String) -> String {
        path.addingPercentEncoding(withAllowedCharacters: uriPathCharacters) ?? path
    }

    /// What stays as it is in a path URI: unreserved ASCII and sub-delimiters; everything else
    /// (':' too, which in a first segment would read as a scheme, and every non-ASCII byte) is
    /// percent-encoded. Made once (a set made per result took 5% of a report over 10,000 files).
    static let uriPathCharacters = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~/!$&'()*+,;=@")
}
