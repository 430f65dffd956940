import ArgumentParser
import Foundation
import PipelineConfig
import PipelineKit
import PipelineRunner

struct RunCommand: EnvironmentCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a pipeline over files, folders, globs, stdin or JSON lines.",
        discussion: """
            INPUT is a file, a folder (its files, recursively, in sorted order), a quoted glob \
            ('incoming/**/*.txt') or - for stdin. With no INPUT: standard input when it is a pipe, \
            a file or a socket; otherwise (a terminal, /dev/null) the pipeline's own 'input:'. \
            A pipeline without an export stage prints each document's text, so \
            'pipeline run strip.yaml < in.txt > out.txt' works as a filter.

            --report may be repeated; the format comes from the extension or a FORMAT: prefix: \
            .json (run report), .sarif (SARIF 2.1.0: findings and fail-on trips with file, line, \
            column; never the values), .xml or junit: (JUnit XML, one testcase per document), \
            .md (Markdown summary), .html (a self-contained page with charts: totals, time and \
            throughput per stage, findings by type, slowest and failed documents; no document text). \
            - is stdout. Under GitHub Actions (GITHUB_ACTIONS=true or \
            --annotations github) failed documents and fail-on trips are also printed as \
            workflow commands and the summary is appended to $GITHUB_STEP_SUMMARY.

            Examples:
              pipeline run pipelines/brief.yaml
              pipeline run pipelines/summarize.yaml < article.txt
              pipeline run pipelines/brief.yaml incoming/ --report out/run.json --report out/run.sarif
              cat docs.jsonl | pipeline run pipelines/redact.yaml --jsonl --jobs 4 > redacted.jsonl
            """)

    @Argument(help: "The pipeline YAML file.")
    var pipeline: String

    @Argument(help: "Files, folders, quoted globs or - for stdin.")
    var inputs: [String] = []

    @Flag(help: "Read JSON lines {\"id\"?, \"text\", \"metadata\"?} and write one JSON object per document.")
    var jsonl = false

    @Option(parsing: .unconditional, help: "Documents processed at once, 1 or more (default: the number of cores).")
    var jobs: String?

    @Option(name: .customLong("report"), parsing: .unconditionalSingleValue,
            help: ArgumentHelp("Write a report (repeatable): run.json, run.sarif, run.xml (JUnit), summary.md, run.html, or FORMAT:PATH; - is stdout.", valueName: "path"))
    var reports: [String] = []

    @Option(help: ArgumentHelp("Print CI annotations: github (default under GITHUB_ACTIONS=true) or none.", valueName: "style"))
    var annotations: AnnotationStyle?

    @Flag(inversion: .prefixedNo, help: "Show a progress line on stderr (default: when stderr is a terminal).")
    var progress: Bool?

    @Flag(help: "Flush stdout after every document (for a consumer reading a pipe live).")
    var lineBuffered = false

    @Flag(help: "Do not print '==> PATH <==' before each input's text when several inputs print to stdout.")
    var noHeaders = false

    @Flag(name: .shortAndLong, help: "No progress line and no summary line on stderr (errors still print).")
    var quiet = false

    /// The parsed command line as a plain value.
    var invocation: RunInvocation {
        RunInvocation(pipeline: pipeline, inputs: inputs, jsonl: jsonl, jobs: jobs, reports: reports, annotations: annotations,
                      progress: progress, lineBuffered: lineBuffered, noHeaders: noHeaders, quiet: quiet)
    }

    func validate() throws { try invocation.validate() }

    func run(in environment: PipelineEnvironment) async throws { try await invocation.run(in: environment) }
}

/// What `pipeline run` was asked to do: `RunCommand`'s arguments as a plain value, and the run
/// itself. ArgumentParser fills it through `RunCommand` (help, errors, every spelling of every
/// option); `init?(fastParsing:)` fills it directly for the plain command lines that CI jobs
/// and scripts type, without ArgumentParser's reflection over the command tree.
struct RunInvocation: Equatable {
    var pipeline: String
    var inputs: [String] = []
    var jsonl = false
    var jobs: String?
    var reports: [String] = []
    var annotations: AnnotationStyle?
    var progress: Bool?
    var lineBuffered = false
    var noHeaders = false
    var quiet = false
}

