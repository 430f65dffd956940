import PipelineKit

/// Renders a stage spec for `pipeline describe` and the docs: the spec is the one source.
/// Options whose type has fields (redact's `patterns` items) are rendered field by field.
public enum StageDocs {
    /// The spec as a JSON value.
    public static func json(_ spec: StageSpec) -> Value {
        .object([
            "name": .string(spec.name),
            "summary": .string(spec.summary),
            "description": .string(spec.description),
            "options": .array(spec.options.map(json)),
            "examples": .array(spec.examples.map { example in
                var object: [String: Value] = ["name": .string(example.name), "input": .string(example.input), "options": .object(example.options)]
                if let expected = example.expected { object["expected"] = .string(expected) }
                if !example.expectedMetadata.isEmpty { object["expected-metadata"] = .object(example.expectedMetadata) }
                return .object(object)
            }),
        ])
    }

    /// One option (or field) as a JSON value, with its fields when its type has any.
    static func json(_ option: OptionSpec) -> Value {
        var object: [String: Value] = ["name": .string(option.name), "type": .string(option.type.displayName), "doc": .string(option.doc), "required": .bool(option.required)]
        if let defaultValue = option.defaultValue { object["default"] = defaultValue }
        if let absent = option.whenAbsent { object["when-absent"] = .string(absent) }
        let fields = option.type.fields
        if !fields.isEmpty { object["fields"] = .array(fields.map(json)) }
        return .object(object)
    }

    /// The spec as text for a terminal.
    public static func text(_ spec: StageSpec) -> String {
        var out = "\(spec.name): \(spec.summary)\n"
        if !spec.description.isEmpty { out += "\n\(spec.description)\n" }
        out += "\nOptions:\n"
        if spec.options.isEmpty { out += "  (none)\n" }
        for option in spec.options { out += text(option, indent: "  ") }
        if !spec.examples.isEmpty {
            out += "\nExamples:\n"
            for example in spec.examples {
                out += "  \(example.name)\n"
                if !example.options.isEmpty { out += "    options: \(Value.object(example.options))\n" }
                out += "    input:    \(example.input.debugDescription)\n"
                if let expected = example.expected { out += "    output:   \(expected.debugDescription)\n" }
                for (k, v) in example.expectedMetadata.sorted(by: { $0.key < $1.key }) { out += "    metadata: \(k) = \(v)\n" }
            }
        }
        return out
    }

    /// One option (or field) as text, its fields indented under it.
    static func text(_ option: OptionSpec, indent: String) -> String {
        var line = "\(indent)\(option.name) (\(option.type.displayName)"
        if let defaultValue = option.defaultValue { line += ", default \(defaultValue)" }
        else if option.required { line += ", required" }
        else if let absent = option.whenAbsent { line += ", default: \(absent)" }
        var out = line + ")\n\(indent)    \(option.doc)\n"
        for field in option.type.fields { out += text(field, indent: indent + "    ") }
        return out
    }

    /// The options as a Markdown table (option, type, default, meaning), fields of nested
    /// options as rows of their own (`patterns[].name`): what the stage pages in docs/stages
    /// show between `markdownBegin` and `markdownEnd`.
    public static func markdownTable(_ spec: StageSpec) -> String {
        var out = "| option | type | default | meaning |\n|---|---|---|---|\n"
        func rows(_ options: [OptionSpec], prefix: String) {
            for option in options {
                let name = prefix + option.name
                let cells = ["`\(name)`", option.type.displayName(literal: { "`\($0)`" }), markdownDefault(option), option.doc]
                out += "| " + cells.map { $0.replacingEvery("|", with: "\\|") }.joined(separator: " | ") + " |\n"
                if let inner = fieldPath(option.type) { rows(option.type.fields, prefix: name + inner) }
            }
        }
        rows(spec.options, prefix: "")
        return out
    }

    /// The line before a stage page's generated option table.
    public static let markdownBegin = "<!-- options:begin (generated from the stage's spec: scripts/update_stage_docs.sh) -->"
    /// The line after a stage page's generated option table.
    public static let markdownEnd = "<!-- options:end -->"

    /// `page` with the text between its markers replaced by `spec`'s option table, or `nil`
    /// when the page has no markers.
    public static func updatingMarkdownTable(in page: String, spec: StageSpec) -> String? {
        guard let begin = page.range(of: markdownBegin), let end = page.range(of: markdownEnd, range: begin.upperBound..<page.endIndex) else {
            return nil
        }
        return String(page[..<begin.upperBound]) + "\n" + markdownTable(spec) + String(page[end.lowerBound...])
    }

    /// The default cell: the value in YAML flow style, `required`, the words of `whenAbsent`, or a dash.
    static func markdownDefault(_ option: OptionSpec) -> String {
        if let defaultValue = option.defaultValue { return "`\(yamlFlow(defaultValue))`" }
        if option.required { return "required" }
        return option.whenAbsent ?? "—"
    }

    /// A value as it would be written in YAML flow style: `[a, b]`, `{}`, `30`, `text`.
    static func yamlFlow(_ value: Value) -> String {
        switch value {
        case .string(let string): return string.isEmpty ? "\"\"" : string
        case .array(let items): return "[" + items.map(yamlFlow).joined(separator: ", ") + "]"
        case .object(let entries): return "{" + entries.keys.sorted().map { "\($0): \(yamlFlow(entries[$0]!))" }.joined(separator: ", ") + "}"
        default: return value.description
        }
    }

    /// How a nested field's name continues its option's: `[]` for list items, `.KEY` for
    /// mapping values, `.` before a record's fields; `nil` when the type has no fields.
    static func fieldPath(_ type: OptionType) -> String? {
        switch type {
        case .record: return "."
        case .list(let element), .oneOrList(let element): return fieldPath(element).map { "[]" + $0 }
        case .map(let element): return fieldPath(element).map { ".KEY" + $0 }
        case .nullable(let inner): return fieldPath(inner)
        case .anyOf(let types): return types.lazy.compactMap(fieldPath).first
        default: return nil
        }
    }
}
