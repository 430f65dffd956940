import Foundation
@_exported import PipelineConfig
@_exported import PipelineKit
@_exported import PipelineRunner

/// The pipeline engine for embedding: loads, validates and runs pipelines inside another
/// program, with the environment (stages, providers, formats) that program chooses. It is
/// what the `pipeline` command does, without the command line.
///
/// ```swift
/// import BuiltInStages
/// import PipelineEngine
///
/// let engine = PipelineEngine(environment: .builtIn)
/// let pipeline = try engine.load(file: "pipelines/redact.yaml")
/// let results = await engine.process([Document(id: "a", text: "Mail ada@example.org")], through: pipeline)
/// print(results[0].documents[0].text)                     // Mail [EMAIL]
/// let summary = await engine.run(pipeline, options: RunOptions())   // files, stdin, reports
/// ```
public struct PipelineEngine: Sendable {
    /// The stages and registries pipelines are built from.
    public var environment: PipelineEnvironment
    /// Variables for `${VAR}` interpolation and stage secrets.
    public var variables: [String: String]

    /// An engine over `environment`, interpolating from `variables` (the process environment
    /// unless given).
    public init(environment: PipelineEnvironment, variables: [String: String] = ProcessVariables.all()) {
        self.environment = environment
        self.variables = variables
    }

    /// A loader for this engine's environment.
    public func loader(validateOnly: Bool = false) -> PipelineLoader {
        PipelineLoader(environment: environment, variables: variables, validateOnly: validateOnly)
    }

    /// Loads and builds the pipeline in `file`; throws every problem at once, each with file,
    /// line and column.
    public func load(file: String) throws(PipelineConfigError) -> PipelineDefinition {
        try loader().load(file: file)
    }

    /// Loads and builds a pipeline from YAML text; `file` names it in messages and
    /// `baseDirectory` resolves its relative paths.
    public func load(yaml: String, file: String = "<pipeline>", baseDirectory: String = ".") throws(PipelineConfigError) -> PipelineDefinition {
        try loader().load(yaml: yaml, file: file, baseDirectory: baseDirectory)
    }

    /// Checks the pipeline in `file` as `pipeline validate` does: stages are built in
    /// validate-only mode (nothing written, no server contacted).
    public func validate(file: String) throws(PipelineConfigError) -> PipelineDefinition {
        try loader(validateOnly: true).load(file: file)
    }

    /// Runs `documents` through `pipeline` in memory, in order, then lets its stages finish.
    public func process(_ documents: [Document], through pipeline: PipelineDefinition,
                        output: any RunOutput = CollectingRunOutput()) async -> [DocumentResult] {
        await PipelineRunner(pipeline: pipeline, options: RunOptions(), output: output).process(documents)
    }

    /// Runs `pipeline` over the inputs in `options` as `pipeline run` does (concurrency,
    /// ordering, reports) and returns the summary.
    public func run(_ pipeline: PipelineDefinition, options: RunOptions, output: (any RunOutput)? = nil) async -> RunSummary {
        await PipelineRunner(pipeline: pipeline, options: options, output: output).run()
    }
}
