import PipelineKit

/// A validated pipeline: what the runner executes.
public struct PipelineDefinition: Sendable {
    /// The pipeline file as the user named it.
    public var file: String
    /// The folder of the file: relative paths in the pipeline resolve against it.
    public var baseDirectory: String
    /// `name:` from the file, else the file's stem.
    public var name: String
    /// `description:` from the file.
    public var description: String?
    /// `input:` paths or globs, already resolved against `baseDirectory`.
    public var inputs: [String]
    /// The stages in order, built and ready.
    public var steps: [PipelineStep]
    /// Unit tests from the file's `tests:` list (`pipeline test`).
    public var tests: [PipelineTestCase] = []
    /// The environment the stages were built from (the runner takes its scrubber from here).
    public var environment = PipelineEnvironment()
}

/// What happens to a document when a stage throws.
public enum OnError: String, Sendable, CaseIterable {
    /// The document fails: no further stages, no output, the run exits 1 (the default).
    case fail
    /// The document is dropped from the output and counted as skipped; the run can still exit 0.
    case skip
    /// The stage's change is discarded and the document goes on to the next stage unchanged
    /// (recorded as a warning in the report).
    case keep
}

/// One stage of a pipeline with its reserved keys.
public struct PipelineStep: Sendable {
    /// The step's id (`id:` or the stage name; `name-2`, `name-3` when a stage repeats).
    public var id: String
    /// The stage's name.
    public var name: String
    /// The built stage.
    public var stage: AnyStage
    /// `on-error:`.
    public var onError: OnError
    /// `when:`, or `nil` to run on every document.
    public var condition: Condition?
    /// Where the step starts in the file.
    public var location: SourceLocation

    /// The same step with its strings and stage reference its own (``AnyStage/replica()``,
    /// `String(ownStorage:)`): what a worker runs a batch of documents through, so that the
    /// reference counts it changes per document are not also changed by the other workers.
    public func replica() -> PipelineStep {
        var step = self
        step.id = String(ownStorage: id)
        step.name = String(ownStorage: name)
        step.stage = stage.replica()
        return step
    }
}
