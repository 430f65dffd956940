import Foundation
import PipelineKit
import Yams

/// Loads pipeline YAML into a `PipelineDefinition`, reporting every problem in one pass with
/// its file, line and column.
///
/// ```swift
/// let loader = PipelineLoader(environment: .builtIn)
/// do { let pipeline = try loader.load(file: "pipelines/brief.yaml") }
/// catch let error as PipelineConfigError { print(error) }  // file:line:col: error: ...
/// ```
public struct PipelineLoader: Sendable {
    /// The stages that may be named, and the registries stages read (handed to each stage in
    /// `StageSetup.pipelineEnvironment`, and kept in the built `PipelineDefinition`).
    public var environment: PipelineEnvironment
    /// Variables for `${VAR}` interpolation and for stages (secrets): the process environment
    /// unless a test or `pipeline test` gives its own.
    public var variables: [String: String]
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
    public init(environment: PipelineEnvironment, variables: [String: String] = ProcessVariables.all(),
                limits: YAMLLimits = YAMLLimits(), validateOnly: Bool = false) {
        self.environment = environment
        self.variables = variables
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
        // A regular file is mapped (its size is the mapping's: no `attributesOfItem`, which
        // looks up the owner's user and group names in /etc/passwd and /etc/group); a pipe
        // (`<(...)`) is read.
        let bytes: [UInt8]
        if let mapped = TableBytes(mapping: path) {
            if mapped.bytes.count > limits.maxBytes {
                throw PipelineConfigError(diagnostics: [Diagnostic(file: path, "pipeline file is \(mapped.bytes.count) bytes; the limit is \(limits.maxBytes)")])
            }
            bytes = [UInt8](mapped.bytes)
        } else if let data = try? FileHandle(forReadingAtPath: path)?.readToEnd() {
            bytes = [UInt8](data)
        } else {
            throw PipelineConfigError(diagnostics: [Diagnostic(file: path, "cannot read the pipeline file")])
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw PipelineConfigError(diagnostics: [YAMLBytes.invalidUTF8(in: bytes, file: path)])
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
        // Yams' `.basic` resolver: `YAMLTree.resolvePlain` types plain scalars itself, and the
        // default resolver compiles seven ICU regular expressions (~3 ms at start-up) only to
        // tag mapping keys for the duplicate check.
        var node: Node?
        var scratch = text
        var renamed = 0
        while true {
            do {
                node = try Yams.compose(yaml: scratch, .basic)
                break
            } catch let yamlError as YamlError {
                if case .duplicatedKeysInMapping(let duplicates, let context) = yamlError, renamed < 32,
                   let key = duplicates.first, let second = secondOccurrence(of: key, after: context.mark, in: scratch),
                   let patched = Validator.renameKey(in: scratch, line: second.line, column: second.column, length: key.unicodeScalars.count, serial: renamed) {
                    diagnostics.append(Diagnostic(at: SourceLocation(file: file, line: second.line, column: second.column),
                                                  "duplicate key '\(key)' (first at line \(context.mark.line))"))
                    scratch = patched
                    renamed += 1
                    continue
                }
                diagnostics.append(yamlDiagnostic(yamlError))
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
        } catch let limit as YAMLTreeBuilder.LimitExceeded {
            error(limit.location, limit.message)
            return nil
        } catch {
            return nil
        }
        tree = interpolate(tree)
        return validateRoot(tree)
    }
}
