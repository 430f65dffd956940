import PipelineCLI
print(BuiltInStages.all.map { $0.spec.name })
