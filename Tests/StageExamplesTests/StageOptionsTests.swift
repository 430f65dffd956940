import BuiltInStages
import PipelineCLI
import PipelineKit
import XCTest

/// A stage's spec is the one declaration of its options: its `Options` struct (and every nested
/// record type) must have exactly one stored property per spec option, named as the option in
/// camelCase, of a type that holds what the option admits, and must decode from what
/// `StageSpec.resolve` produces.
final class StageOptionsTests: XCTestCase {
    func testEveryBuiltInStageDecodesItsResolvedDefaults() {
        for type in BuiltInStages.all { checkDefaultsDecode(type) }
    }

    func testEveryBuiltInStageOptionIsAStoredPropertyAndEveryPropertyAnOption() {
        for type in BuiltInStages.all {
            XCTAssertEqual(Self.mismatches(type), [], type.spec.name)
        }
    }

    /// The check can fail: a stage whose struct and spec drifted apart is caught both ways, also
    /// inside a record option's items.
    func testAStageWhoseStructAndSpecDisagreeIsCaught() {
        XCTAssertEqual(Self.mismatches(Drifted.self), [
            "drifted: property 'extra-setting' has no option in the spec",
            "drifted: option 'forgotten' has no stored property",
            "drifted: property 'level' holds String, not integer",
            "drifted.rules: property 'weight' has no option in the spec",
        ])
        XCTAssertEqual(Self.mismatches(Agreeing.self), [])
    }

    /// Values the spec refuses never reach a stage's `init`: an unknown enum value, validator or
    /// phrase kind is an issue at its own path, with a suggestion, before `Options` is decoded
    /// (the stages keep no second check of their own).
    func testTheSpecRefusesWhatTheStagesNoLongerCheck() {
        func firstIssue<S: Stage>(_ type: S.Type, _ given: [String: Value]) -> OptionIssue? {
            do {
                _ = try S.decodeOptions(given)
                return nil
            } catch {
                return (error as? OptionIssues)?.issues.first
            }
        }
        func issue(_ stage: String, _ given: [String: Value]) -> OptionIssue? {
            guard let type = BuiltInStages.all.first(where: { $0.spec.name == stage }) else { return nil }
            return firstIssue(type, given)
        }
        let method = issue("summarize", ["method": "lexrnk"])
        XCTAssertEqual(method?.path, ["method"])
        XCTAssertEqual(method?.message.contains("did you mean 'lexrank'"), true, method?.message ?? "no issue")
        let operatorIssue = issue("redact", ["replace-with": "hsh"])
        XCTAssertEqual(operatorIssue?.path, ["replace-with"])
        XCTAssertEqual(operatorIssue?.message.contains("did you mean 'hash'"), true, operatorIssue?.message ?? "no issue")
        let validator = issue("redact", ["patterns": [["name": "a", "regex": "a", "validator": "lun"]]])
        XCTAssertEqual(validator?.path, ["patterns", "0", "validator"])
        XCTAssertEqual(validator?.message.contains("did you mean 'luhn'"), true, validator?.message ?? "no issue")
        let kind = issue("strip-salutations", ["phrases": ["greetng": ["ahoy"]]])
        XCTAssertEqual(kind?.path, ["phrases", "greetng"])
        XCTAssertEqual(kind?.message.contains("did you mean 'greeting'"), true, kind?.message ?? "no issue")
    }

    /// One value that fits `type` (used to give every option, so nested items exist to inspect).
    /// A one-or-list option gets a single value, so its normalization to a list is exercised too.
    static func sample(_ type: OptionType) -> Value {
        switch type {
        case .string, .any: return "x"
        case .integer: return 1
        case .number: return 1.5
        case .boolean: return true
        case .oneOf(let values): return .string(values[0])
        case .list(let element): return [sample(element)]
        case .oneOrList(let element): return sample(element)
        case .map(let element): return ["key": sample(element)]
        case .record(let fields): return .object(Dictionary(uniqueKeysWithValues: fields.map { ($0.name, sample($0.type)) }))
        case .anyOf(let types): return sample(types[0])
        case .nullable(let inner): return sample(inner)
        }
    }

    /// Decoding the resolved defaults (plus a sample for each required option) succeeds.
    private func checkDefaultsDecode<S: Stage>(_ type: S.Type) {
        var given: [String: Value] = [:]
        for option in S.spec.options where option.required { given[option.name] = Self.sample(option.type) }
        XCTAssertNoThrow(try S.decodeOptions(given), "\(S.spec.name): its resolved defaults do not decode")
    }

    /// Every difference between `S.Options`' stored properties and `S.spec`'s options, and
    /// between each record option's item type and the record's fields.
    static func mismatches<S: Stage>(_ type: S.Type) -> [String] {
        let given = Dictionary(uniqueKeysWithValues: S.spec.options.map { ($0.name, sample($0.type)) })
        do {
            let (options, _) = try S.decodeOptions(given)
            return mismatchedProperties(Mirror(reflecting: options), S.spec.options, label: S.spec.name)
        } catch {
            return ["\(S.spec.name): a sample of every option does not decode: \(error)"]
        }
    }

