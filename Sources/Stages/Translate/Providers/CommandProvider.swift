import Foundation
import PipelineKit
import ProcessSupport

/// Runs a program that reads text on stdin and writes its translation on stdout, for example
/// argos-translate's CLI: `command: [argos-translate, --from, "{from}", --to, "{to}"]`.
///
/// Arguments are an array and no shell is involved; `{from}` and `{to}` in arguments are
/// replaced by the language codes (`{from}` is `auto` when unknown). A program name without `/`
/// is looked up on `PATH`; a path is resolved against the pipeline's folder, which is also the
/// program's working directory (so relative arguments work as in the YAML). One process runs
/// per paragraph, started by `ProcessSupport` as the command stage starts its programs (its own
/// process group, killed with `pipeline` even on SIGKILL); after `timeout` seconds it is killed
/// with its group. A non-zero exit fails the document with the exit status and the tail of
/// stderr, which the stage scrubs with the redact detectors and caps before it is shown.
public struct CommandProvider: TranslationProvider {
    /// The program (a name on `PATH`, or an absolute path).
    public let program: String
    /// The arguments, with `{from}` / `{to}` placeholders.
    public let arguments: [String]
    /// The working directory of the program (the pipeline's folder), or `nil` for the current one.
    public let directory: String?
    private let timeout: Double
    private let batchSize: Int

    /// Creates a provider.
    public init(program: String, arguments: [String] = [], directory: String? = nil, timeout: Double = 30, batchSize: Int = 16) {
        self.program = program
        self.arguments = arguments
        self.directory = directory
        self.timeout = timeout
        self.batchSize = max(1, batchSize)
        ChildProcess.ignoreBrokenPipes()
    }

    /// Builds the provider from the stage options `command`, `timeout` and `batch-size`.
    public init(setup: TranslationProviderSetup) throws {
        guard let list = setup.options["command"]?.arrayValue, !list.isEmpty else {
            throw StageOptionError(option: "provider", "provider 'command' needs option 'command': the program and its arguments, e.g. [argos-translate, --from, \"{from}\", --to, \"{to}\"]")
        }
        let parts = list.compactMap(\.stringValue)
        guard parts.count == list.count, let first = parts.first, !first.isEmpty else {
            throw StageOptionError(option: "command", "expected a list of strings, the first naming the program")
        }
        // Found as the command stage finds `run[0]`, so `validate` words a missing program alike.
        if setup.stage.checksEnvironment {
            _ = try ProgramLocator.locate(
                program: first, searchPath: ProgramLocator.searchPath(setup: setup.stage), setup: setup.stage, option: "command")
        }
        let program = first.contains("/") ? setup.stage.resolve(path: first) : first
        let base = setup.stage.baseDirectory
        self.init(program: program, arguments: Array(parts.dropFirst()), directory: base.isEmpty || base == "." ? nil : base,
                  timeout: setup.timeout, batchSize: setup.batchSize)
    }

    /// `command`.
    public var name: String { "command" }
    /// `command:` + the program and its arguments.
    public var cacheIdentity: String { "command:" + ([program] + arguments).joined(separator: "\u{1}") }
    /// The option `batch-size`.
    public var maxBatchSize: Int { batchSize }

    /// Runs the program once per request, one after the other.
    public func translate(_ batch: [TranslationRequest]) async throws -> [String] {
        var out: [String] = []
        out.reserveCapacity(batch.count)
        for request in batch {
            try Task.checkCancellation()
            out.append(try await run(request))
        }
        return out
    }

    private var displayName: String { (program as NSString).lastPathComponent }

    private func run(_ request: TranslationRequest) async throws -> String {
        let arguments = self.arguments.map {
            $0.replacingEvery("{from}", with: request.source ?? "auto").replacingEvery("{to}", with: request.target)
        }
        let executable: String
        do {
            let here = StageSetup(stageID: "translate")
            executable = try ProgramLocator.locate(
                program: program, searchPath: ProgramLocator.searchPath(setup: here), setup: here, option: "command")
        } catch let problem as StageOptionError {
            throw ProgramFailure(message: "command '\(displayName)' could not run: \(problem.message)")
        }
        let run = ProgramRun(executable: executable, arguments: arguments, workingDirectory: directory,
                             timeout: .milliseconds(Int64((timeout * 1000).rounded(.up))), maxOutputBytes: 64 << 20)
        let input = request.text
        let outcome: ProgramRun.Outcome
        do {
            outcome = try await run.run(input: Array(input.utf8))
        } catch let failure as ProgramStartError {
            throw ProgramFailure(message: "command '\(displayName)' could not run: \(failure)")
        }
        switch outcome.ending {
        case .timedOut:
            throw ProgramFailure(
                message: "command '\(displayName)' timed out after \(LibreTranslateProvider.seconds(timeout)) and was killed",
                stderrTail: outcome.stderrTail)
        case .outputTooLarge:
            throw ProgramFailure(message: "command '\(displayName)' wrote more than 64 MiB and was killed", stderrTail: outcome.stderrTail)
        case .finished(.exited(0), let stdout):
            var text = String(decoding: stdout, as: UTF8.self)
            // Line-oriented tools add a final newline the input did not have.
            if !input.hasSuffix("\n"), text.hasSuffix("\n") { text.removeLast() }
            return text
        case .finished(.exited(let code), _):
            throw ProgramFailure(message: "command '\(displayName)' exited with status \(code)", stderrTail: outcome.stderrTail)
        case .finished(.signaled(let signal), _):
            throw ProgramFailure(
                message: "command '\(displayName)' was killed by signal \(signal) (\(SignalName.of(signal)))", stderrTail: outcome.stderrTail)
        }
    }
}
