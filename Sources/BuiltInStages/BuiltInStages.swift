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
    /// Every built-in stage.
    public static let all: [any Stage.Type] = [
        StripSalutationsStage.self,
        SummarizeStage.self,
        TranslateStage.self,
        RedactStage.self,
        ExportStage.self,
        CommandStage.self,
    ]
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
        PipelineEnvironment(stages: BuiltInStages.all, scrubber: RedactScrubber())
    }
}
