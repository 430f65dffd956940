import Foundation
import PackagePlugin

/// `swift package lint-pipelines [--check-env] [FILE ...]`: builds the `pipeline` executable and runs
/// `pipeline validate` on every pipeline under `pipelines/` (or on the files given), so a CI
/// job or a pre-commit hook catches a broken pipeline with one precise line per problem.
/// The problems come first, one summary line last; a failure exits non-zero without a raw
/// Swift error line.
@main
struct LintPipelines: CommandPlugin {
    func performCommand(context: PluginContext, arguments: [String]) async throws {
        let build = try packageManager.build(.product("pipeline"), parameters: .init(configuration: .debug, logging: .concise))
        guard build.succeeded,
              let executable = build.builtArtifacts.first(where: { $0.kind == .executable && $0.url.lastPathComponent == "pipeline" })
        else {
            FileHandle.standardError.write(Data("lint-pipelines: building 'pipeline' failed:\n\(build.logText)\n".utf8))
            exit(1)
        }
        // A lint runs without the job's secrets; `--check-env` checks the environment as `run` does.
        let checkEnvironment = arguments.contains("--check-env")
        var files = arguments.filter { $0 != "--check-env" }
        if files.isEmpty {
            let folder = context.package.directoryURL.appendingPathComponent("pipelines")
            let enumerator = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil)
            while let url = enumerator?.nextObject() as? URL {
                if url.pathExtension == "yaml" || url.pathExtension == "yml" { files.append(url.path) }
            }
            files.sort()
        }
        guard !files.isEmpty else {
            print("lint-pipelines: no pipelines found under pipelines/")
            return
        }
        let process = Process()
        process.executableURL = executable.url
        process.arguments = ["validate", "--quiet"] + (checkEnvironment ? [] : ["--skip-env-check"]) + files
        process.currentDirectoryURL = context.package.directoryURL
        try process.run()
        process.waitUntilExit()
        if process.terminationStatus != 0 {
            // The problems were printed above, one per line; the summary comes last.
            FileHandle.standardError.write(Data("lint-pipelines: \(files.count) pipeline file(s) checked; some are invalid (see above)\n".utf8))
            exit(process.terminationStatus)
        }
        print("lint-pipelines: \(files.count) pipeline file(s) valid")
    }
}
