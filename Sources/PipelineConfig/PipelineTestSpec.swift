import Foundation
import PipelineKit
import Yams

/// A pipeline unit test, from a pipeline's `tests:` list or a sidecar `NAME.test.yaml`
/// (as Vector's `tests:` and Redpanda Connect's `*_benthos_test.yaml`).
///
/// ```yaml
/// tests:
///   - name: a leaked key fails the gate
///     input: "token AKIAIOSFODNN7EXAMPLE"      # or {text, id, metadata}, or {file: PATH}
///     until: redact                            # optional: run the stages up to this id
///     expect:
///       not-contains: [AKIAIOSFODNN7EXAMPLE]
///       annotations: {secret: 1}
/// ```
public struct PipelineTestCase: Sendable {
    /// The test's name (`PASS name`).
    public var name: String
    /// Where the test starts in its file.
    public var location: SourceLocation
    /// The input document's text (read from `file` when given).
    public var text: String?
    /// `input.file`, resolved against the test file's folder.
    public var file: String?
    /// The document id (default: the test's name).
    public var id: String?
    /// The document's starting metadata.
    public var metadata: [String: Value]
    /// Run the stages up to and including this step id.
    public var until: String?
    /// Environment variables set while the pipeline is built for this test (a test key for
    /// `hash-key-env`, say), as Redpanda Connect's test `environment`.
    public var environment: [String: String] = [:]
    /// What must hold.
    public var expect: PipelineTestExpectation
}

/// What a pipeline test checks; every key is optional, and all given must hold.
public struct PipelineTestExpectation: Sendable {
    /// The exact final text.
    public var text: String?
    /// Substrings the text must contain.
    public var contains: [String] = []
    /// Substrings the text must not contain.
    public var notContains: [String] = []
    /// Metadata entries that must be present with these values (a subset).
    public var metadata: [String: Value] = [:]
    /// Annotation counts by type (0 means none of that type).
    public var annotations: [String: Int] = [:]
    /// `ok`, `failed` or `skipped`.
    public var status: String?
    /// Substrings the error must contain (implies a failed or skipped document unless `status` says otherwise).
    public var errorContains: [String] = []
    /// Creates an empty expectation.
    public init() {}
}

extension PipelineLoader {
    /// The keys a test may have.
    public static let testKeys = ["name", "input", "until", "environment", "expect"]
    /// The keys of a test's `expect`.
    public static let expectKeys = ["text", "contains", "not-contains", "metadata", "annotations", "status", "error-contains"]

    /// Reads a sidecar test file (`NAME.test.yaml`: a mapping with a `tests:` list) for `pipeline`.
    public func loadTests(file path: String, for pipeline: PipelineDefinition) throws(PipelineConfigError) -> [PipelineTestCase] {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw PipelineConfigError(diagnostics: [Diagnostic(file: path, "cannot read the test file")])
        }
        let base = URL(fileURLWithPath: path).deletingLastPathComponent().path
        var validator = Validator(loader: self, file: path, baseDirectory: base, text: text)
        let tests = validator.runTestsFile(stepIDs: pipeline.steps.map(\.id))
        if validator.diagnostics.contains(where: { $0.severity == .error }) || tests == nil {
            throw PipelineConfigError(diagnostics: validator.diagnostics.isEmpty ? [Diagnostic(file: path, "invalid test file")] : validator.diagnostics)
        }
        return tests!
    }

    /// The sidecar test file of a pipeline file: `brief.yaml` -> `brief.test.yaml`.
    public static func sidecarTestFile(for pipelineFile: String) -> String {
        let url = URL(fileURLWithPath: pipelineFile)
        let stem = url.deletingPathExtension().lastPathComponent
        let folder = (pipelineFile as NSString).deletingLastPathComponent
        let name = stem + ".test." + (url.pathExtension.isEmpty ? "yaml" : url.pathExtension)
        return folder.isEmpty ? name : folder + "/" + name
    }

    /// `true` for `NAME.test.yaml` / `NAME.test.yml`.
    public static func isTestFile(_ path: String) -> Bool {
        let name = (path as NSString).lastPathComponent
        return name.hasSuffix(".test.yaml") || name.hasSuffix(".test.yml")
    }
}

