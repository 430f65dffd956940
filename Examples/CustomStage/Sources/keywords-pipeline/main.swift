import Keywords
import PipelineCLI

// A `pipeline` binary with every built-in stage plus `keywords`.
await PipelineCommand.main(stages: BuiltInStages.all + [KeywordsStage.self])
