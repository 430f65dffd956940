import ArgumentParser
import Foundation
import PipelineConfig
import PipelineKit
import PipelineRunner
import Redact

/// The `pipeline` command. A downstream package builds its own binary with extra stages:
///
/// ```swift
/// import PipelineCLI
/// await PipelineCommand.main(stages: BuiltInStages.all + [KeywordsStage.self])
/// ```
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
              pipeline describe summarize
            """,
        version: PipelineVersion.current,
        subcommands: [RunCommand.self, ValidateCommand.self, StagesCommand.self, DescribeCommand.self, NewStageCommand.self]
    )

    public init() {}

    /// Runs the command line with the given stages and exits with the contract's exit codes
    /// (usage errors exit 2, not ArgumentParser's 64).
    public static func main(stages: [any Stage.Type], arguments: [String]? = nil) async -> Never {
        StageCatalog.configure(StageRegistry(stages))
        do {
            var command = try parseAsRoot(arguments)
            if var asyncCommand = command as? any AsyncParsableCommand {
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

    /// Runs with the built-in stages.
    public static func main() async {
        await main(stages: BuiltInStages.all)
    }
}

/// The version printed by `--version`.
public enum PipelineVersion {
    /// Semantic version of this build.
    public static let current = "0.1.0"
}

/// The stages of this binary, set once at start-up by `PipelineCommand.main(stages:)`.
enum StageCatalog {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var registry = StageRegistry(BuiltInStages.all)

    static func configure(_ r: StageRegistry) {
        lock.lock()
        registry = r
        lock.unlock()
    }

    static var current: StageRegistry {
        lock.lock()
        defer { lock.unlock() }
        return registry
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

struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a pipeline over files, folders, globs, stdin or JSON lines.",
        discussion: """
            INPUT is a file, a folder (its files, recursively, in sorted order), a quoted glob \
            ('incoming/**/*.txt') or - for stdin. With no INPUT the pipeline's own 'input:' is used, \
            else stdin. A pipeline without an export stage prints each document's text, so \
            'pipeline run strip.yaml < in.txt > out.txt' works as a filter.

            Examples:
              pipeline run pipelines/brief.yaml
              pipeline run pipelines/brief.yaml incoming/ --report out/run.json
              cat docs.jsonl | pipeline run pipelines/redact.yaml --jsonl --jobs 4 > redacted.jsonl
            """)

    @Argument(help: "The pipeline YAML file.")
    var pipeline: String

    @Argument(help: "Files, folders, quoted globs or - for stdin.")
    var inputs: [String] = []

    @Flag(help: "Read JSON lines {\"id\"?, \"text\", \"metadata\"?} and write one JSON object per document.")
    var jsonl = false

    @Option(help: "Documents processed at once (default: the number of cores).")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(help: "Write a JSON run report to this file.")
    var report: String?

    @Flag(inversion: .prefixedNo, help: "Show a progress line on stderr (default: when stderr is a terminal).")
    var progress: Bool?

    @Flag(help: "Flush stdout after every document (for a consumer reading a pipe live).")
    var lineBuffered = false

    @Flag(help: "Do not print '==> PATH <==' before each input's text when several inputs print to stdout.")
    var noHeaders = false

    func validate() throws {
        guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1") }
        if let report {
            // Fail before processing anything rather than lose the report at the end.
            let folder = URL(fileURLWithPath: report).deletingLastPathComponent().path
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue,
                  FileManager.default.isWritableFile(atPath: folder)
            else { throw ValidationError("--report: folder '\(folder)' does not exist or is not writable") }
        }
    }

    func run() async throws {
        let loader = PipelineLoader(registry: StageCatalog.current)
        let definition: PipelineDefinition
        do {
            definition = try loader.load(file: pipeline)
        } catch {
            printError(error.description)
            throw ExitCode(2)
        }
        var options = RunOptions()
        options.inputs = inputs
        options.jsonl = jsonl
        options.jobs = jobs
        options.reportPath = report
        options.progress = progress
        options.lineBuffered = lineBuffered
        options.headers = !noHeaders
        options.scrubber = RedactScrubber()
        let summary = await PipelineRunner(pipeline: definition, options: options).run()
        throw ExitCode(summary.exitCode)
    }
}

struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check pipelines without running them; exit 0 when all are valid, else 2.",
        discussion: """
            Every problem in every file is reported at once, one line each: \
            file:line:column: error: message.

            Examples:
              pipeline validate pipelines/brief.yaml
              pipeline validate pipelines/*.yaml --quiet
            """)

    @Argument(help: "Pipeline YAML files.")
    var pipelines: [String]

    @Flag(name: .shortAndLong, help: "Print nothing for valid files.")
    var quiet = false

    func validate() throws {
        if pipelines.isEmpty { throw ValidationError("name at least one pipeline file") }
    }

    func run() throws {
        let loader = PipelineLoader(registry: StageCatalog.current, validateOnly: true)
        var failed = false
        for file in pipelines {
            do {
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

struct StagesCommand: ParsableCommand {
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

    func run() throws {
        let types = StageCatalog.current.types
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

struct DescribeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "describe",
        abstract: "Show a stage's options (name, type, default, doc) and examples.",
        discussion: """
            Examples:
              pipeline describe redact
              pipeline describe summarize --format json
            """)

    @Argument(help: "A stage name, as listed by 'pipeline stages'.")
    var stage: String

    @Option(help: "text or json.")
    var format: ListingFormat = .text

    func run() throws {
        let registry = StageCatalog.current
        guard let type = registry.type(named: stage) else {
            var message = "error: unknown stage '\(stage)'"
            if let guess = Suggestion.closest(to: stage, in: registry.names) { message += " (did you mean '\(guess)'?)" }
            printError(message)
            throw ExitCode(2)
        }
        let spec = type.spec
        switch format {
        case .json: print(JSONWriter.string(StageDocs.json(spec), pretty: true))
        case .text: print(StageDocs.text(spec), terminator: "")
        }
    }
}
