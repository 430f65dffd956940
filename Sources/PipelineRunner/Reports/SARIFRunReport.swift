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

    public func render(_ report: RunReport) -> [UInt8] {
        var results: [Value] = []
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
        for item in report.items {
            let tripped = Set(item.failOnEntries.compactMap(\.type))
            for finding in item.findings {
                let error = tripped.contains(finding.type)
                var message = "\(finding.type) found by stage '\(finding.stage)' in document '\(item.id)'"
                if let field = finding.field { message += ", in \(field)" }
                message += error ? " (a fail-on type; value not shown)" : " (value not shown)"
                results.append(result(ruleId: finding.type, index: rule(finding.type, error: error), level: error ? "error" : "note",
                                      message: message, artifactLocation: artifactLocation(item.path), recordLine: item.recordLine,
                                      position: finding.field == nil ? finding.position : nil))
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
            results.append(result(ruleId: type, index: rule(type, error: true), level: "error",
                                  message: "fail-on: \(trip.reason) (stage '\(trip.stage)')", artifactLocation: artifactLocation(trip.source),
                                  recordLine: item?.recordLine, position: trip.position))
        }
        let rules: [Value] = ruleIndex.sorted { $0.value < $1.value }.map { type, _ in
            .object([
                "id": .string(type),
                "name": .string(type),
                "shortDescription": .object(["text": .string("\(type) in processed text")]),
                "defaultConfiguration": .object(["level": .string(ruleLevels[type] ?? "note")]),
            ])
        }
        let run: Value = .object([
            "tool": .object(["driver": .object([
                "name": .string("pipeline"),
                "version": .string(report.toolVersion),
                "rules": .array(rules),
            ])]),
            "columnKind": .string("unicodeCodePoints"),
            "originalUriBaseIds": .object(["SRCROOT": .object(["uri": .string(Self.fileURI(directory: cwd))])]),
            "invocations": .array([.object([
                "executionSuccessful": .bool(report.exitCode == 0 || report.exitCode == 1),
                "exitCode": .int(report.exitCode),
            ])]),
            "results": .array(results),
        ])
        let log: Value = .object(["$schema": .string(Self.schemaURI), "version": .string("2.1.0"), "runs": .array([run])])
        // Written as bytes, not through a `String` (which the bytes were then copied out of again).
        var out: [UInt8] = []
        JSONWriter.write(log, into: &out, pretty: true)
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

    func result(ruleId: String, index: Int, level: String, message: String, artifactLocation: Value, recordLine: Int?,
                position: SourcePosition?) -> Value {
        var physical: [String: Value] = ["artifactLocation": artifactLocation]
        var region: [String: Value] = [:]
        if let recordLine {
            region = ["startLine": .int(recordLine), "endLine": .int(recordLine)]
        } else if let position {
            region["startLine"] = .int(position.line)
            region["endLine"] = .int(position.endLine)
            if let column = position.column { region["startColumn"] = .int(column) }
            if let column = position.endColumn { region["endColumn"] = .int(column) }
        }
        if !region.isEmpty { physical["region"] = .object(region) }
        return .object([
            "ruleId": .string(ruleId),
            "ruleIndex": .int(index),
            "level": .string(level),
            "message": .object(["text": .string(message)]),
            "locations": .array([.object(["physicalLocation": .object(physical)])]),
        ])
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