// In an extension, so that the struct keeps Swift's memberwise initialiser.
extension RunInvocation {
    /// Parses `run PIPELINE [INPUT ...]` with the options of `RunCommand` spelled out in full
    /// (`--jsonl`, `--jobs N`, `--report PATH`, `-q`, ...), each given once (`--report` may
    /// repeat), and values that do not start with `-`. Returns `nil` for anything else, or when
    /// `validate()` would refuse the arguments: ArgumentParser then parses them and prints its
    /// help or error exactly as before. `RunInvocationTests` checks that every command line this
    /// accepts gives the value ArgumentParser gives.
    init?(fastParsing arguments: [String]) {
        guard arguments.first == "run" else { return nil }
        var positionals: [String] = []
        var seen = Set<String>()
        var jsonl = false, lineBuffered = false, noHeaders = false, quiet = false
        var progress: Bool?, jobs: String?, annotations: AnnotationStyle?
        var reports: [String] = []
        var index = 1
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            guard argument.hasPrefix("-") else {
                // `help` is ArgumentParser's word; `-` (stdin) and `--` go through it too.
                if argument == "help" { return nil }
                positionals.append(argument)
                continue
            }
            var name = argument
            var attached: String?
            if let equals = argument.firstIndex(of: "="), argument.hasPrefix("--") {
                name = String(argument[..<equals])
                attached = String(argument[argument.index(after: equals)...])
            }
            let canonical = name == "-q" ? "--quiet" : name
            if canonical != "--report" {
                guard seen.insert(canonical == "--no-progress" ? "--progress" : canonical).inserted else { return nil }
            }
            func value() -> String? {
                if let attached { return attached }
                guard index < arguments.count, !arguments[index].hasPrefix("-") else { return nil }
                index += 1
                return arguments[index - 1]
            }
            switch canonical {
            case "--jsonl", "--line-buffered", "--no-headers", "--quiet", "--progress", "--no-progress":
                guard attached == nil else { return nil }
                switch canonical {
                case "--jsonl": jsonl = true
                case "--line-buffered": lineBuffered = true
                case "--no-headers": noHeaders = true
                case "--quiet": quiet = true
                default: progress = canonical == "--progress"
                }
            case "--jobs":
                guard let given = value() else { return nil }
                jobs = given
            case "--report":
                guard let given = value(), !given.isEmpty else { return nil }
                reports.append(given)
            case "--annotations":
                guard let given = value(), let style = AnnotationStyle(rawValue: given) else { return nil }
                annotations = style
            default:
                return nil
            }
        }
        guard let pipeline = positionals.first else { return nil }
        self.init(pipeline: pipeline, inputs: Array(positionals.dropFirst()), jsonl: jsonl, jobs: jobs, reports: reports,
                  annotations: annotations, progress: progress, lineBuffered: lineBuffered, noHeaders: noHeaders, quiet: quiet)
        guard (try? validate()) != nil else { return nil }
    }

    /// `--jobs` as a number, checked; without `--jobs`, the number of cores (asked only then:
    /// Foundation reads the cgroup's CPU quota files for it).
    var jobCount: Int {
        guard let jobs else { return RunOptions.cores }
        return Int(jobs.trimmingCharacters(in: .whitespaces)) ?? 1
    }

    func validate() throws {
        guard let jobs else { return try checkReports() }
        guard let jobCount = Int(jobs.trimmingCharacters(in: .whitespaces)) else {
            throw ValidationError("--jobs takes a whole number of documents processed at once, 1 or more; got '\(jobs)'")
        }
        guard jobCount >= 1 else {
            throw ValidationError("--jobs must be 1 or more (documents processed at once); got \(jobCount). Leave it out to use the number of cores (\(RunOptions.cores)).")
        }
        try checkReports()
    }

    private func checkReports() throws {
        // Fail before processing anything rather than lose a report at the end.
        for argument in reports {
            do {
                try ReportDestination(parsing: argument).checkWritable()
            } catch { throw ValidationError(error.message) }
        }
    }

    /// Loads the pipeline and runs it; throws `ExitCode` with the run's exit code.
    func run(in environment: PipelineEnvironment) async throws {
        let definition = try loadPipeline(pipeline, with: PipelineLoader(environment: environment))
        guard let selected = InputSelection.inputs(arguments: inputs, pipelineInputs: definition.inputs,
                                                   standardInput: InputSelection.standardInput()) else {
            printError(InputSelection.noInputMessage(pipeline: pipeline))
            throw ExitCode(2)
        }
        var options = RunOptions()
        options.inputs = selected
        options.jsonl = jsonl
        options.jobs = jobCount
        options.reports = reports.compactMap { try? ReportDestination(parsing: $0) }
        options.progress = quiet ? false : progress
        options.lineBuffered = lineBuffered
        options.headers = !noHeaders
        options.summaryLine = !quiet
        let github = annotations.map { $0 == .github } ?? (ProcessVariables.value("GITHUB_ACTIONS") == "true")
        options.githubAnnotations = github
        if github, let summary = ProcessVariables.value("GITHUB_STEP_SUMMARY"), !summary.isEmpty { options.stepSummaryPath = summary }
        let summary = await PipelineRunner(pipeline: definition, options: options).run()
        throw ExitCode(summary.exitCode)
    }
}
