import BuiltInStages
import PipelineCLI
import PipelineRunner

// Before anything opens a file: a closed stdin/stdout/stderr must not be reused by one.
StandardDescriptors.claim()
await PipelineCommand.main(environment: .builtIn)
