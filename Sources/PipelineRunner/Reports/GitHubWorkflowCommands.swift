import PipelineKit

/// GitHub Actions workflow commands (`::error file=…,line=…,col=…::message`) for failed
/// documents, `on-error: keep` warnings and fail-on trips, so they show as annotations on the
/// run and the pull request. Escaped by the workflow-command rules: `%`, CR and LF in the
/// message; also `:` and `,` in property values.
public enum GitHubWorkflowCommands {
    /// Escapes a command's message.
    public static func escapeData(_ text: String) -> String {
        text.replacingEvery("%", with: "%25").replacingEvery("\r", with: "%0D").replacingEvery("\n", with: "%0A")
    }

    /// Escapes a property value (`file=`, `title=`).
    public static func escapeProperty(_ text: String) -> String {
        escapeData(text).replacingEvery(":", with: "%3A").replacingEvery(",", with: "%2C")
    }

    /// One command line: `::KIND file=…,line=…,col=…,title=…::message`.
    public static func command(_ kind: String, file: String?, position: SourcePosition?, title: String, message: String) -> String {
        var properties: [String] = []
        if let file, file != "-" {
            properties.append("file=" + escapeProperty(file.hasPrefix("./") ? String(file.dropFirst(2)) : file))
        }
        if let position {
            properties.append("line=\(position.line)")
            if let column = position.column { properties.append("col=\(column)") }
            if position.endLine != position.line { properties.append("endLine=\(position.endLine)") }
            else if let end = position.endColumn, position.column != nil { properties.append("endColumn=\(end)") }
        }
        properties.append("title=" + escapeProperty(title))
        return "::\(kind) \(properties.joined(separator: ","))::\(escapeData(message))"
    }

    /// The commands for one finished document, in the order they should print.
    public static func commands(for item: RunReport.Item, pipeline: String) -> [String] {
        var lines: [String] = []
        let recordPosition = item.recordLine.map { SourcePosition.record(line: $0) }
        if item.status == "failed" {
            lines.append(command("error", file: item.path, position: recordPosition, title: "pipeline \(pipeline): document failed",
                                 message: "\(item.id): \(item.error ?? "failed")"))
        }
        for warning in item.warnings {
            lines.append(command("warning", file: item.path, position: recordPosition, title: "pipeline \(pipeline): on-error keep",
                                 message: "\(item.id): \(warning)"))
        }
        for trip in item.failOnEntries {
            lines.append(command("error", file: trip.source ?? item.path, position: recordPosition ?? trip.position,
                                 title: "pipeline \(pipeline): fail-on \(trip.type ?? "")", message: trip.reason))
        }
        return lines
    }
}
