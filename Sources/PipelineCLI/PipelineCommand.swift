import ArgumentParser
import Foundation
import PipelineConfig
import PipelineKit
import PipelineRunner

/// The `pipeline` command. A downstream package builds its own binary with extra stages:
///
/// ```swift
/// import BuiltInStages
/// import PipelineCLI
/// await PipelineCommand.main(environment: .builtIn.adding(KeywordsStage.self))
/// ```
///
/// or, linking none of the built-in stages, `PipelineCommand.main(environment:
/// PipelineEnvironment(stages: [KeywordsStage.self]))`.
public struct PipelineCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "pipeline",
        abstract: "Clean, redact, summarize, translate and export incoming text with YAML pipelines.",
        discussion: """
            Exit codes: 0 success; 1 a document failed or a fail-on condition tripped; \
            2 usage or configuration error (nothing was processed).

            Examples:
              pipeline run pipelines/brief.yaml                  # the pipeline's own input
              pipeline run pipelines/brief.yaml incoming/        # every file under incoming/
              pipeline run pipelines/strip.yaml < in.txt > out.txt
              pipeline run pipelines/redact.yaml --jsonl docs.jsonl --report run.json
              pipeline validate pipelines/*.yaml
              pipeline test pipelines/ --junit out/tests.xml
              pipeline run pipelines/redact.yaml incoming/ --report out/run.sarif --report out/run.xml
              pipeline describe summarize
              pipeline explain pipelines/brief.yaml pipelines/samples/talks-stall.txt
            """,
        version: PipelineVersion.current,
        subcommands: [RunCommand.self, ValidateCommand.self, TestCommand.self, ExplainCommand.self, StagesCommand.self, DescribeCommand.self,
                      SchemaCommand.self, NewStageCommand.self, CompletionsCommand.self]
    )

    public init() {}

    /// Runs the command line with `environment` (its stages, providers, formats and scrubber)
    /// and exits with the contract's exit codes (usage errors exit 2, not ArgumentParser's 64).
    public static func main(environment: PipelineEnvironment, arguments: [String]? = nil) async -> Never {
        do {
            // `pipeline run FILE [INPUT ...]` with plain options skips ArgumentParser's
            // reflection (a tenth of a short run's start-up); anything else goes through it.
            if let invocation = RunInvocation(fastParsing: arguments ?? Array(CommandLine.arguments.dropFirst())) {
                try await invocation.run(in: environment)
                Foundation.exit(0)
            }
            var command = try parseAsRoot(arguments)
            if let subcommand = command as? any EnvironmentCommand {
                try await subcommand.run(in: environment)
            } else if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
            Foundation.exit(0)
        } catch let code as ExitCode {
            Foundation.exit(code.rawValue)
        } catch {
            let code = exitCode(for: error)
            let message = fullMessage(for: error)
            if code == .success {
                if !message.isEmpty { print(message) }
                Foundation.exit(0)
            }
            if !message.isEmpty { FileHandle.standardError.write(Data((message + "\n").utf8)) }
            Foundation.exit(2)
        }
    }
}

/// A subcommand that works with the binary's environment (its stages and registries), which
/// `PipelineCommand.main(environment:)` hands to it: no command reads a global registry.
protocol EnvironmentCommand: ParsableCommand {
    /// Runs the command.
    func run(in environment: PipelineEnvironment) async throws
}

extension EnvironmentCommand {
    /// Reached only when the command was started without an environment (ArgumentParser's own
    /// `main()`): says how to start it instead of printing the help.
    func run() throws {
        throw ValidationError("start the command line with PipelineCommand.main(environment:), which hands it the binary's stages")
    }
}

/// The version printed by `--version`.
public enum PipelineVersion {
    /// Semantic version of this build.
    public static let current = "0.1.0"
    /// The repository a scaffold from an installed binary depends on (`pipeline new-stage`).
    public static let repository = "https://github.com/pipeline-toolkit/pipeline"
}

/// Loads a pipeline file for a command; on a configuration error prints it (all problems, one
/// line each) and exits 2.
func loadPipeline(_ file: String, with loader: PipelineLoader) throws -> PipelineDefinition {
    do {
        return try loader.load(file: file)
    } catch {
        printError(error.description)
        throw ExitCode(2)
    }
}

/// Prints to stderr.
func printError(_ text: String) {
    FileHandle.standardError.write(Data((text.hasSuffix("\n") ? text : text + "\n").utf8))
}