    private static func mismatchedProperties(_ mirror: Mirror, _ fields: [OptionSpec], label: String) -> [String] {
        var properties: [String: Any] = [:]
        for child in mirror.children {
            guard let name = child.label else { continue }
            properties[ValueDecoder.kebabCase(name)] = child.value
        }
        var found: [String] = []
        for name in properties.keys.sorted() where !fields.contains(where: { $0.name == name }) {
            found.append("\(label): property '\(name)' has no option in the spec")
        }
        for field in fields where properties[field.name] == nil {
            found.append("\(label): option '\(field.name)' has no stored property")
        }
        for field in fields {
            guard let value = properties[field.name], !holds(value, field.type) else { continue }
            found.append("\(label): property '\(field.name)' holds \(Swift.type(of: value)), not \(field.type.displayName)")
        }
        for field in fields where !field.type.fields.isEmpty {
            guard let item = properties[field.name].flatMap({ recordItem(in: $0, of: field.type) }) else {
                found.append("\(label).\(field.name): no decoded item to compare with its fields")
                continue
            }
            found += mismatchedFields(Mirror(reflecting: item), field.type.fields, label: "\(label).\(field.name)")
        }
        return found
    }

    /// A record decoded into a dictionary (keyed by field name) agrees when its keys are the
    /// fields: the sample gives every field. Into a struct, its stored properties must be.
    private static func mismatchedFields(_ mirror: Mirror, _ fields: [OptionSpec], label: String) -> [String] {
        guard mirror.displayStyle == .dictionary else { return mismatchedProperties(mirror, fields, label: label) }
        let keys = Set(mirror.children.compactMap { Mirror(reflecting: $0.value).children.first?.value as? String })
        return keys == Set(fields.map(\.name)) ? [] : ["\(label): keys \(keys.sorted()) are not the fields \(fields.map(\.name))"]
    }

    /// `true` when a decoded property `value` can hold what `type` admits (optionals unwrapped):
    /// an integer option in an `Int`, a `oneOf` in a `String` or a string enum, a list in an array.
    private static func holds(_ value: Any, _ type: OptionType) -> Bool {
        let mirror = Mirror(reflecting: value)
        if mirror.displayStyle == .optional { return mirror.children.first.map { holds($0.value, type) } ?? true }
        switch type {
        case .string: return value is String
        case .integer: return value is Int
        case .number: return value is Double
        case .boolean: return value is Bool
        case .oneOf: return value is String || (value as? any RawRepresentable)?.rawValue is String
        case .list, .oneOrList: return mirror.displayStyle == .collection
        case .map: return mirror.displayStyle == .dictionary
        case .record: return mirror.displayStyle == .dictionary || mirror.displayStyle == .struct
        case .nullable(let inner): return holds(value, inner)
        case .anyOf, .any: return true
        }
    }

    /// The first decoded item of the record inside `type`, found in `value` by following the type
    /// (optionals unwrapped, the first list element, the first mapping value).
    private static func recordItem(in value: Any, of type: OptionType) -> Any? {
        let mirror = Mirror(reflecting: value)
        if mirror.displayStyle == .optional { return mirror.children.first.flatMap { recordItem(in: $0.value, of: type) } }
        switch type {
        case .record: return value
        case .list(let element), .oneOrList(let element):
            return mirror.children.first.flatMap { recordItem(in: $0.value, of: element) }
        case .map(let element):
            return mirror.children.first.flatMap { Mirror(reflecting: $0.value).children.dropFirst().first }.flatMap { recordItem(in: $0.value, of: element) }
        case .nullable(let inner): return recordItem(in: value, of: inner)
        case .anyOf(let types): return types.first { !$0.fields.isEmpty }.flatMap { recordItem(in: value, of: $0) }
        default: return nil
        }
    }
}

/// A stage whose struct has a property the spec lacks, lacks one the spec has, reads an integer
/// option into a string (which decodes: `1` becomes "1"), and whose record items disagree with
/// the record's fields.
private struct Drifted: Stage {
    struct Rule: Decodable, Sendable {
        var name: String
        var weight: Int?
    }
    struct Options: Decodable, Sendable {
        var level: String
        var extraSetting: String?
        var rules: [Rule]
    }
    static let spec = StageSpec(
        name: "drifted", summary: "Test stage.",
        options: [
            OptionSpec("level", .integer, default: 1, doc: "A level."),
            OptionSpec("forgotten", .string, doc: "Declared but not in the struct."),
            OptionSpec("rules", .list(.record([OptionSpec("name", .string, required: true, doc: "A name.")])), default: [], doc: "Rules."),
        ])
    init(options: Options, setup: StageSetup) throws {}
    func process(_ document: Document, context: StageContext) async throws -> [Document] { [document] }
}

/// The same stage with struct and spec in agreement, a one-or-list option and a record read
/// as a dictionary included.
private struct Agreeing: Stage {
    struct Rule: Decodable, Sendable {
        var name: String
        var weight: Int
    }
    struct Options: Decodable, Sendable {
        var level: Int
        var languages: [String]
        var rules: [Rule]
        var phrases: [String: [String]]?
    }
    static let spec = StageSpec(
        name: "agreeing", summary: "Test stage.",
        options: [
            OptionSpec("level", .integer, default: 1, doc: "A level."),
            OptionSpec("languages", .oneOrList(.string), default: "en", doc: "One code or a list."),
            OptionSpec("rules", .list(.record([
                OptionSpec("name", .string, required: true, doc: "A name."),
                OptionSpec("weight", .integer, default: 1, doc: "A weight."),
            ])), default: [], doc: "Rules."),
            OptionSpec("phrases", .record([
                OptionSpec("greeting", .list(.string), doc: "Openers."),
                OptionSpec("closing", .list(.string), doc: "Sign-offs."),
            ]), doc: "Phrases by kind."),
        ])
    init(options: Options, setup: StageSetup) throws {}
    func process(_ document: Document, context: StageContext) async throws -> [Document] { [document] }
}
