import CommandStage
import Export
import PipelineKit
import Redact
import StripSalutations
import Summarize
import Translate

/// The stages every `pipeline` binary ships with, in the order `pipeline stages` lists them.
/// A custom binary that wants only some of them lists those instead of linking this module.
public enum BuiltInStages {
    /// Every built-in stage under its name (its spec's `name`), in listing order. The entries
    /// carry the names so that building the registry builds no spec: a stage's spec (options,
    /// examples) is built the first time something asks for it, which for `pipeline run` is the
    /// stage's own set-up, done side by side with the other stages'. `StageExamplesTests` checks
    /// that every name here is the one its spec declares.
    public static let registry = StageRegistry([
        (name: "strip-salutations", entry: StripSalutationsStage.self),
        (name: "summarize", entry: SummarizeStage.self),
        (name: "translate", entry: TranslateStage.self),
        (name: "redact", entry: RedactStage.self),
        (name: "export", entry: ExportStage.self),
        (name: "command", entry: CommandStage.self),
    ] as [(name: String, entry: any Stage.Type)])

    /// Every built-in stage.
    public static var all: [any Stage.Type] { registry.types }
}

extension PipelineEnvironment {
    /// The `pipeline` binary's environment: the built-in stages, translation providers and
    /// export formats (the providers and formats are what every environment holds until it
    /// sets its own), and the redact detectors scrubbing programs' stderr. A downstream
    /// binary adds to it:
    ///
    /// ```swift
    /// await PipelineCommand.main(environment: .builtIn.adding(KeywordsStage.self))
    /// ```
    public static var builtIn: PipelineEnvironment {
        PipelineEnvironment(stages: BuiltInStages.registry, scrubber: RedactScrubber())
    }
}
