import Foundation
import PipelineConfig
import PipelineKit

/// What each stage of a pipeline did to one document: the input of `pipeline explain`'s
/// three renderers (terminal, HTML, JSON). It holds the document's text: it is for a pipeline's
/// author looking at their own sample, never for reports.
struct ExplainTrace {
    /// The pipeline's name and file.
    var pipeline: String
    var file: String
    /// The document as read: id and source.
    var documentID: String
    var source: String
    /// One entry per pipeline step, in order (steps after a failure or a drop are absent).
    var steps: [Step]
    /// The document after the last stage that ran (`nil` when it was dropped or failed).
    var result: Document?

    /// One stage's effect.
    struct Step {
        enum Status: String { case changed, unchanged, skipped, failed, dropped }
        var id: String
        var name: String
        var status: Status
        /// Why it was skipped (`when:` false) or the error; `nil` otherwise.
        var message: String?
        var seconds: Double
        /// Documents the stage returned (0 dropped, 2+ split: the first is followed).
        var outputs: Int
        /// The text as the stage received it, cut into kept, marked and changed pieces.
        var segments: [TextSegment]
        /// Metadata keys added, changed or removed.
        var metadata: [MetadataChange]
        /// Annotations the stage added on metadata values (`field` set): type counts per field.
        var fieldAnnotations: [(field: String, type: String, count: Int)]
        /// Annotations the stage added, by type (text and metadata).
        var annotationCounts: [(type: String, count: Int)]
        /// Notes the stage printed (`context.note`).
        var notes: [String]

        var textChanged: Bool { segments.contains { if case .change = $0 { return true }; return false } }
    }

    /// A metadata key the stage added, changed or removed, with its values as display text.
    struct MetadataChange {
        enum Kind: String { case added, changed, removed }
        var key: String
        var kind: Kind
        var before: Value?
        var after: Value?
    }
}

/// A piece of the text a stage received.
enum TextSegment: Equatable {
    /// Text the stage left as it was.
    case same(String)
    /// Kept text the stage annotated (a summary sentence, say), with the annotation types.
    case marked(String, types: [String])
    /// Text the stage removed (`new` empty), replaced, or inserted (`old` empty), with the types
    /// of the stage's annotations on it (empty when the stage gave none).
    case change(old: String, new: String, types: [String])
}

/// Runs one document through a loaded pipeline stage by stage, recording each stage's effect.
struct ExplainTracer {
    let pipeline: PipelineDefinition

    func trace(_ document: Document) async -> ExplainTrace {
        var trace = ExplainTrace(pipeline: pipeline.name, file: pipeline.file, documentID: document.id,
                                 source: document.metadata["source"]?.stringValue ?? "-", steps: [], result: nil)
        var current = document
        let clock = ContinuousClock()
        for step in pipeline.steps {
            var record = ExplainTrace.Step(id: step.id, name: step.name, status: .unchanged, message: nil, seconds: 0, outputs: 1,
                                           segments: [.same(current.text)], metadata: [], fieldAnnotations: [], annotationCounts: [], notes: [])
            if let condition = step.condition, !condition.matches(current) {
                record.status = .skipped
                record.message = "when: condition is false for this document"
                trace.steps.append(record)
                continue
            }
            let sink = NoteCollector()
            let context = StageContext(stageID: step.id, stageName: step.name, sequence: 0, events: sink)
            let start = clock.now
            let produced: [Document]
            do {
                produced = try await step.stage.process(current, context: context)
            } catch {
                record.seconds = Self.seconds(clock.now - start)
                record.status = .failed
                let message = (error as? StageError)?.message ?? String(describing: error)
                record.message = "stage '\(step.id)' failed: \(message)" + (step.onError == .keep ? " (on-error: keep, stage change discarded)" : "")
                record.notes = sink.notes
                trace.steps.append(record)
                if step.onError == .keep { continue }
                return trace
            }
            record.seconds = Self.seconds(clock.now - start)
            record.notes = sink.notes
            record.outputs = produced.count
            guard let next = produced.first else {
                record.status = .dropped
                record.message = "the stage dropped the document"
                trace.steps.append(record)
                return trace
            }
            if produced.count > 1 { record.notes.append("the stage split the document into \(produced.count); following the first") }
            let added = Array(next.annotations.dropFirst(min(current.annotations.count, next.annotations.count))).filter { $0.stage == step.name }
            record.segments = Self.segments(old: current.text, new: next.text, annotations: added.filter { $0.attributes["field"] == nil })
            record.metadata = Self.metadataChanges(from: current.metadata, to: next.metadata)
            record.annotationCounts = Self.counts(added.map(\.type))
            var byField: [String: [String]] = [:]
            for a in added { if let field = a.attributes["field"]?.stringValue { byField[field, default: []].append(a.type) } }
            record.fieldAnnotations = byField.keys.sorted().flatMap { field in Self.counts(byField[field]!).map { (field, $0.type, $0.count) } }
            let changed = record.textChanged || !record.metadata.isEmpty || !added.isEmpty || produced.count != 1
            record.status = changed ? .changed : .unchanged
            trace.steps.append(record)
            current = next
        }
        trace.result = current
        return trace
    }

