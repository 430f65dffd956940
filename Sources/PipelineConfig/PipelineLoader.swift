import Foundation
import PipelineKit
import Yams

/// Loads pipeline YAML into a `PipelineDefinition`, reporting every problem in one pass with
/// its file, line and column.
///
/// ```swift
/// let loader = PipelineLoader(registry: StageRegistry(BuiltInStages.all))
/// do { let pipeline = try loader.load(file: "pipelines/brief.yaml") }
/// catch let error as PipelineConfigError { print(error) }  // file:line:col: error: ...
/// ```
public struct PipelineLoader: Sendable {
    /// The stages that may be named.
    public var registry: StageRegistry
    /// Variables for `${VAR}` interpolation and for stages (secrets).
    public var environment: [String: String]
    /// Size and shape limits.
    public var limits: YAMLLimits
    /// Build stages in validate-only mode (they check but touch nothing).
    public var validateOnly: Bool
    /// `false` lints without the environment (`validate --skip-env-check`): unset variables
    /// interpolate as their default or an empty string, and stages do not require secrets.
    public var checksEnvironment = true

    /// The keys a pipeline file may have at the top.
    public static let topLevelKeys = ["name", "description", "input", "stages", "tests"]
    /// The keys reserved beside a stage name.
    public static let reservedStageKeys = ["id", "when", "on-error"]

    /// Creates a loader.
    public init(registry: StageRegistry, environment: [String: String] = ProcessInfo.processInfo.environment,
                limits: YAMLLimits = YAMLLimits(), validateOnly: Bool = false) {
        self.registry = registry
        self.environment = environment
        self.limits = limits
        self.validateOnly = validateOnly
    }

    /// Reads and validates the pipeline file at `path`.
    public func load(file path: String) throws(PipelineConfigError) -> PipelineDefinition {
        let url = URL(fileURLWithPath: path)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw PipelineConfigError(diagnostics: [Diagnostic(file: path, "no such pipeline file")])
        }
        if isDirectory.boolValue {
            throw PipelineConfigError(diagnostics: [Diagnostic(file: path, "is a directory, not a pipeline file")])
        }
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        if size > limits.maxBytes {
            throw PipelineConfigError(diagnostics: [Diagnostic(file: path, "pipeline file is \(size) bytes; the limit is \(limits.maxBytes)")])
        }
        guard let data = try? Data(contentsOf: url) else {
            throw PipelineConfigError(diagnostics: [Diagnostic(file: path, "cannot read the pipeline file")])
        }
        guard let text = String(validating: [UInt8](data), as: UTF8.self) else {
            throw PipelineConfigError(diagnostics: [YAMLBytes.invalidUTF8(in: [UInt8](data), file: path)])
        }
        let base = url.deletingLastPathComponent().path
        return try load(yaml: text, file: path, baseDirectory: base)
    }

    /// Validates pipeline YAML given as text. `file` is used in messages; `baseDirectory`
    /// resolves relative paths.
    public func load(yaml text: String, file: String, baseDirectory: String) throws(PipelineConfigError) -> PipelineDefinition {
        var validator = Validator(loader: self, file: file, baseDirectory: baseDirectory, text: text)
        let result = validator.run()
        let diagnostics = validator.diagnostics.sorted { ($0.location ?? SourceLocation(file: file, line: 0, column: 0)) < ($1.location ?? SourceLocation(file: file, line: 0, column: 0)) }
        if diagnostics.contains(where: { $0.severity == .error }) || result == nil {
            throw PipelineConfigError(diagnostics: diagnostics.isEmpty ? [Diagnostic(file: file, "invalid pipeline")] : diagnostics)
        }
        return result!
    }
}

/// One validation pass over one file, collecting diagnostics.
struct Validator {
    let loader: PipelineLoader
    let file: String
    let baseDirectory: String
    let text: String
    var diagnostics: [Diagnostic] = []
    /// Scalars whose interpolation failed: already reported, left out of further checks.
    var poisoned: Set<SourceLocation> = []
    /// Values that came from `${VAR}` interpolation, with the text as written: a message that
    /// would show such a value (a secret, maybe) shows the `${VAR}` expression instead.
    var interpolated: [(value: String, written: String)] = []

    init(loader: PipelineLoader, file: String, baseDirectory: String, text: String) {
        self.loader = loader
        self.file = file
        self.baseDirectory = baseDirectory
        self.text = text
    }

    mutating func error(_ location: SourceLocation, _ message: String) {
        diagnostics.append(Diagnostic(at: location, hidingInterpolatedValues(in: message)))
    }

