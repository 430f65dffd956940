import PipelineKit
import PipelineRunner

/// `pipeline explain --html FILE`: the same walk through the stages as a self-contained page
/// (the run report's frame: inline CSS, no scripts). Removed spans are struck through with
/// their annotation type, replacements show old and new in the type's colour, annotated kept
/// text is underlined, and each stage lists the metadata it added or changed.
/// The page holds the document's text.
struct ExplainHTML {
    /// Unchanged lines shown around each changed line; the others fold into a `<details>`
    /// (opens without JavaScript). `nil` shows every line.
    var context: Int? = 1

    func render(_ trace: ExplainTrace) -> String {
        var body = "<header><h1>pipeline explain: \(MarkupEscaping.html(trace.pipeline))</h1>"
        body += "<p class=\"meta\">Document <code>\(MarkupEscaping.html(trace.documentID))</code> from <code>\(MarkupEscaping.html(trace.source))</code>"
        body += " · pipeline file <code>\(MarkupEscaping.html(trace.file))</code></p>"
        body += "<p class=\"meta\">This page shows the document's text: it is meant for the pipeline's author, on their own sample.</p></header>\n"
        body += overview(trace)
        body += legend(trace)
        for (n, step) in trace.steps.enumerated() { body += section(step, number: n + 1) }
        if trace.result == nil {
            body += "<p class=\"badge failed\">The document did not reach the end of the pipeline.</p>"
        }
        body += "<footer>Written by pipeline explain. Exports wrote nothing: explain runs the stages in validate-only mode.</footer>"
        return HTMLPage.render(title: "pipeline explain: \(trace.pipeline) · \(trace.documentID)", body: body, css: Self.css)
    }

    /// A table of the stages: status, time, annotations; each row links to its section.
    func overview(_ trace: ExplainTrace) -> String {
        var out = "<table><thead><tr><th>#</th><th>stage</th><th>status</th><th class=\"num\">time</th><th>annotations</th><th>metadata</th></tr></thead><tbody>"
        for (n, step) in trace.steps.enumerated() {
            let counts = step.annotationCounts.map { chip($0.type, count: $0.count) }.joined(separator: " ")
            let keys = step.metadata.map { "<code>\(MarkupEscaping.html($0.key))</code> \($0.kind.rawValue)" }.joined(separator: ", ")
            out += "<tr><td class=\"num\">\(n + 1)</td><td><a href=\"#stage-\(n + 1)\"><code>\(MarkupEscaping.html(step.id))</code></a></td>"
            out += "<td>\(statusBadge(step.status))</td><td class=\"num\">\(step.status == .skipped ? "–" : ExplainTerminal.duration(step.seconds))</td>"
            out += "<td>\(counts.isEmpty ? "–" : counts)</td><td>\(keys.isEmpty ? "–" : keys)</td></tr>"
        }
        return out + "</tbody></table>\n"
    }

    func legend(_ trace: ExplainTrace) -> String {
        var types: [String] = []
        for step in trace.steps { for c in step.annotationCounts where !types.contains(c.type) { types.append(c.type) } }
        var out = "<div class=\"legend\"><span><del class=\"chg\">removed</del></span><span><ins class=\"chg\">added</ins></span><span><span class=\"mark\">annotated</span></span>"
        for t in types { out += "<span><span class=\"swatch\" style=\"background:\(TypeColors.color(for: t))\"></span>\(MarkupEscaping.html(t))</span>" }
        return out + "</div>\n"
    }

    func section(_ step: ExplainTrace.Step, number: Int) -> String {
        var out = "<section class=\"stage\" id=\"stage-\(number)\"><h2>\(number). <code>\(MarkupEscaping.html(step.id))</code>"
        if step.id != step.name { out += " <span class=\"muted\">(\(MarkupEscaping.html(step.name)))</span>" }
        out += " \(statusBadge(step.status))"
        if step.status != .skipped { out += " <span class=\"time\">\(ExplainTerminal.duration(step.seconds))</span>" }
        out += "</h2>"
        if let message = step.message { out += "<p class=\"\(step.status == .failed ? "error" : "muted")\">\(MarkupEscaping.html(message))</p>" }
        let marks = step.segments.contains { if case .marked = $0 { return true }; return false }
        if step.textChanged || marks {
            out += "<div class=\"text\">" + text(step.segments) + "</div>"
        } else if step.status != .skipped && step.status != .failed {
            out += "<p class=\"muted\">Text unchanged.</p>"
        }
        if !step.fieldAnnotations.isEmpty {
            out += "<p>In metadata: " + step.fieldAnnotations.map { "<code>\(MarkupEscaping.html($0.field))</code> \(chip($0.type, count: $0.count))" }.joined(separator: ", ") + "</p>"
        }
        if !step.metadata.isEmpty {
            out += "<table class=\"metadata\"><thead><tr><th>metadata key</th><th>change</th><th>value</th></tr></thead><tbody>"
            for change in step.metadata {
                out += "<tr><td><code>\(MarkupEscaping.html(change.key))</code></td><td><span class=\"kind \(change.kind.rawValue)\">\(change.kind.rawValue)</span></td><td class=\"value\">"
                if let before = change.before, change.kind != .added { out += "<del class=\"chg\">\(MarkupEscaping.html(Self.display(before)))</del>" }
                if change.kind == .changed { out += "<br>" }
                if let after = change.after { out += "<ins class=\"chg\">\(MarkupEscaping.html(Self.display(after)))</ins>" }
                out += "</td></tr>"
            }
            out += "</tbody></table>"
        }
        for note in step.notes { out += "<p class=\"muted\">note: \(MarkupEscaping.html(note))</p>" }
        return out + "</section>\n"
    }