/// Output format of the listing commands.
enum ListingFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}

struct ValidateCommand: EnvironmentCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check pipelines without running them; exit 0 when all are valid, else 2.",
        discussion: """
            Every problem in every file is reported at once, one line each: \
            file:line:column: error: message.

            validate checks everything run refuses before the first document, environment \
            included (${VAR:?}, hash-key-env, programs on PATH); --skip-env-check lints without it.

            Examples:
              pipeline validate pipelines/brief.yaml
              pipeline validate pipelines/*.yaml --quiet
              pipeline validate pipelines/redact-hash.yaml --skip-env-check
            """)

    @Argument(help: "Pipeline YAML files.")
    var pipelines: [String]

    @Flag(name: .shortAndLong, help: "Print nothing for valid files.")
    var quiet = false

    @Flag(help: "Lint without the environment: unset ${VAR}s and missing secrets (hash-key-env, API keys, programs on PATH) are not errors.")
    var skipEnvCheck = false

    func validate() throws {
        if pipelines.isEmpty { throw ValidationError("name at least one pipeline file") }
    }

    func run(in environment: PipelineEnvironment) throws {
        var loader = PipelineLoader(environment: environment, validateOnly: true)
        loader.checksEnvironment = !skipEnvCheck
        var failed = false
        for file in pipelines {
            do {
                if PipelineLoader.isTestFile(file) {
                    // A sidecar test file is checked against its pipeline.
                    let pipelineFile = TestCommand.pipelineFile(forTestFile: file)
                    let tests = try loader.loadTests(file: file, for: try loader.load(file: pipelineFile))
                    if !quiet { print("\(file): ok (\(tests.count) test\(tests.count == 1 ? "" : "s") of \(pipelineFile))") }
                    continue
                }
                let definition = try loader.load(file: file)
                if !quiet { print("\(file): ok (\(definition.steps.count) stage\(definition.steps.count == 1 ? "" : "s"): \(definition.steps.map(\.id).joined(separator: ", ")))") }
            } catch {
                failed = true
                printError(error.description)
            }
        }
        if failed { throw ExitCode(2) }
    }
}

struct StagesCommand: EnvironmentCommand {
    static let configuration = CommandConfiguration(
        commandName: "stages",
        abstract: "List the stages this binary knows.",
        discussion: """
            Examples:
              pipeline stages
              pipeline stages --format json
            """)

    @Option(help: "text or json.")
    var format: ListingFormat = .text

    func run(in environment: PipelineEnvironment) throws {
        let types = environment.stages.types
        switch format {
        case .json:
            let list: [Value] = types.map { .object(["name": .string($0.spec.name), "summary": .string($0.spec.summary)]) }
            print(JSONWriter.string(.array(list), pretty: true))
        case .text:
            let width = types.map { $0.spec.name.count }.max() ?? 0
            for t in types {
                print(t.spec.name.padding(toLength: width + 2, withPad: " ", startingAt: 0) + t.spec.summary)
            }
        }
    }
}

struct DescribeCommand: EnvironmentCommand {
    static let configuration = CommandConfiguration(
        commandName: "describe",
        abstract: "Show a stage's options (name, type, default, doc) and examples.",
        discussion: """
            Examples:
              pipeline describe redact
              pipeline describe summarize --format json
              pipeline describe redact --markdown
            """)

    @Argument(help: "A stage name, as listed by 'pipeline stages'.")
    var stage: String

    @Option(help: "text or json.")
    var format: ListingFormat = .text

    @Flag(help: "Print only the options, as the Markdown table the stage's page in docs/stages shows.")
    var markdown = false

    func run(in environment: PipelineEnvironment) throws {
        let registry = environment.stages
        guard let type = registry.type(named: stage) else {
            var message = "error: unknown stage '\(stage)'"
            if let guess = Suggestion.closest(to: stage, in: registry.names) { message += " (did you mean '\(guess)'?)" }
            printError(message)
            throw ExitCode(2)
        }
        let spec = type.spec
        if markdown {
            print(StageDocs.markdownTable(spec), terminator: "")
            return
        }
        switch format {
        case .json: print(JSONWriter.string(StageDocs.json(spec), pretty: true))
        case .text: print(StageDocs.text(spec), terminator: "")
        }
    }
}

/// `--annotations`: which CI system's annotations to print.
enum AnnotationStyle: String, ExpressibleByArgument, CaseIterable {
    case github, none
}
