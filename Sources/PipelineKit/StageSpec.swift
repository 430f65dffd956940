/// Everything a stage declares about itself: the single source of truth for option decoding
/// and validation, `pipeline describe`, the docs and the shared example tests.
public struct StageSpec: Sendable {
    /// The name used in YAML, e.g. `strip-salutations`.
    public var name: String
    /// `.transform` (the default) or `.sink` for a stage that is not a `Sink` but is to be run
    /// as one. The runner asks the role, never the name, to know a stage that delivers documents
    /// (it then prints no text itself and hands the stage a `SinkContext`). A `Sink` is a sink
    /// whatever this says: `Stage.role` decides, and a built stage's spec carries its answer.
    public var role: StageRole
    /// One line for `pipeline stages`.
    public var summary: String
    /// A longer explanation for `pipeline describe`.
    public var description: String
    /// The options the stage accepts.
    public var options: [OptionSpec]
    /// Worked examples; each is also a test.
    public var examples: [StageExample]
    /// `true` when the stage's annotations are findings a code-scanning report lists (redact's
    /// personal data and secrets), rather than structure (greetings, summary sentences).
    public var reportsFindings: Bool

    /// Creates a spec.
    public init(name: String, role: StageRole = .transform, summary: String, description: String = "", options: [OptionSpec] = [],
                examples: [StageExample] = [], reportsFindings: Bool = false) {
        self.name = name
        self.role = role
        self.summary = summary
        self.description = description
        self.options = options
        self.examples = examples
        self.reportsFindings = reportsFindings
    }

    /// The option named `name`, if any.
    public func option(_ name: String) -> OptionSpec? { options.first { $0.name == name } }

    /// Checks `given` against the options: unknown names, wrong types and missing required
    /// options become issues (all of them). The resolved options are `given` with defaults
    /// filled in and every value in its canonical shape (`OptionType.normalized`): a one-or-list
    /// option is a list, a record has its fields' defaults. That is what `Options` decodes from.
    public func resolve(options given: [String: Value]) -> (options: [String: Value], issues: [OptionIssue]) {
        var issues: [OptionIssue] = []
        for key in given.keys.sorted() {
            guard let option = option(key) else {
                var message = "unknown option '\(key)' for stage '\(name)'"
                if let guess = Suggestion.closest(to: key, in: options.map(\.name)) {
                    message += " (did you mean '\(guess)'?)"
                } else if !options.isEmpty {
                    message += " (options: \(options.map(\.name).joined(separator: ", ")))"
                } else {
                    message += " (it takes no options)"
                }
                issues.append(OptionIssue(path: [key], message: message, atKey: true))
                continue
            }
            let value = given[key]!
            if option.treatsAsAbsent(value) { continue }
            if let problem = option.type.check(value, path: [key]) {
                issues.append(OptionIssue(path: problem.path, message: "option '\(key)' of stage '\(name)': \(problem.message)"))
            }
        }
        for option in options where option.required && given[option.name] == nil {
            issues.append(OptionIssue(path: [], message: "stage '\(name)' needs option '\(option.name)' (\(option.doc))"))
        }
        return (OptionSpec.resolve(options, given: given), issues)
    }
}

/// One problem with a stage's options: where (`path` of keys and list indices inside the
/// options) and what. The config layer turns the path into a file:line:column.
public struct OptionIssue: Sendable, Equatable, Error {
    /// Keys and indices from the options mapping down to the offending value.
    public var path: [String]
    /// The message, without location.
    public var message: String
    /// `true` when the issue is about the key itself (point at the key, not its value).
    public var atKey: Bool

    /// Creates an issue.
    public init(path: [String], message: String, atKey: Bool = false) {
        self.path = path
        self.message = message
        self.atKey = atKey
    }
}

/// One option of a stage (or one field of a `.record` option).
public struct OptionSpec: Sendable, Equatable {
    /// The YAML key, in kebab-case.
    public var name: String
    /// The accepted shape of the value.
    public var type: OptionType
    /// The value used when the option is absent (`nil`: none).
    public var defaultValue: Value?
    /// `true` when the option must be given.
    public var required: Bool
    /// What happens when the option is absent and there is no default value, in words
    /// (`stdout`, `the pipeline's folder`), for `describe` and the docs; `nil`: nothing said.
    public var whenAbsent: String?
    /// One or two sentences for `pipeline describe` and the docs.
    public var doc: String

    /// Creates an option. An option without a default is optional unless `required` is set.
    public init(_ name: String, _ type: OptionType, default defaultValue: Value? = nil, required: Bool = false,
                whenAbsent: String? = nil, doc: String) {
        self.name = name
        self.type = type
        self.defaultValue = defaultValue
        self.required = required
        self.whenAbsent = whenAbsent
        self.doc = doc
    }