    /// The lines of the text, unchanged runs folded.
    func text(_ segments: [TextSegment]) -> String {
        func line(_ line: TextLine) -> String { "<div class=\"line\">" + line.pieces.map(piece).joined() + "</div>" }
        return TextLine.rows(TextLine.lines(segments), context: context, marks: true).map { row in
            switch row {
            case .line(let textLine): return line(textLine)
            case .folded(let lines):
                return "<details class=\"fold\"><summary>\(lines.count) unchanged line\(lines.count == 1 ? "" : "s")</summary>"
                    + lines.map(line).joined() + "</details>"
            }
        }.joined()
    }

    func piece(_ piece: TextLine.Piece) -> String {
        switch piece {
        case .same(let text):
            return MarkupEscaping.html(text)
        case .marked(let text, let types):
            let color = TypeColors.color(for: types.first ?? "")
            return "<span class=\"mark\" style=\"border-color:\(color)\" title=\"\(MarkupEscaping.html(types.joined(separator: ", ")))\">\(MarkupEscaping.html(text))</span>"
        case .removed(let text, let types):
            return "<del class=\"chg\"\(typeAttributes(types))>\(MarkupEscaping.html(text))</del>"
        case .inserted(let text, let types):
            return "<ins class=\"chg\"\(typeAttributes(types))>\(MarkupEscaping.html(text))</ins>"
        case .label(let types):
            return "<span class=\"tag\"\(typeAttributes(types, title: false))>\(MarkupEscaping.html(types.joined(separator: ", ")))</span>"
        }
    }

    /// The colour of the first type as `--type`, and the types as a tooltip.
    func typeAttributes(_ types: [String], title: Bool = true) -> String {
        guard let first = types.first else { return "" }
        return " style=\"--type:\(TypeColors.color(for: first))\"" + (title ? " title=\"\(MarkupEscaping.html(types.joined(separator: ", ")))\"" : "")
    }

    func chip(_ type: String, count: Int) -> String {
        "<span class=\"chip\" style=\"--type:\(TypeColors.color(for: type))\">\(MarkupEscaping.html(type)) \(count)</span>"
    }

    func statusBadge(_ status: ExplainTrace.Step.Status) -> String {
        let kind: String
        switch status {
        case .changed: kind = "ok"
        case .unchanged: kind = "neutral"
        case .skipped: kind = "skipped"
        case .failed, .dropped: kind = "failed"
        }
        return "<span class=\"badge \(kind)\">\(status.rawValue)</span>"
    }

    /// Strings as they are; other values as indented JSON.
    static func display(_ value: Value) -> String {
        if case .string(let string) = value { return string }
        return JSONWriter.string(value, pretty: true)
    }

    static let css = """
        .badge.neutral { background: #6e7781; }
        section.stage { margin-top: 8px; }
        section.stage h2 .time { font-weight: 400; font-size: 0.8em; color: var(--muted); }
        a { color: var(--accent); text-decoration: none; }
        .text { overflow-wrap: anywhere; border: 1px solid var(--line); border-radius: 8px; padding: 12px 16px;
          background: #fff; font-size: 0.95em; line-height: 1.65; }
        del.chg { --type: #cf222e; color: #82071e; background: #ffebe9; text-decoration: line-through; text-decoration-color: var(--type);
          border-bottom: 2px solid var(--type); }
        ins.chg { --type: #1a7f37; color: #116329; background: #dafbe1; text-decoration: none; border-bottom: 2px solid var(--type); font-weight: 600; }
        .tag, .chip { --type: #6e7781; display: inline-block; font-size: 0.72em; font-weight: 600; line-height: 1.3; color: #fff; background: var(--type);
          border-radius: 4px; padding: 0 5px; margin: 0 2px; vertical-align: 1px; white-space: nowrap; }
        .text .line { white-space: pre-wrap; min-height: 1.65em; }
        details.fold > summary { color: var(--muted); font-size: 0.85em; cursor: pointer; margin: 2px 0; }
        details.fold > summary::marker { color: var(--line); }
        .mark { border-bottom: 2px dotted #9a6700; background: #fff8c5; }
        .legend del, .legend ins, .legend .mark { padding: 0 4px; }
        table.metadata td.value { white-space: pre-wrap; overflow-wrap: anywhere; }
        table.metadata td.value ins.chg { font-weight: 400; border-bottom: none; background: #eefbf1; }
        table.metadata td.value del.chg { border-bottom: none; }
        .kind { font-size: 0.85em; font-weight: 600; }
        .kind.added { color: var(--ok); } .kind.removed { color: var(--fail); } .kind.changed { color: var(--skip); }
        p.error { color: var(--fail); font-weight: 600; }
        @media print { .text { border: none; padding: 0; } del.chg, ins.chg, .mark { -webkit-print-color-adjust: exact; } }

        """
}
