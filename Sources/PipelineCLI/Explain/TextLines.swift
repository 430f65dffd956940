/// The text a stage received, as lines of styled pieces, and which lines to show: what the
/// terminal and HTML renderings of `pipeline explain` share.
struct TextLine: Equatable {
    /// A run of text within one line.
    enum Piece: Equatable {
        case same(String)
        case marked(String, types: [String])
        case removed(String, types: [String])
        case inserted(String, types: [String])
        /// The annotation types of the change just before.
        case label([String])
    }

    var pieces: [Piece] = []
    /// The line holds a removed, inserted or labelled piece.
    var changed = false
    /// The line holds annotated kept text.
    var marked = false

    /// Cuts segments into lines (no piece contains a newline).
    static func lines(_ segments: [TextSegment]) -> [TextLine] {
        var lines = [TextLine()]
        /// Adds `text` line by line; returns the index of the last line that got a piece.
        @discardableResult
        func add(_ text: String, _ make: (String) -> Piece, changed: Bool = false, marked: Bool = false) -> Int? {
            var last: Int?
            for (i, part) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                if i > 0 { lines.append(TextLine()) }
                guard !part.isEmpty else { continue }
                lines[lines.count - 1].pieces.append(make(String(part)))
                if changed { lines[lines.count - 1].changed = true }
                if marked { lines[lines.count - 1].marked = true }
                last = lines.count - 1
            }
            return last
        }
        for segment in segments {
            switch segment {
            case .same(let text): add(text, { .same($0) })
            case .marked(let text, let types): add(text, { .marked($0, types: types) }, marked: true)
            case .change(let old, let new, let types):
                let start = lines.count - 1
                var last = old.isEmpty ? nil : add(old, { .removed($0, types: types) }, changed: true)
                if !new.isEmpty { last = add(new, { .inserted($0, types: types) }, changed: true) ?? last }
                // The label goes after the change's last visible piece (not onto the next line
                // when the removed text ended with a line break).
                let at = last ?? start
                if !types.isEmpty { lines[at].pieces.append(.label(types)) }
                lines[at].changed = true
            }
        }
        if lines.count > 1, lines.last!.pieces.isEmpty, !lines.last!.changed { lines.removeLast() }
        return lines
    }

    /// A line to show, or a run of lines folded away.
    enum Row: Equatable {
        case line(TextLine)
        case folded([TextLine])
    }

    /// Lines that changed (and, with `marks`, lines with annotated text) with `context` lines
    /// around them; the rest folded. `context` `nil` shows every line.
    static func rows(_ lines: [TextLine], context: Int?, marks: Bool) -> [Row] {
        guard let context else { return lines.map { .line($0) } }
        var keep = [Bool](repeating: false, count: lines.count)
        for (i, line) in lines.enumerated() where line.changed || (marks && line.marked) {
            for j in max(0, i - context)...min(lines.count - 1, i + context) { keep[j] = true }
        }
        var rows: [Row] = []
        var folded: [TextLine] = []
        for (i, line) in lines.enumerated() {
            if keep[i] {
                if !folded.isEmpty { rows.append(.folded(folded)); folded = [] }
                rows.append(.line(line))
            } else {
                folded.append(line)
            }
        }
        if !folded.isEmpty { rows.append(.folded(folded)) }
        return rows
    }
}
