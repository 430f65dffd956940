import PackagePlugin
@main struct LintPipelines: CommandPlugin {
    func performCommand(context: PluginContext, arguments: [String]) async throws {}
}