    /// `true` when `value` counts as not given: `null` for an optional option whose type does
    /// not take `null` itself.
    func treatsAsAbsent(_ value: Value) -> Bool {
        guard value.isNull, !required else { return false }
        if case .nullable = type { return false }
        return true
    }

    /// The options or record fields `fields` resolved from `given`: each given value in its
    /// canonical shape, defaults for the rest, unknown keys left out. The one place where
    /// defaults are filled in, for a stage's options and for a record's fields alike.
    static func resolve(_ fields: [OptionSpec], given: [String: Value]) -> [String: Value] {
        var resolved: [String: Value] = [:]
        for field in fields {
            if let value = given[field.name], !field.treatsAsAbsent(value) {
                resolved[field.name] = field.type.normalized(value)
            } else if let fallback = field.defaultValue {
                resolved[field.name] = field.type.normalized(fallback)
            }
        }
        return resolved
    }
}

/// The shape an option's value must have.
public indirect enum OptionType: Sendable, Equatable {
    case string
    case integer
    case number
    case boolean
    /// One of a fixed set of strings.
    case oneOf([String])
    /// A list whose elements have the given type.
    case list(OptionType)
    /// A single value of the given type or a list of them (`to: fr` or `to: [fr, de]`).
    case oneOrList(OptionType)
    /// A mapping with string keys whose values have the given type.
    case map(OptionType)
    /// A mapping with the given fields: unknown keys, missing required fields and wrong types
    /// are errors (redact's `patterns` items). Absent fields get their defaults.
    case record([OptionSpec])
    /// A value of any of the given types, tried in order (redact's `terms`: a list or a mapping).
    case anyOf([OptionType])
    /// A value of the given type or `null` (for an option where `null` means something other
    /// than "not given"; a plain optional option treats `null` as absent).
    case nullable(OptionType)
    /// Anything: for settings whose shape the stage does not know (a custom provider's).
    case any

    /// One of the raw values of `E`'s cases, in declaration order: the enum the stage decodes is
    /// then the only list of the allowed values (`.cases(of: WireProtocol.self)`).
    public static func cases<Choice: CaseIterable & RawRepresentable>(of type: Choice.Type) -> OptionType where Choice.RawValue == String {
        .oneOf(Choice.allCases.map(\.rawValue))
    }

    /// How the type reads in help and errors: `string`, `list of string`, `one of: a, b`.
    public var displayName: String { displayName(literal: { $0 }) }

    /// How the type reads, with each literal (a `oneOf` value) passed through `literal`: the
    /// docs write them as code (`` `a` ``).
    public func displayName(literal: (String) -> String) -> String {
        func nested(_ type: OptionType) -> String {
            switch type {
            case .oneOrList, .anyOf, .nullable: return "(\(type.displayName(literal: literal)))"
            default: return type.displayName(literal: literal)
            }
        }
        switch self {
        case .string: return "string"
        case .integer: return "integer"
        case .number: return "number"
        case .boolean: return "boolean"
        case .oneOf(let values): return "one of: " + values.map(literal).joined(separator: ", ")
        case .list(let inner): return "list of \(nested(inner))"
        case .oneOrList(let inner): return "\(nested(inner)) or list of \(nested(inner))"
        case .map(let inner): return "mapping of \(nested(inner))"
        case .record(let fields): return "mapping {" + fields.map { $0.name + ($0.required ? "" : "?") }.joined(separator: ", ") + "}"
        case .anyOf(let types): return types.dropLast().map(nested).joined(separator: ", ") + (types.count > 1 ? ", or " : "") + (types.last.map(nested) ?? "")
        case .nullable(let inner): return "\(nested(inner)) or null"
        case .any: return "any"
        }
    }

    /// The fields of a record, also inside lists, maps and alternatives: what `describe`, the docs
    /// and the schema list under an option. Empty for types without fields.
    public var fields: [OptionSpec] {
        switch self {
        case .record(let fields): return fields
        case .list(let inner), .oneOrList(let inner), .map(let inner), .nullable(let inner): return inner.fields
        case .anyOf(let types): return types.flatMap(\.fields)
        default: return []
        }
    }

    /// `value` (which passed `check`) in the one shape `Options` decodes: a single value of a
    /// one-or-list option becomes a list, records get their fields' defaults, and so on inside
    /// lists, mappings and alternatives.
    public func normalized(_ value: Value) -> Value {
        switch self {
        case .list(let element):
            guard let items = value.arrayValue else { return value }
            return .array(items.map(element.normalized))
        case .oneOrList(let element):
            if let items = value.arrayValue { return .array(items.map(element.normalized)) }
            return .array([element.normalized(value)])
        case .map(let element):
            guard let entries = value.objectValue else { return value }
            return .object(entries.mapValues(element.normalized))
        case .record(let fields):
            guard let entries = value.objectValue else { return value }
            return .object(OptionSpec.resolve(fields, given: entries))
        case .anyOf(let types):
            return types.first { $0.check(value, path: []) == nil }?.normalized(value) ?? value
        case .nullable(let inner):
            return value.isNull ? value : inner.normalized(value)
        case .string, .integer, .number, .boolean, .oneOf, .any:
            return value
        }
    }

    /// A problem with `value`, or `nil` when it fits. `path` is where `value` sits.
    public func check(_ value: Value, path: [String]) -> (path: [String], message: String)? {
        func expected() -> (path: [String], message: String) {
            (path, "expected \(displayName), found \(value.kindName)\(value.stringValue.map { " '\($0)'" } ?? "")")
        }
        switch self {
        case .any: return nil
        case .string: return value.stringValue != nil ? nil : expected()
        case .integer: return value.intValue != nil ? nil : expected()
        case .number: return value.doubleValue != nil ? nil : expected()
        case .boolean: return value.boolValue != nil ? nil : expected()
        case .nullable(let wrapped):
            if value.isNull { return nil }
            guard let problem = wrapped.check(value, path: path) else { return nil }
            return problem.path.count > path.count ? problem : expected()
        case .anyOf(let types):
            var problems: [(path: [String], message: String)] = []
            for alternative in types {
                guard let problem = alternative.check(value, path: path) else { return nil }
                problems.append(problem)
            }
            // The value has the shape of an alternative but something inside it is wrong: say what.
            if let inner = problems.filter({ $0.path.count > path.count }).max(by: { $0.path.count < $1.path.count }) { return inner }
            return expected()
        case .record(let fields):
            guard let entries = value.objectValue else { return expected() }
            for key in entries.keys.sorted() {
                guard let field = fields.first(where: { $0.name == key }) else {
                    var message = "unknown key '\(key)'"
                    if let guess = Suggestion.closest(to: key, in: fields.map(\.name)) { message += " (did you mean '\(guess)'?)" }
                    else { message += " (keys: \(fields.map(\.name).joined(separator: ", ")))" }
                    return (path + [key], message)
                }
                let fieldValue = entries[key]!
                if field.treatsAsAbsent(fieldValue) { continue }
                if let problem = field.type.check(fieldValue, path: path + [key]) { return problem }
            }
            if let missing = fields.first(where: { $0.required && entries[$0.name] == nil }) {
                return (path, "missing key '\(missing.name)' (\(missing.doc))")
            }
            return nil
        case .oneOf(let allowed):
            guard let text = value.stringValue else { return expected() }
            if allowed.contains(text) { return nil }
            var message = "'\(text)' is not one of: \(allowed.joined(separator: ", "))"
            if let guess = Suggestion.closest(to: text, in: allowed) { message += " (did you mean '\(guess)'?)" }
            return (path, message)
        case .list(let element):
            guard let items = value.arrayValue else { return expected() }
            return element.checkItems(items, path: path)
        case .oneOrList(let element):
            if let items = value.arrayValue { return element.checkItems(items, path: path) }
            return element.check(value, path: path)
        case .map(let element):
            guard let entries = value.objectValue else { return expected() }
            for key in entries.keys.sorted() {
                if let problem = element.check(entries[key]!, path: path + [key]) { return problem }
            }
            return nil
        }
    }

    /// The first problem among list items of this type, at `path` + the item's index.
    private func checkItems(_ items: [Value], path: [String]) -> (path: [String], message: String)? {
        for (index, item) in items.enumerated() {
            if let problem = check(item, path: path + [String(index)]) { return problem }
        }
        return nil
    }
}

/// A worked example of a stage: input, options, and what must come out. Each example is
/// documentation (`pipeline describe`) and a test (checked for every registered stage).
public struct StageExample: Sendable {
    /// A short name, e.g. "greeting on the same line as the body".
    public var name: String
    /// The input text.
    public var input: String
    /// Options for this example (defaults fill in the rest).
    public var options: [String: Value]
    /// Metadata the input document starts with.
    public var inputMetadata: [String: Value]
    /// The exact expected output text, or `nil` to leave the text unchecked.
    public var expected: String?
    /// Metadata entries the output must have (others may exist too).
    public var expectedMetadata: [String: Value]
    /// The annotation types the stage must add, in order, or `nil` to leave them unchecked.
    public var expectedAnnotations: [String]?

    /// Creates an example.
    public init(_ name: String, input: String, options: [String: Value] = [:], inputMetadata: [String: Value] = [:],
                expected: String? = nil, expectedMetadata: [String: Value] = [:], expectedAnnotations: [String]? = nil) {
        self.name = name
        self.input = input
        self.options = options
        self.inputMetadata = inputMetadata
        self.expected = expected
        self.expectedMetadata = expectedMetadata
        self.expectedAnnotations = expectedAnnotations
    }
}
