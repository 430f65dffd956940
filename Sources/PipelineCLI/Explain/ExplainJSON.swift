import PipelineKit

/// `pipeline explain --format json`: the walk through the stages for tools. Per stage: `id`,
/// `name`, `status` (changed, unchanged, skipped, failed, dropped), `seconds`, `outputs`,
/// `message` (skip reason or error), `changes` (each `{"start", "end", "old", "new", "types"}`
/// with scalar offsets into the text the stage received), `marks` (annotated kept text),
/// `annotations` (counts by type), `field-annotations`, `metadata` (`{"key", "change",
/// "before"?, "after"?}`) and `notes`; then `result`: the final document in the JSON-lines shape.
/// It holds the document's text.
enum ExplainJSON {
    static func value(_ trace: ExplainTrace) -> Value {
        let steps: [Value] = trace.steps.map { step in
            var changes: [Value] = [], marks: [Value] = []
            var offset = 0
            for segment in step.segments {
                switch segment {
                case .same(let text):
                    offset += text.unicodeScalars.count
                case .marked(let text, let types):
                    let length = text.unicodeScalars.count
                    marks.append(.object(["start": .int(offset), "end": .int(offset + length), "text": .string(text), "types": .array(types.map { .string($0) })]))
                    offset += length
                case .change(let old, let new, let types):
                    let length = old.unicodeScalars.count
                    changes.append(.object(["start": .int(offset), "end": .int(offset + length), "old": .string(old), "new": .string(new),
                                            "types": .array(types.map { .string($0) })]))
                    offset += length
                }
            }
            var object: [String: Value] = [
                "id": .string(step.id), "name": .string(step.name), "status": .string(step.status.rawValue),
                "seconds": .double((step.seconds * 1e6).rounded() / 1e6), "outputs": .int(step.outputs),
                "changes": .array(changes), "marks": .array(marks),
                "annotations": .object(Dictionary(uniqueKeysWithValues: step.annotationCounts.map { ($0.type, Value.int($0.count)) })),
                "field-annotations": .array(step.fieldAnnotations.map { .object(["field": .string($0.field), "type": .string($0.type), "count": .int($0.count)]) }),
                "metadata": .array(step.metadata.map { change in
                    var entry: [String: Value] = ["key": .string(change.key), "change": .string(change.kind.rawValue)]
                    if let before = change.before { entry["before"] = before }
                    if let after = change.after { entry["after"] = after }
                    return .object(entry)
                }),
                "notes": .array(step.notes.map { .string($0) }),
            ]
            if let message = step.message { object["message"] = .string(message) }
            return .object(object)
        }
        var object: [String: Value] = [
            "pipeline": .string(trace.pipeline), "file": .string(trace.file),
            "document": .object(["id": .string(trace.documentID), "source": .string(trace.source)]),
            "stages": .array(steps),
        ]
        object["result"] = trace.result.map { .object(Dictionary(uniqueKeysWithValues: $0.jsonValue.map { ($0.key, $0.value) })) } ?? .null
        return .object(object)
    }
}
