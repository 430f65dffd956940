extension Document {
    /// Checks that every annotation lies inside what it points at: `0 <= start <= end <= length`,
    /// where length is the text's Unicode scalar count, or that of the metadata string an
    /// annotation with `"field": "metadata.KEY"` refers to. Annotations from outside (input
    /// lines, command programs) go through this before any stage or sink trusts them.
    /// Throws `StageError` naming the annotation (1-based) and its offsets, never the text.
    public func validateAnnotationOffsets() throws {
        guard !annotations.isEmpty else { return }
        var textLength: Int?
        for (index, annotation) in annotations.enumerated() {
            let length: Int
            let target: String
            if case .string(let field)? = annotation.attributes["field"], field.hasPrefix("metadata.") {
                let key = String(field.dropFirst("metadata.".count))
                guard case .string(let value)? = metadata[key] else {
                    throw StageError("annotation \(index + 1) (\(annotation.type)) points at '\(field)', which is not a string in the metadata")
                }
                length = value.unicodeScalars.count
                target = "'\(field)'"
            } else {
                if textLength == nil { textLength = text.unicodeScalars.count }
                length = textLength!
                target = "the text"
            }
            guard annotation.start >= 0, annotation.start <= annotation.end, annotation.end <= length else {
                throw StageError(
                    "annotation \(index + 1) (\(annotation.type)) has offsets \(annotation.start)..<\(annotation.end) outside \(target) (\(length) Unicode scalars; need 0 <= start <= end <= \(length))")
            }
        }
    }
}
