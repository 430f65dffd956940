extension Document {
    /// Checks that every annotation lies inside what it points at: `0 <= start <= end <= length`,
    /// where length is the text's Unicode scalar count, or that of the metadata string an
    /// annotation with `"field": "metadata.KEY"` refers to. Annotations from outside (input
    /// lines, command programs) go through this before any stage or sink trusts them.
    /// Throws `StageError` naming the annotation (1-based) and its offsets, never the text.
    ///
    /// Offsets point into the text *as the annotating stage received it*, so an annotation made
    /// by an earlier stage (`madeEarlier` says which) may lie beyond today's shorter text: for
    /// those only `0 <= start <= end` is checked. Input lines carry only such annotations; a
    /// command program's reply carries the ones it was sent plus its own, checked in full.
    public func validateAnnotationOffsets(madeEarlier: (Annotation) -> Bool = { _ in false }) throws {
        guard !annotations.isEmpty else { return }
        var textLength: Int?
        for (index, annotation) in annotations.enumerated() {
            let length: Int
            let target: String
            if case .string(let field)? = annotation.attributes["field"], field.hasPrefix("metadata.") {
                let key = String(field.dropFirst("metadata.".count))
                guard case .string(let value)? = metadata[key] else {
                    if madeEarlier(annotation) && annotation.start >= 0 && annotation.start <= annotation.end { continue }
                    throw StageError("annotation \(index + 1) (\(annotation.type)) points at '\(field)', which is not a string in the metadata")
                }
                length = value.unicodeScalars.count
                target = "'\(field)'"
            } else {
                if textLength == nil { textLength = text.unicodeScalars.count }
                length = textLength!
                target = "the text"
            }
            guard annotation.start >= 0, annotation.start <= annotation.end, annotation.end <= length || madeEarlier(annotation) else {
                throw StageError(
                    "annotation \(index + 1) (\(annotation.type)) has offsets \(annotation.start)..<\(annotation.end) outside \(target) (\(length) Unicode scalars; need 0 <= start <= end <= \(length))")
            }
        }
    }
}