    /// `message` with every interpolated value (3 scalars or more) replaced by what the YAML
    /// says, `${API_TOKEN}`: errors about a wrongly typed option never print the secret.
    func hidingInterpolatedValues(in message: String) -> String {
        var out = message
        for (value, written) in interpolated.sorted(by: { $0.value.count > $1.value.count }) where out.contains(value) {
            out = out.replacingOccurrences(of: value, with: written)
        }
        return out
    }

    mutating func run() -> PipelineDefinition? {
        if text.utf8.count > loader.limits.maxBytes {
            diagnostics.append(Diagnostic(file: file, "pipeline is \(text.utf8.count) bytes; the limit is \(loader.limits.maxBytes)"))
            return nil
        }
        if let problem = YAMLBytes.forbiddenCharacter(in: text, file: file) {
            diagnostics.append(problem)
            return nil
        }
        if let problem = YAMLTreeBuilder.precheck(text, file: file, limits: loader.limits) {
            diagnostics.append(problem)
            return nil
        }
        // libyaml through Yams stops at the first duplicate key. To still report every
        // problem in one pass, each duplicate is reported, renamed in a scratch copy to a
        // same-length placeholder that validation skips, and the text is parsed again.
        var node: Node?
        var scratch = text
        var renamed = 0
        while true {
            do {
                node = try Yams.compose(yaml: scratch)
                break
            } catch let e as YamlError {
                if case .duplicatedKeysInMapping(let duplicates, let context) = e, renamed < 32,
                   let key = duplicates.first, let second = secondOccurrence(of: key, after: context.mark, in: scratch),
                   let patched = Validator.renameKey(in: scratch, line: second.line, column: second.column, length: key.unicodeScalars.count, serial: renamed) {
                    diagnostics.append(Diagnostic(at: SourceLocation(file: file, line: second.line, column: second.column),
                                                  "duplicate key '\(key)' (first at line \(context.mark.line))"))
                    scratch = patched
                    renamed += 1
                    continue
                }
                diagnostics.append(yamlDiagnostic(e))
                return nil
            } catch {
                diagnostics.append(Diagnostic(file: file, "cannot parse YAML: \(error)"))
                return nil
            }
        }
        guard let node else {
            error(SourceLocation(file: file, line: 1, column: 1), "the pipeline is empty: it needs a 'stages:' list")
            return nil
        }
        var tree: YAMLTree
        do {
            tree = try YAMLTreeBuilder.build(node, file: file, limits: loader.limits)
        } catch let e as YAMLTreeBuilder.LimitExceeded {
            error(e.location, e.message)
            return nil
        } catch {
            return nil
        }
        tree = interpolate(tree)
        return validateRoot(tree)
    }

    // MARK: YAML errors

    func yamlDiagnostic(_ e: YamlError) -> Diagnostic {
        func at(_ mark: Mark, _ message: String) -> Diagnostic {
            var message = message
            // libyaml's tab complaint is cryptic: say what to do.
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            if mark.line - 1 < lines.count {
                let line = Array(lines[mark.line - 1].unicodeScalars)
                let col = mark.column - 1
                if (col < line.count && line[col] == "\t") || (message.contains("cannot start any token") && line.prefix(max(col, 0) + 1).contains("\t")) {
                    message = "tab character used for indentation; YAML needs spaces"
                    if let tab = line.firstIndex(of: "\t") {
                        return Diagnostic(at: SourceLocation(file: file, line: mark.line, column: tab + 1), message)
                    }
                }
            }
            return Diagnostic(at: SourceLocation(file: file, line: mark.line, column: mark.column), message)
        }
        switch e {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _), .composer(let context, let problem, let mark, _):
            let extra = context.map { " (\($0.text) at line \($0.mark.line), column \($0.mark.column))" } ?? ""
            return at(mark, "invalid YAML: \(problem)\(extra)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            let key = duplicates.first ?? "?"
            if let second = secondOccurrence(of: key, after: context.mark, in: text) {
                return Diagnostic(at: SourceLocation(file: file, line: second.line, column: second.column), "duplicate key '\(key)' (first at line \(context.mark.line))")
            }
            return at(context.mark, "duplicate key '\(key)'")
        case .reader(let problem, _, _, _):
            return Diagnostic(file: file, "cannot read YAML: \(problem)")
        default:
            return Diagnostic(file: file, "invalid YAML: \(e)")
        }
    }