    /// The text a stage received, cut at its changes (labelled with the annotations on them) and
    /// at its annotations on text it kept.
    static func segments(old: String, new: String, annotations: [Annotation]) -> [TextSegment] {
        let scalars = Array(old.unicodeScalars)
        func text(_ from: Int, _ to: Int) -> String {
            var view = String.UnicodeScalarView()
            view.append(contentsOf: scalars[max(0, min(from, scalars.count))..<max(0, min(to, scalars.count))])
            return String(view)
        }
        func types(overlapping start: Int, _ end: Int) -> [String] {
            var out: [String] = []
            for a in annotations where (a.start < end && a.end > start) || (start == end && a.start <= start && a.end >= end) {
                if !out.contains(a.type) { out.append(a.type) }
            }
            return out
        }
        // Spans the stage annotated and changed are diffed whole (a second pass), so a change
        // lines up with its annotation instead of with look-alike words around it.
        var changes = WordDiff.changes(from: old, to: new)
        let changedSpans = annotations.filter { a in a.end > a.start && changes.contains { c in c.oldStart < a.end && c.oldEnd > a.start } }
        if !changedSpans.isEmpty {
            changes = WordDiff.changes(from: old, to: new, atomic: changedSpans.map { $0.start..<$0.end })
        }
        // Annotations on kept text (no change overlaps them) become marks.
        let marks = annotations.filter { a in a.end > a.start && !changes.contains { c in c.oldStart < a.end && c.oldEnd > a.start } }
            .sorted { ($0.start, $0.end) < ($1.start, $1.end) }
        var segments: [TextSegment] = []
        var position = 0
        func keep(upTo end: Int) {
            guard end > position else { return }
            var at = position
            for m in marks where m.end > at && m.start < end {
                let markStart = max(m.start, at), markEnd = min(m.end, end)
                if markStart > at { segments.append(.same(text(at, markStart))) }
                segments.append(.marked(text(markStart, markEnd), types: [m.type]))
                at = markEnd
            }
            if end > at { segments.append(.same(text(at, end))) }
            position = end
        }
        for c in changes {
            keep(upTo: c.oldStart)
            segments.append(.change(old: text(c.oldStart, c.oldEnd), new: c.new, types: types(overlapping: c.oldStart, c.oldEnd)))
            position = max(position, c.oldEnd)
        }
        keep(upTo: scalars.count)
        return segments
    }

    static func metadataChanges(from before: [String: Value], to after: [String: Value]) -> [ExplainTrace.MetadataChange] {
        var out: [ExplainTrace.MetadataChange] = []
        for key in Set(before.keys).union(after.keys).sorted() {
            switch (before[key], after[key]) {
            case (nil, let new?): out.append(.init(key: key, kind: .added, before: nil, after: new))
            case (let old?, nil): out.append(.init(key: key, kind: .removed, before: old, after: nil))
            case (let old?, let new?) where old != new: out.append(.init(key: key, kind: .changed, before: old, after: new))
            default: break
            }
        }
        return out
    }

    static func counts(_ types: [String]) -> [(type: String, count: Int)] {
        var order: [String] = []
        var counts: [String: Int] = [:]
        for t in types {
            if counts[t] == nil { order.append(t) }
            counts[t, default: 0] += 1
        }
        return order.map { ($0, counts[$0]!) }
    }

    static func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }
}

/// Collects a stage's notes; stdout output and fail-on trips are dropped (explain writes nothing).
final class NoteCollector: StageEventSink, Sendable {
    private let collected = LockedValue<[String]>([])

    func emit(_ event: StageEvent) {
        let note: String?
        switch event {
        case .note(_, let message): note = message
        case .failRun(_, let reason): note = "fail-on: " + reason
        case .failOn(let trip): note = "fail-on: " + trip.reason
        case .failDocuments(_, _, let reason): note = reason
        case .stdout, .stdoutHeader: note = nil
        }
        if let note { collected.withLock { $0.append(note) } }
    }

    var notes: [String] { collected.current }
}
