import CommandStage
import Export
import PipelineKit
import Redact
import StripSalutations
import Summarize
import Translate

/// The stages every `pipeline` binary knows. A downstream package adds its own:
/// `PipelineCommand.main(stages: BuiltInStages.all + [MyStage.self])`.
public enum BuiltInStages {
    /// Every built-in stage, in the order `pipeline stages` lists them.
    public static let all: [any Stage.Type] = [
        StripSalutationsStage.self,
        SummarizeStage.self,
        TranslateStage.self,
        RedactStage.self,
        ExportStage.self,
        CommandStage.self,
    ]
}
