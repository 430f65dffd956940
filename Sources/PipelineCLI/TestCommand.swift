import ArgumentParser
import Foundation
import PipelineConfig
import PipelineKit
import PipelineRunner

/// `pipeline test`: runs the unit tests of pipelines (`tests:` in the file or a sidecar
/// `NAME.test.yaml`), as `vector test` and Redpanda Connect's `test` do.
struct TestCommand: EnvironmentCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Run pipeline tests; exit 0 when all pass, 1 when a test fails, 2 on a configuration error.",
        discussion: """
            Tests live under 'tests:' in the pipeline file or in a sidecar NAME.test.yaml \\
            (a mapping with a 'tests:' list). A test has 'name', 'input' (a string, \\
            {text, id, metadata} or {file: PATH}), optional 'until: STAGE_ID' (run a prefix of \\
            the pipeline) and 'environment' (variables for building the pipeline), and 'expect' \\
            with any of: text (exact), contains, not-contains, metadata (a subset), annotations \\
            (type: count), status (ok, failed, skipped), error-contains. Exports write nothing \\
            during tests.

            Example:
              tests:
                - name: a leaked key is redacted
                  input: "deploy with AKIAIOSFODNN7EXAMPLE"
                  expect:
                    not-contains: [AKIAIOSFODNN7EXAMPLE]
                    annotations: {secret: 1}

            Examples:
              pipeline test pipelines/
              pipeline test pipelines/redact.yaml --junit out/pipeline-tests.xml
            """)

    @Argument(help: "Pipeline files or folders (their *.yaml files). Default: pipelines/.")
    var paths: [String] = []

    @Option(help: ArgumentHelp("Write the results as JUnit XML to this file.", valueName: "file"))
    var junit: String?

    @Flag(name: .shortAndLong, help: "Print only failures and the summary.")
    var quiet = false

    /// The pipeline a sidecar test file belongs to: `brief.test.yaml` -> `brief.yaml`.
    static func pipelineFile(forTestFile path: String) -> String {
        for suffix in [".test.yaml", ".test.yml"] where path.hasSuffix(suffix) {
            return String(path.dropLast(suffix.count)) + (suffix == ".test.yaml" ? ".yaml" : ".yml")
        }
        return path
    }

    /// The pipeline files named by the arguments (folders: their *.yaml and *.yml files, not
    /// recursive, sidecar test files mapped to their pipelines), in order, without repeats.
    static func pipelineFiles(_ paths: [String]) throws -> [String] {
        var files: [String] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw ValidationError("\(path): no such file or folder")
            }
            if isDirectory.boolValue {
                let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
                let yaml = names.filter { ($0.hasSuffix(".yaml") || $0.hasSuffix(".yml")) && !$0.hasPrefix(".") && !PipelineLoader.isTestFile($0) }.sorted()
                files += yaml.map { path.hasSuffix("/") ? path + $0 : path + "/" + $0 }
            } else {
                files.append(PipelineLoader.isTestFile(path) ? pipelineFile(forTestFile: path) : path)
            }
        }
        var seen = Set<String>()
        return files.filter { seen.insert($0).inserted }
    }

    func run(in environment: PipelineEnvironment) async throws {
        let files = try Self.pipelineFiles(paths.isEmpty ? ["pipelines"] : paths)
        if files.isEmpty { printError("error: no pipeline files found in \(paths.joined(separator: " "))"); throw ExitCode(2) }
        var results: [PipelineTestResult] = []
        var configurationError = false
        var withoutTests: [String] = []
        // Tests never write files and never print pipeline output; pipes to child programs
        // (command stages) must not kill the test run.
        signal(SIGPIPE, SIG_IGN)
        // The process's environment, read once; each test's `env` goes on top of a copy.
        let processVariables = ProcessVariables.all()
        for file in files {
            // Read the tests without requiring the environment: each test may set its own.
            var lint = PipelineLoader(environment: environment, validateOnly: true)
            lint.checksEnvironment = false
            var tests: [PipelineTestCase]
            do {
                let definition = try lint.load(file: file)
                tests = definition.tests
                let sidecar = PipelineLoader.sidecarTestFile(for: file)
                if FileManager.default.fileExists(atPath: sidecar) { tests += try lint.loadTests(file: sidecar, for: definition) }
            } catch {
                printError(error.description)
                configurationError = true
                continue
            }
            if tests.isEmpty { withoutTests.append(file); continue }
            let runner = PipelineTestRunner { extra in
                var variables = processVariables
                for (k, v) in extra { variables[k] = v }
                let loader = PipelineLoader(environment: environment, variables: variables, validateOnly: true)
                return try loader.load(file: file)
            }
            for test in tests {
                let result = await runner.run(test, file: file)
                results.append(result)
                if result.passed {
                    if !quiet { print("PASS \(file): \(test.name)") }
                } else {
                    print("FAIL \(file): \(test.name)")
                    for problem in result.problems { print("    \(test.location.line > 0 ? "\(file):\(test.location.line): " : "")\(problem)") }
                    if !result.diff.isEmpty { print(result.diff.split(separator: "\n", omittingEmptySubsequences: false).map { "    " + $0 }.joined(separator: "\n")) }
                }
            }
        }
        for file in withoutTests { printError("\(file): warning: no tests (add a 'tests:' list or \(PipelineLoader.sidecarTestFile(for: file)))") }
        let passed = results.filter(\.passed).count
        let failed = results.count - passed
        print("\(passed) passed, \(failed) failed")
        if let junit {
            do { try ReportFile.write(Array(Self.junitXML(results).utf8), to: junit) } catch {
                printError("\(junit): error: cannot write JUnit XML: \(error)")
                throw ExitCode(2)
            }
        }
        if configurationError { throw ExitCode(2) }
        if failed > 0 { throw ExitCode(1) }
    }

    /// JUnit XML: one testsuite per pipeline file, one testcase per test.
    static func junitXML(_ results: [PipelineTestResult]) -> String {
        var byFile: [(String, [PipelineTestResult])] = []
        for r in results {
            if let i = byFile.firstIndex(where: { $0.0 == r.file }) { byFile[i].1.append(r) } else { byFile.append((r.file, [r])) }
        }
        let failures = results.filter { !$0.passed }.count
        let total = results.reduce(0) { $0 + $1.seconds }
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<testsuites name=\"pipeline test\" tests=\"\(results.count)\" failures=\"\(failures)\" errors=\"0\" time=\"\(PlainFormatting.fixed(total, places: 3))\">\n"
        for (file, rs) in byFile {
            let failed = rs.filter { !$0.passed }.count
            out += "  <testsuite name=\"\(MarkupEscaping.xml(file))\" tests=\"\(rs.count)\" failures=\"\(failed)\" errors=\"0\" time=\"\(PlainFormatting.fixed(rs.reduce(0) { $0 + $1.seconds }, places: 3))\">\n"
            for r in rs {
                let attributes = "name=\"\(MarkupEscaping.xml(r.name))\" classname=\"\(MarkupEscaping.xml(file))\" file=\"\(MarkupEscaping.xml(file))\" time=\"\(PlainFormatting.fixed(r.seconds, places: 3))\""
                if r.passed { out += "    <testcase \(attributes)/>\n"; continue }
                let message = r.problems.joined(separator: "; ")
                out += "    <testcase \(attributes)>\n      <failure message=\"\(MarkupEscaping.xml(message))\">\(MarkupEscaping.xml(r.problems.joined(separator: "\n") + (r.diff.isEmpty ? "" : "\n" + r.diff)))</failure>\n    </testcase>\n"
            }
            out += "  </testsuite>\n"
        }
        return out + "</testsuites>\n"
    }
}