extension Validator {
    /// Parses a sidecar test file.
    mutating func runTestsFile(stepIDs: [String]) -> [PipelineTestCase]? {
        guard YAMLTreeBuilder.precheck(text, file: file, limits: loader.limits) == nil else {
            if let problem = YAMLTreeBuilder.precheck(text, file: file, limits: loader.limits) { diagnostics.append(problem) }
            return nil
        }
        let node: Node?
        do { node = try Yams.compose(yaml: text, .basic) } catch let yamlError as YamlError {
            diagnostics.append(yamlDiagnostic(yamlError))
            return nil
        } catch {
            diagnostics.append(Diagnostic(file: file, "cannot parse YAML: \(error)"))
            return nil
        }
        guard let node, var tree = try? YAMLTreeBuilder.build(node, file: file, limits: loader.limits) else {
            diagnostics.append(Diagnostic(file: file, "the test file is empty: it needs a 'tests:' list"))
            return nil
        }
        tree = interpolate(tree)
        guard case .mapping(let pairs, _) = tree else {
            error(tree.location, "a test file must be a mapping with a 'tests:' list, found \(tree.kindName)")
            return nil
        }
        var tests: [PipelineTestCase]?
        for (keyNode, valueNode) in pairs {
            if keyNode.scalarText == "tests" { tests = validateTests(valueNode, stepIDs: stepIDs) } else {
                error(keyNode.location, "unknown key '\(keyNode.scalarText ?? "?")' in a test file (expected: tests)")
            }
        }
        if tests == nil && !diagnostics.contains(where: { $0.severity == .error }) { error(tree.location, "the test file has no 'tests:' list") }
        return tests
    }

    /// Validates a `tests:` list; step ids check `until`.
    mutating func validateTests(_ node: YAMLTree, stepIDs: [String]?) -> [PipelineTestCase]? {
        guard case .sequence(let items, _) = node else {
            error(node.location, "'tests' must be a list of tests, found \(node.kindName)")
            return nil
        }
        var tests: [PipelineTestCase] = []
        var names: [String: Int] = [:]
        for item in items {
            guard let test = validateTest(item, stepIDs: stepIDs) else { continue }
            if let first = names[test.name] { error(item.location, "duplicate test name '\(test.name)' (first at line \(first))") }
            names[test.name] = test.location.line
            tests.append(test)
        }
        return tests
    }

    mutating func validateTest(_ item: YAMLTree, stepIDs: [String]?) -> PipelineTestCase? {
        guard case .mapping(let pairs, let location) = item else {
            error(item.location, "a test must be a mapping with 'name', 'input' and 'expect', found \(item.kindName)")
            return nil
        }
        var test = PipelineTestCase(name: "", location: location, text: nil, file: nil, id: nil, metadata: [:], until: nil, expect: PipelineTestExpectation())
        var sawName = false, sawInput = false, sawExpect = false
        for (keyNode, valueNode) in pairs {
            guard let key = keyNode.scalarText else { error(keyNode.location, "keys must be plain strings"); continue }
            switch key {
            case "name":
                if let name = stringScalar(valueNode, what: "'name'") { test.name = name; sawName = true }
            case "until":
                if let stageID = stringScalar(valueNode, what: "'until'") {
                    if let ids = stepIDs, !ids.contains(stageID) {
                        var message = "'until' names no stage id '\(stageID)'"
                        if let guess = Suggestion.closest(to: stageID, in: ids) { message += " (did you mean '\(guess)'?)" } else { message += " (ids: \(ids.joined(separator: ", ")))" }
                        error(valueNode.location, message)
                    }
                    test.until = stageID
                }
            case "environment":
                if case .mapping = valueNode, let variables = value(valueNode).objectValue {
                    for (name, val) in variables {
                        switch val {
                        case .string(let string): test.environment[name] = string
                        case .int(let integer): test.environment[name] = String(integer)
                        default: error(valueNode.location, "'environment' values must be strings")
                        }
                    }
                } else { error(valueNode.location, "'environment' must map variable names to values, found \(valueNode.kindName)") }
            case "input":
                sawInput = true
                validateTestInput(valueNode, into: &test)
            case "expect":
                sawExpect = true
                validateExpect(valueNode, into: &test.expect)
            default:
                unknown(key, at: keyNode.location, allowed: PipelineLoader.testKeys, what: "a test")
            }
        }
        if !sawName { error(location, "a test needs a 'name'") }
        if !sawInput { error(location, "test '\(test.name)' needs an 'input' (a string, {text, id, metadata} or {file: PATH})") }
        if !sawExpect { error(location, "test '\(test.name)' needs an 'expect' mapping (text, contains, not-contains, metadata, annotations, status, error-contains)") }
        return sawName ? test : nil
    }

