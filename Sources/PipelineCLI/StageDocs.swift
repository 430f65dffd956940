import PipelineKit

/// Renders a stage spec for `pipeline describe` and the docs: the spec is the one source.
public enum StageDocs {
    /// The spec as a JSON value.
    public static func json(_ spec: StageSpec) -> Value {
        .object([
            "name": .string(spec.name),
            "summary": .string(spec.summary),
            "description": .string(spec.description),
            "options": .array(spec.options.map { option in
                var o: [String: Value] = ["name": .string(option.name), "type": .string(option.type.displayName), "doc": .string(option.doc), "required": .bool(option.required)]
                if let d = option.defaultValue { o["default"] = d }
                return .object(o)
            }),
            "examples": .array(spec.examples.map { example in
                var o: [String: Value] = ["name": .string(example.name), "input": .string(example.input), "options": .object(example.options)]
                if let e = example.expected { o["expected"] = .string(e) }
                if !example.expectedMetadata.isEmpty { o["expected-metadata"] = .object(example.expectedMetadata) }
                return .object(o)
            }),
        ])
    }

    /// The spec as text for a terminal.
    public static func text(_ spec: StageSpec) -> String {
        var out = "\(spec.name): \(spec.summary)\n"
        if !spec.description.isEmpty { out += "\n\(spec.description)\n" }
        out += "\nOptions:\n"
        if spec.options.isEmpty { out += "  (none)\n" }
        for option in spec.options {
            var line = "  \(option.name) (\(option.type.displayName)"
            if let d = option.defaultValue { line += ", default \(d)" } else if option.required { line += ", required" }
            line += ")"
            out += line + "\n      \(option.doc)\n"
        }
        if !spec.examples.isEmpty {
            out += "\nExamples:\n"
            for example in spec.examples {
                out += "  \(example.name)\n"
                if !example.options.isEmpty { out += "    options: \(Value.object(example.options))\n" }
                out += "    input:    \(example.input.debugDescription)\n"
                if let e = example.expected { out += "    output:   \(e.debugDescription)\n" }
                for (k, v) in example.expectedMetadata.sorted(by: { $0.key < $1.key }) { out += "    metadata: \(k) = \(v)\n" }
            }
        }
        return out
    }
}
