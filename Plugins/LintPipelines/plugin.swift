import Foundation
import PackagePlugin

/// `swift package lint-pipelines [FILE ...]`: builds the `pipeline` executable and runs
/// `pipeline validate` on every pipeline under `pipelines/` (or on the files given), so a CI
/// job or a pre-commit hook catches a broken pipeline with one precise line per problem.
@main
struct LintPipelines: CommandPlugin {
    func performCommand(context: PluginContext, arguments: [String]) async throws {
        let build = try packageManager.build(.product("pipeline"), parameters: .init(configuration: .debug, logging: .concise))
        guard build.succeeded,
              let executable = build.builtArtifacts.first(where: { $0.kind == .executable && $0.url.lastPathComponent == "pipeline" })
        else {
            Diagnostics.error("building 'pipeline' failed:\n\(build.logText)")
            throw LintError.buildFailed
        }
        var files = arguments
        if files.isEmpty {
            let folder = context.package.directoryURL.appendingPathComponent("pipelines")
            let enumerator = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil)
            while let url = enumerator?.nextObject() as? URL {
                if url.pathExtension == "yaml" || url.pathExtension == "yml" { files.append(url.path) }
            }
            files.sort()
        }
        guard !files.isEmpty else {
            Diagnostics.warning("no pipelines found under pipelines/")
            return
        }
        let process = Process()
        process.executableURL = executable.url
        process.arguments = ["validate"] + files
        process.currentDirectoryURL = context.package.directoryURL
        try process.run()
        process.waitUntilExit()
        if process.terminationStatus != 0 {
            Diagnostics.error("\(files.count) pipeline file(s) checked; some are invalid (see above)")
            throw LintError.invalidPipelines
        }
        print("lint-pipelines: \(files.count) pipeline file(s) valid")
    }

    enum LintError: Error {
        case buildFailed
        case invalidPipelines
    }
}
