import PipelineCLI

await PipelineCommand.main(stages: BuiltInStages.all)