    mutating func unknown(_ key: String, at location: SourceLocation, allowed: [String], what: String) {
        var message = "unknown key '\(key)' in \(what)"
        if let guess = Suggestion.closest(to: key, in: allowed) { message += " (did you mean '\(guess)'?)" } else { message += " (allowed: \(allowed.joined(separator: ", ")))" }
        error(location, message)
    }

    mutating func validateTestInput(_ node: YAMLTree, into test: inout PipelineTestCase) {
        switch node {
        case .scalar:
            test.text = stringScalar(node, what: "'input'")
        case .sequence:
            error(node.location, "'input' must be a string or a mapping {text, id, metadata} or {file: PATH}, found list")
        case .mapping(let pairs, _):
            for (keyNode, valueNode) in pairs {
                guard let key = keyNode.scalarText else { continue }
                switch key {
                case "text": test.text = stringScalar(valueNode, what: "'input.text'")
                case "id": test.id = stringScalar(valueNode, what: "'input.id'")
                case "file": if let path = stringScalar(valueNode, what: "'input.file'") { test.file = resolve(path) }
                case "metadata":
                    if case .mapping = valueNode { test.metadata = value(valueNode).objectValue ?? [:] } else { error(valueNode.location, "'input.metadata' must be a mapping, found \(valueNode.kindName)") }
                default: unknown(key, at: keyNode.location, allowed: ["text", "id", "metadata", "file"], what: "a test input")
                }
            }
            if test.text == nil && test.file == nil { error(node.location, "a test input needs 'text' or 'file'") }
            if test.text != nil && test.file != nil { error(node.location, "a test input takes 'text' or 'file', not both") }
        }
    }

    mutating func stringList(_ node: YAMLTree, what: String) -> [String] {
        if case .scalar = node { return stringScalar(node, what: what).map { [$0] } ?? [] }
        guard case .sequence(let items, _) = node else { error(node.location, "\(what) must be a string or a list of strings, found \(node.kindName)"); return [] }
        return items.compactMap { stringScalar($0, what: "an entry of \(what)") }
    }

    mutating func validateExpect(_ node: YAMLTree, into expect: inout PipelineTestExpectation) {
        guard case .mapping(let pairs, _) = node else {
            error(node.location, "'expect' must be a mapping, found \(node.kindName)")
            return
        }
        for (keyNode, valueNode) in pairs {
            guard let key = keyNode.scalarText else { continue }
            switch key {
            case "text": expect.text = stringScalar(valueNode, what: "'expect.text'")
            case "contains": expect.contains = stringList(valueNode, what: "'expect.contains'")
            case "not-contains": expect.notContains = stringList(valueNode, what: "'expect.not-contains'")
            case "error-contains": expect.errorContains = stringList(valueNode, what: "'expect.error-contains'")
            case "status":
                if let status = stringScalar(valueNode, what: "'expect.status'") {
                    if ["ok", "failed", "skipped"].contains(status) { expect.status = status } else {
                        error(valueNode.location, "'expect.status' must be one of: ok, failed, skipped; found '\(status)'")
                    }
                }
            case "metadata":
                if case .mapping = valueNode { expect.metadata = value(valueNode).objectValue ?? [:] } else { error(valueNode.location, "'expect.metadata' must be a mapping, found \(valueNode.kindName)") }
            case "annotations":
                guard case .mapping(let entries, _) = valueNode else { error(valueNode.location, "'expect.annotations' must map types to counts, e.g. {email: 1}"); continue }
                for (tk, tv) in entries {
                    guard let type = tk.scalarText else { continue }
                    if case .int(let count) = value(tv), count >= 0 { expect.annotations[type] = count } else {
                        error(tv.location, "the count of annotation type '\(type)' must be a whole number 0 or more")
                    }
                }
            default: unknown(key, at: keyNode.location, allowed: PipelineLoader.expectKeys, what: "'expect'")
            }
        }
    }
}
