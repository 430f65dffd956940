import BuiltInStages
import Keywords
import PipelineCLI

// A `pipeline` binary with every built-in stage plus `keywords`.
await PipelineCommand.main(environment: .builtIn.adding(KeywordsStage.self))
