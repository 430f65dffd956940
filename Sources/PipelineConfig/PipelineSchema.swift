import PipelineKit

/// The JSON Schema (draft 2020-12) of a pipeline file, built from the stage specs of a registry,
/// for editors (`# yaml-language-server: $schema=…`) and CI linting with any validator.
/// Option types map as: string/integer/number/boolean; `oneOf` -> `enum`; lists -> `array`;
/// `map` -> `additionalProperties`; `record` -> an object with its fields; `anyOf` and
/// `nullable` -> `anyOf`; reserved keys
/// (`id`, `when`, `on-error`) sit beside the stage name; unknown keys are refused everywhere.
public enum PipelineSchema {
    /// The `$id` of the schema.
    public static let id = "https://pipeline.invalid/schema/pipeline.schema.json"

    /// The schema for `registry`.
    public static func schema(for registry: StageRegistry) -> Value {
        var defs: [String: Value] = [:]
        var stageRefs: [Value] = []
        for type in registry.types {
            let spec = type.spec
            let optionsName = "options-" + spec.name
            defs[optionsName] = optionsSchema(spec)
            let withOptions: Value = .object([
                "type": "object",
                "description": .string(spec.summary),
                "properties": .object([
                    spec.name: .object(["anyOf": .array([.object(["$ref": .string("#/$defs/\(optionsName)")]), .object(["type": "null"])])]),
                    "id": .object(["type": "string", "description": "The step's id (default: the stage name)."]),
                    "when": .object(["type": "string", "description": "A condition, e.g. metadata.language == 'fr'."]),
                    "on-error": .object(["enum": ["fail", "skip", "keep"], "description": "What happens to a document when the stage throws."]),
                ]),
                "required": .array([.string(spec.name)]),
                "additionalProperties": false,
            ])
            defs["stage-" + spec.name] = withOptions
            stageRefs.append(.object(["$ref": .string("#/$defs/stage-\(spec.name)")]))
        }
        let names: [Value] = registry.types.map { .string($0.spec.name) }
        defs["test"] = testSchema()
        return .object([
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": .string(id),
            "title": "pipeline file",
            "description": "A YAML pipeline for the `pipeline` command: stages run in order over each document.",
            "type": "object",
            "properties": .object([
                "name": .object(["type": "string", "description": "The pipeline's name (default: the file's stem)."]),
                "description": .object(["type": "string"]),
                "input": .object([
                    "description": "Default input paths or globs, relative to the pipeline file.",
                    "anyOf": .array([.object(["type": "string"]), .object(["type": "array", "items": .object(["type": "string"])])]),
                ]),
                "stages": .object([
                    "type": "array", "minItems": 1,
                    "items": .object(["anyOf": .array([.object(["enum": .array(names)])] + stageRefs)]),
                ]),
                "tests": .object(["type": "array", "items": .object(["$ref": "#/$defs/test"])]),
            ]),
            "required": ["stages"],
            "additionalProperties": false,
            "$defs": .object(defs),
        ])
    }

    static func optionsSchema(_ spec: StageSpec) -> Value {
        var properties: [String: Value] = [:]
        for option in spec.options { properties[option.name] = optionSchema(option) }
        var schema: [String: Value] = ["type": "object", "properties": .object(properties), "additionalProperties": false]
        let required = spec.options.filter(\.required).map { Value.string($0.name) }
        if !required.isEmpty { schema["required"] = .array(required) }
        return .object(schema)
    }

    static func optionSchema(_ option: OptionSpec) -> Value {
        guard case .object(var schema) = typeSchema(option.type) else { return typeSchema(option.type) }
        schema["description"] = .string(option.doc + (option.whenAbsent.map { " When absent: \($0)." } ?? ""))
        if let defaultValue = option.defaultValue { schema["default"] = defaultValue }
        return .object(schema)
    }

    /// The schema of one option type. Values built from `${VAR}` are strings in YAML, so
    /// numbers and booleans also accept a string holding an interpolation.
    static func typeSchema(_ type: OptionType) -> Value {
        let interpolated: Value = .object(["type": "string", "pattern": "\\$\\{"])
        switch type {
        case .string: return .object(["type": "string"])
        case .integer: return .object(["anyOf": .array([.object(["type": "integer"]), interpolated])])
        case .number: return .object(["anyOf": .array([.object(["type": "number"]), interpolated])])
        case .boolean: return .object(["anyOf": .array([.object(["type": "boolean"]), interpolated])])
        case .oneOf(let values): return .object(["anyOf": .array([.object(["enum": .array(values.map { .string($0) })]), interpolated])])
        case .list(let element): return .object(["type": "array", "items": typeSchema(element)])
        case .oneOrList(let element): return .object(["anyOf": .array([typeSchema(element), .object(["type": "array", "items": typeSchema(element)])])])
        case .map(let element): return .object(["type": "object", "additionalProperties": typeSchema(element)])
        case .anyOf(let types): return .object(["anyOf": .array(types.map(typeSchema))])
        case .nullable(let wrapped): return .object(["anyOf": .array([typeSchema(wrapped), .object(["type": "null"])])])
        case .record(let fields):
            var properties: [String: Value] = [:]
            for field in fields { properties[field.name] = optionSchema(field) }
            var schema: [String: Value] = ["type": "object", "properties": .object(properties), "additionalProperties": false]
            let required = fields.filter(\.required).map { Value.string($0.name) }
            if !required.isEmpty { schema["required"] = .array(required) }
            return .object(schema)
        case .any: return .object([:])
        }
    }

    static func testSchema() -> Value {
        let strings: Value = .object(["anyOf": .array([.object(["type": "string"]), .object(["type": "array", "items": .object(["type": "string"])])])])
        return .object([
            "type": "object",
            "description": "A pipeline unit test (pipeline test).",
            "properties": .object([
                "name": .object(["type": "string"]),
                "until": .object(["type": "string", "description": "Run the stages up to and including this step id."]),
                "environment": .object(["type": "object", "additionalProperties": .object(["type": ["string", "integer"]])]),
                "input": .object(["anyOf": .array([
                    .object(["type": "string"]),
                    .object([
                        "type": "object",
                        "properties": .object(["text": .object(["type": "string"]), "id": .object(["type": "string"]),
                                               "metadata": .object(["type": "object"]), "file": .object(["type": "string"])]),
                        "additionalProperties": false,
                    ]),
                ])]),
                "expect": .object([
                    "type": "object",
                    "properties": .object([
                        "text": .object(["type": "string"]), "contains": strings, "not-contains": strings, "error-contains": strings,
                        "metadata": .object(["type": "object"]),
                        "annotations": .object(["type": "object", "additionalProperties": .object(["type": "integer", "minimum": 0])]),
                        "status": .object(["enum": ["ok", "failed", "skipped"]]),
                    ]),
                    "additionalProperties": false,
                ]),
            ]),
            "required": ["name", "input", "expect"],
            "additionalProperties": false,
        ])
    }
}