/// `pipeline schema`: the JSON Schema of the pipeline file for this binary's stages.
struct SchemaCommand: EnvironmentCommand {
    static let configuration = CommandConfiguration(
        commandName: "schema",
        abstract: "Print the JSON Schema (draft 2020-12) of the pipeline file, from this binary's stages.",
        discussion: """
            Editors that speak the YAML language server validate and complete pipelines with it: \\
            start a pipeline with '# yaml-language-server: $schema=../pipeline.schema.json'.

            Examples:
              pipeline schema > pipeline.schema.json
              python3 -m jsonschema ... (see docs/ci.md)
            """)

    func run(in environment: PipelineEnvironment) throws {
        print(JSONWriter.string(PipelineSchema.schema(for: environment.stages), pretty: true))
    }
}

/// `pipeline completions bash|zsh|fish`: a shell completion script.
struct CompletionsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "completions",
        abstract: "Print a shell completion script for bash, zsh or fish.",
        discussion: """
            Examples:
              pipeline completions bash > /etc/bash_completion.d/pipeline
              pipeline completions zsh > "${fpath[1]}/_pipeline"
              pipeline completions fish > ~/.config/fish/completions/pipeline.fish
            """)

    @Argument(help: "bash, zsh or fish.")
    var shell: String

    func validate() throws {
        if CompletionShell(rawValue: shell) == nil { throw ValidationError("unknown shell '\(shell)': use bash, zsh or fish") }
    }

    func run() throws {
        print(PipelineCommand.completionScript(for: CompletionShell(rawValue: shell)!))
    }
}
