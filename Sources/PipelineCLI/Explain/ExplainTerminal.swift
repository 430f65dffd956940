import PipelineKit

/// `pipeline explain` on a terminal: one block per stage with its status, time and annotation
/// counts, the text with removed spans struck through and labelled `‹type›`, replacements shown
/// old → new, and metadata keys added or changed. Without colour (`--no-color`, `NO_COLOR`, or
/// not a terminal) the changes use word-diff notation: `[-removed-]{+added+}‹type›`.
struct ExplainTerminal {
    /// Use ANSI colours.
    var color: Bool
    /// Unchanged lines shown around each changed line; `nil` shows the whole text.
    var context: Int?

    func render(_ trace: ExplainTrace) -> String {
        var out = bold("pipeline explain") + " " + trace.pipeline + dim(" (\(trace.file))") + "\n"
        out += "document " + bold(MessageText.escaped(trace.documentID)) + dim(" from \(MessageText.escaped(trace.source))") + "\n"
        out += dim(color ? "struck red: removed · green: added · ‹type›: the stage's annotation" : "[-removed-] {+added+} ‹type›: the stage's annotation") + "\n"
        for (n, step) in trace.steps.enumerated() {
            out += "\n" + header(step, number: n + 1) + "\n"
            if let message = step.message { out += "  " + (step.status == .failed ? paint("31", message) : dim(message)) + "\n" }
            if step.textChanged {
                out += textLines(step.segments)
            } else if step.status != .skipped && step.status != .failed {
                out += "  " + dim("text unchanged") + "\n"
            }
            for f in step.fieldAnnotations {
                out += "  " + dim("in \(f.field): ") + label([f.type]) + " \(f.count)\n"
            }
            for change in step.metadata { out += "  " + metadataLine(change) + "\n" }
            for note in step.notes { out += "  " + dim("note: " + MessageText.escaped(note)) + "\n" }
        }
        if trace.result == nil {
            out += "\n" + paint("31", "the document did not reach the end of the pipeline") + "\n"
        }
        return out
    }

    func header(_ step: ExplainTrace.Step, number: Int) -> String {
        let status: String
        switch step.status {
        case .changed: status = paint("32", "changed")
        case .unchanged: status = dim("unchanged")
        case .skipped: status = paint("33", "skipped")
        case .failed: status = paint("31;1", "failed")
        case .dropped: status = paint("31", "dropped")
        }
        var line = bold("\(number). \(step.id)") + (step.id == step.name ? "" : dim(" (\(step.name))")) + "  " + status
        if step.status != .skipped { line += dim(" · " + Self.duration(step.seconds)) }
        if !step.annotationCounts.isEmpty {
            line += dim(" · ") + step.annotationCounts.map { label([$0.type]) + " \($0.count)" }.joined(separator: ", ")
        }
        return line
    }

    /// The text as lines, changed lines with `context` unchanged lines around them.
    func textLines(_ segments: [TextSegment]) -> String {
        var out = ""
        for row in TextLine.rows(TextLine.lines(segments), context: context, marks: false) {
            switch row {
            case .line(let line):
                out += "  " + dim("│ ") + line.pieces.map(piece).joined() + "\n"
            case .folded(let lines):
                out += "  " + dim("⋮ \(lines.count) unchanged line\(lines.count == 1 ? "" : "s")") + "\n"
            }
        }
        return out
    }

    func piece(_ piece: TextLine.Piece) -> String {
        switch piece {
        case .same(let text): return MessageText.escaped(text)
        case .marked(let text, _): return color ? paint("4", MessageText.escaped(text)) : MessageText.escaped(text)
        case .removed(let text, _): return removed(MessageText.escaped(text))
        case .inserted(let text, _): return inserted(MessageText.escaped(text))
        case .label(let types): return label(types)
        }
    }

    func metadataLine(_ change: ExplainTrace.MetadataChange) -> String {
        let key = MessageText.escaped(change.key)
        switch change.kind {
        case .added: return paint("32", "+ metadata.\(key)") + " = " + Self.display(change.after!)
        case .removed: return paint("31", "- metadata.\(key)") + dim(" (was \(Self.display(change.before!)))")
        case .changed: return paint("33", "~ metadata.\(key)") + " = " + Self.display(change.after!) + dim(" (was \(Self.display(change.before!)))")
        }
    }

    /// A value on one line: JSON, strings quoted and escaped.
    static func display(_ value: Value) -> String { MessageText.escaped(JSONWriter.string(value)) }

    static func duration(_ s: Double) -> String {
        s < 1 ? PlainFormatting.fixed(s * 1000, places: 2) + " ms" : PlainFormatting.fixed(s, places: 2) + " s"
    }

    // MARK: Styles

    func removed(_ s: String) -> String { color ? paint("31;9", s) : "[-" + s + "-]" }
    func inserted(_ s: String) -> String { color ? paint("32;1", s) : "{+" + s + "+}" }
    func label(_ types: [String]) -> String { color ? paint("35", "‹" + types.joined(separator: ",") + "›") : "‹" + types.joined(separator: ",") + "›" }
    func bold(_ s: String) -> String { paint("1", s) }
    func dim(_ s: String) -> String { paint("2", s) }
    func paint(_ code: String, _ s: String) -> String { color ? "\u{1B}[\(code)m\(s)\u{1B}[0m" : s }
}