    /// Finds the next line after `mark` where `key:` starts at the same column.
    func secondOccurrence(of key: String, after mark: Mark, in text: String) -> (line: Int, column: Int)? {
        let scalars = Array(text.unicodeScalars)
        let lines = Validator.lineRanges(scalars)
        guard mark.line >= 1, mark.column >= 1 else { return nil }
        let candidates = [key + ":", "\"\(key)\":", "'\(key)':"].map { Array($0.unicodeScalars) }
        for index in min(mark.line, lines.count)..<lines.count {
            let start = lines[index].lowerBound + mark.column - 1
            guard start < lines[index].upperBound else { continue }
            let rest = scalars[start..<lines[index].upperBound]
            if candidates.contains(where: { rest.starts(with: $0) }) {
                return (index + 1, mark.column)
            }
        }
        return nil
    }

    /// The marker that starts a renamed duplicate key.
    static let duplicateMarker: Unicode.Scalar = "\u{A4}"

    /// The scalar ranges of the lines of `scalars`, split where libyaml starts a new line
    /// (CR LF, CR, LF, NEL, LS, PS), so that line numbers agree with Yams' marks.
    static func lineRanges(_ scalars: [Unicode.Scalar]) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        var start = 0
        var i = 0
        while i < scalars.count {
            switch scalars[i] {
            case "\r":
                ranges.append(start..<i)
                i += (i + 1 < scalars.count && scalars[i + 1] == "\n") ? 2 : 1
                start = i
            case "\n", "\u{85}", "\u{2028}", "\u{2029}":
                ranges.append(start..<i)
                i += 1
                start = i
            default:
                i += 1
            }
        }
        ranges.append(start..<scalars.count)
        return ranges
    }

    /// `text` with the key at line/column replaced by a same-length placeholder.
    static func renameKey(in text: String, line: Int, column: Int, length: Int, serial: Int) -> String? {
        var scalars = Array(text.unicodeScalars)
        let lines = lineRanges(scalars)
        guard line >= 1, column >= 1, line - 1 < lines.count else { return nil }
        let start = lines[line - 1].lowerBound + column - 1
        guard start + length <= lines[line - 1].upperBound else { return nil }
        var replacement = [duplicateMarker]
        // Distinct placeholders for distinct duplicates: marker + serial digits, padded.
        replacement += Array(String(serial).unicodeScalars)
        while replacement.count < length { replacement.append(duplicateMarker) }
        guard replacement.count == length else { return nil }
        scalars.replaceSubrange(start..<(start + length), with: replacement)
        return String(String.UnicodeScalarView(scalars))
    }

    static func isRenamedDuplicate(_ key: String) -> Bool { key.unicodeScalars.first == duplicateMarker }

    // MARK: Interpolation

    mutating func interpolate(_ tree: YAMLTree) -> YAMLTree {
        switch tree {
        case .scalar(let s, let quoted, let location):
            switch EnvironmentInterpolation.expand(s, environment: loader.environment, lenient: !loader.checksEnvironment) {
            case .success(let expanded):
                if expanded != s, expanded.unicodeScalars.count >= 3 { interpolated.append((expanded, s)) }
                // A value built from variables reads like a plain scalar, so "${N}" can be a number
                // even when quoted (quoting is often needed for '{' and '}' in flow mappings).
                return .scalar(expanded, quoted: quoted && !s.contains("${"), location)
            case .failure(let problem):
                poisoned.insert(location)
                // The column is exact for plain and quoted scalars on one line.
                let column = location.column + problem.offset + (quoted ? 1 : 0)
                error(SourceLocation(file: file, line: location.line, column: s.contains("\n") ? location.column : column), problem.message)
                return tree
            }
        case .sequence(let items, let location):
            return .sequence(items.map { interpolate($0) }, location)
        case .mapping(let pairs, let location):
            return .mapping(pairs.map { ($0.key, interpolate($0.value)) }, location)
        }
    }

    // MARK: Values

    /// Converts a subtree into a `Value`, reporting non-string keys.
    mutating func value(_ tree: YAMLTree) -> Value {
        switch tree {
        case .scalar(let s, let quoted, _): return quoted ? .string(s) : YAMLTree.resolvePlain(s)
        case .sequence(let items, _): return .array(items.map { value($0) })
        case .mapping(let pairs, _):
            var o: [String: Value] = [:]
            for (k, v) in pairs where !Validator.isRenamedDuplicate(k.scalarText ?? "") && !poisoned.contains(v.location) {
                guard let key = k.scalarText else {
                    error(k.location, "mapping keys must be plain strings")
                    continue
                }
                o[key] = value(v)
            }
            return .object(o)
        }
    }

    // MARK: Structure

    mutating func validateRoot(_ root: YAMLTree) -> PipelineDefinition? {
        guard case .mapping(let pairs, _) = root else {
            error(root.location, "a pipeline must be a mapping with a 'stages:' list, found \(root.kindName)")
            return nil
        }
        var name = URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
        var description: String?
        var inputs: [String] = []
        var steps: [PipelineStep]?
        var testsNode: YAMLTree?
        var sawStages = false
        for (keyNode, valueNode) in pairs where !Validator.isRenamedDuplicate(keyNode.scalarText ?? "") {
            guard let key = keyNode.scalarText else {
                error(keyNode.location, "keys must be plain strings")
                continue
            }
            switch key {
            case "name":
                if let s = stringScalar(valueNode, what: "'name'") { name = s }
            case "description":
                if let s = stringScalar(valueNode, what: "'description'") { description = s }
            case "input":
                switch valueNode {
                case .scalar:
                    if let s = stringScalar(valueNode, what: "'input'") { inputs = [resolve(s)] }
                case .sequence(let items, _):
                    for item in items { if let s = stringScalar(item, what: "an 'input' entry") { inputs.append(resolve(s)) } }
                case .mapping:
                    error(valueNode.location, "'input' must be a path or a list of paths, found mapping")
                }
            case "stages":
                sawStages = true
                steps = validateStages(valueNode)
            case "tests":
                testsNode = valueNode
            default:
                var message = "unknown key '\(key)'"
                if let guess = Suggestion.closest(to: key, in: PipelineLoader.topLevelKeys) { message += " (did you mean '\(guess)'?)" }
                else { message += " (expected one of: \(PipelineLoader.topLevelKeys.joined(separator: ", ")))" }
                error(keyNode.location, message)
            }
        }
        if !sawStages {
            error(root.location, "the pipeline has no 'stages:' list")
        }
        let tests = testsNode.flatMap { validateTests($0, stepIDs: steps?.map(\.id)) } ?? []
        guard let steps else { return nil }
        var definition = PipelineDefinition(file: file, baseDirectory: baseDirectory, name: name, description: description, inputs: inputs, steps: steps)
        definition.tests = tests
        return definition
    }

    func resolve(_ path: String) -> String {
        if path == "-" || path.hasPrefix("/") || baseDirectory.isEmpty { return path }
        return baseDirectory == "." ? path : baseDirectory + "/" + path
    }

    mutating func stringScalar(_ node: YAMLTree, what: String) -> String? {
        if case .scalar(let s, let quoted, _) = node {
            let v = quoted ? Value.string(s) : YAMLTree.resolvePlain(s)
            if case .string(let str) = v { return str }
        }
        error(node.location, "\(what) must be a string, found \(node.kindName)")
        return nil
    }

    mutating func validateStages(_ node: YAMLTree) -> [PipelineStep]? {
        guard case .sequence(let items, let location) = node else {
            if case .scalar(let s, false, _) = node, YAMLTree.resolvePlain(s) == .null {
                error(node.location, "'stages' is empty: list at least one stage")
            } else {
                error(node.location, "'stages' must be a list of stages, found \(node.kindName)")
            }
            return nil
        }
        if items.isEmpty {
            error(location, "'stages' is empty: list at least one stage")
            return nil
        }
        var steps: [PipelineStep] = []
        var usedIDs: [String: SourceLocation] = [:]
        var failed = false
        for item in items {
            if let step = validateStep(item, usedIDs: &usedIDs) { steps.append(step) } else { failed = true }
        }
        return failed ? nil : steps
    }

    mutating func validateStep(_ item: YAMLTree, usedIDs: inout [String: SourceLocation]) -> PipelineStep? {
        var stageName: String?
        var stageNameNode: YAMLTree?
        var optionsNode: YAMLTree?
        var explicitID: (String, SourceLocation)?
        var condition: Condition?
        var onError = OnError.fail
        var ok = true

        switch item {
        case .scalar(let s, _, _):
            stageName = s
            stageNameNode = item
        case .sequence:
            error(item.location, "a stage must be a name or a mapping 'name: options', found list")
            return nil
        case .mapping(let pairs, _):
            for (keyNode, valueNode) in pairs where !Validator.isRenamedDuplicate(keyNode.scalarText ?? "") {
                guard let key = keyNode.scalarText else {
                    error(keyNode.location, "keys must be plain strings")
                    ok = false
                    continue
                }
                switch key {
                case "id":
                    if let s = stringScalar(valueNode, what: "'id'") { explicitID = (s, valueNode.location) } else { ok = false }
                case "on-error":
                    if let s = stringScalar(valueNode, what: "'on-error'") {
                        if let v = OnError(rawValue: s) { onError = v } else {
                            var message = "'on-error' must be one of: fail, skip, keep; found '\(s)'"
                            if let guess = Suggestion.closest(to: s, in: OnError.allCases.map(\.rawValue)) { message += " (did you mean '\(guess)'?)" }
                            error(valueNode.location, message)
                            ok = false
                        }
                    } else { ok = false }
                case "when":
                    if let s = stringScalar(valueNode, what: "'when'") {
                        do {
                            condition = try Condition(parsing: s)
                        } catch {
                            let l = valueNode.location
                            let quoted: Int
                            if case .scalar(_, true, _) = valueNode { quoted = 1 } else { quoted = 0 }
                            self.error(SourceLocation(file: file, line: l.line, column: l.column + error.offset + quoted), "invalid 'when' condition: \(error.message)")
                            ok = false
                        }
                    } else { ok = false }
                default:
                    if let previous = stageNameNode, let previousName = stageName {
                        if loader.registry.type(named: key) != nil {
                            error(keyNode.location, "one list item holds two stages, '\(previousName)' (line \(previous.location.line)) and '\(key)': start each stage with its own '-'")
                        } else {
                            reportUnknownKey(key, at: keyNode.location, besideStage: previousName)
                        }
                        ok = false
                        continue
                    }
                    stageName = key
                    stageNameNode = keyNode
                    optionsNode = valueNode
                }
            }
        }
        guard let name = stageName, let nameNode = stageNameNode else {
            error(item.location, "this list item names no stage (known stages: \(loader.registry.names.joined(separator: ", ")))")
            return nil
        }
        guard let type = loader.registry.type(named: name) else {
            var message = "unknown stage '\(name)'"
            if let guess = Suggestion.closest(to: name, in: loader.registry.names) { message += " (did you mean '\(guess)'?)" }
            else { message += " (known stages: \(loader.registry.names.joined(separator: ", ")))" }
            error(nameNode.location, message)
            return nil
        }

        // Options: null, or a mapping.
        var options: [String: Value] = [:]
        if let optionsNode {
            switch optionsNode {
            case .mapping:
                options = value(optionsNode).objectValue ?? [:]
            case .scalar(let s, false, _) where YAMLTree.resolvePlain(s) == .null:
                break
            default:
                error(optionsNode.location, "options of stage '\(name)' must be a mapping, found \(optionsNode.kindName)")
                return nil
            }
        }

        // Ids.
        var id: String
        if let (given, location) = explicitID {
            id = given
            if let first = usedIDs[given] {
                error(location, "duplicate stage id '\(given)' (first used at line \(first.line))")
                ok = false
            }
        } else {
            id = name
            var n = 2
            while usedIDs[id] != nil { id = "\(name)-\(n)"; n += 1 }
        }
        usedIDs[id] = explicitID?.1 ?? nameNode.location

        var setup = StageSetup(stageID: id, baseDirectory: baseDirectory, environment: loader.environment, validateOnly: loader.validateOnly)
        setup.checksEnvironment = loader.checksEnvironment
        let built: AnyStage
        do {
            built = try type.build(options: options, setup: setup)
        } catch let issues as OptionIssues {
            for issue in issues.issues {
                let location: SourceLocation
                if let optionsNode, !issue.path.isEmpty {
                    location = optionsNode.locate(path: issue.path, atKey: issue.atKey)
                } else {
                    location = nameNode.location
                }
                error(location, issue.message)
            }
            return nil
        } catch {
            self.error(nameNode.location, "stage '\(name)': \(error)")
            return nil
        }
        guard ok else { return nil }
        return PipelineStep(id: id, name: name, stage: built, onError: onError, condition: condition, location: item.location)
    }

    mutating func reportUnknownKey(_ key: String, at location: SourceLocation, besideStage stage: String) {
        var message = "unknown key '\(key)' beside stage '\(stage)'"
        if let guess = Suggestion.closest(to: key, in: PipelineLoader.reservedStageKeys) {
            message += " (did you mean '\(guess)'?)"
        } else if let stageType = loader.registry.type(named: stage), stageType.spec.option(key) != nil {
            message += " (it is an option of '\(stage)': indent it under the stage name)"
        } else {
            message += " (allowed: \(PipelineLoader.reservedStageKeys.joined(separator: ", ")))"
        }
        error(location, message)
    }
}
