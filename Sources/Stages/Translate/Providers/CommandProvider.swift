import Foundation
import PipelineKit
import Subprocess

/// Runs a program that reads text on stdin and writes its translation on stdout, for example
/// argos-translate's CLI: `command: [argos-translate, --from, "{from}", --to, "{to}"]`.
///
/// Arguments are an array and no shell is involved; `{from}` and `{to}` in arguments are
/// replaced by the language codes (`{from}` is `auto` when unknown). A program name without `/`
/// is looked up on `PATH`; a path is resolved against the pipeline's folder, which is also the
/// program's working directory (so relative arguments work as in the YAML). One process runs
/// per paragraph; after `timeout` seconds it is killed (with its process group). A non-zero exit
/// fails the document with the exit status and the tail of stderr (programs that echo their
/// input to stderr would leak it into the error: keep such programs quiet).
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
        _ = Self.ignoreBrokenPipes
    }

    /// Writing to a program that already exited raises SIGPIPE, which would kill the whole
    /// pipeline; ignored, the write fails with EPIPE instead and the exit status is reported.
    private static let ignoreBrokenPipes: Void = { _ = signal(SIGPIPE, SIG_IGN) }()

    /// Builds the provider from the stage options `command`, `timeout` and `batch-size`.
    public init(setup: TranslationProviderSetup) throws {
        guard let list = setup.options["command"]?.arrayValue, !list.isEmpty else {
            throw StageOptionError(option: "provider", "provider 'command' needs option 'command': the program and its arguments, e.g. [argos-translate, --from, \"{from}\", --to, \"{to}\"]")
        }
        let parts = list.compactMap(\.stringValue)
        guard parts.count == list.count, let first = parts.first, !first.isEmpty else {
            throw StageOptionError(option: "command", "expected a list of strings, the first naming the program")
        }
        var program = first
        if program.contains("/") {
            program = setup.stage.resolve(path: program)
            if setup.stage.checksEnvironment, !FileManager.default.isExecutableFile(atPath: program) {
                throw StageOptionError(option: "command", "'\(program)' is not an executable file", path: ["0"])
            }
        } else if setup.stage.checksEnvironment {
            let path = setup.stage.environment["PATH"] ?? ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
            let found = path.split(separator: ":").contains { FileManager.default.isExecutableFile(atPath: "\($0)/\(program)") }
            if !found { throw StageOptionError(option: "command", "program '\(program)' not found on PATH", path: ["0"]) }
        }
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

    private enum Outcome: Sendable {
        case finished(TerminationStatus, [UInt8], [UInt8])
        case timedOut
    }

    private var displayName: String { (program as NSString).lastPathComponent }

    private func run(_ request: TranslationRequest) async throws -> String {
        let args = arguments.map {
            $0.replacingOccurrences(of: "{from}", with: request.source ?? "auto").replacingOccurrences(of: "{to}", with: request.target)
        }
        let executable: Executable = program.contains("/") ? .path(.init(program)) : .name(program)
        var platform = PlatformOptions()
        platform.createSession = true  // its own process group, so a timeout kills its children too
        platform.teardownSequence = [.send(signal: .kill, toProcessGroup: true, allowedDurationToNextStep: .milliseconds(200))]
        let platformOptions = platform
        let input = request.text
        let timeout = self.timeout
        let processGroup = ChildProcessGroup()
        defer { processGroup.end() }
        let outcome: Outcome
        do {
            outcome = try await withThrowingTaskGroup(of: Outcome.self) { group in
                group.addTask {
                    let result = try await Subprocess.run(
                        executable, arguments: Arguments(args), workingDirectory: directory.map { .init($0) },
                        platformOptions: platformOptions, input: .inputWriter,
                        output: .bytes(limit: 64 << 20), error: .bytes(limit: 4 << 20)
                    ) { execution in
                        // Registered so that a SIGTERM/SIGINT/SIGHUP of pipeline takes it along.
                        processGroup.started(execution.processIdentifier.value)
                        // A program may exit without reading all of stdin (e.g. on an error):
                        // its exit status and stderr tell more than the failed write.
                        _ = try? await execution.standardInputWriter.write(Array(input.utf8))
                        try? await execution.standardInputWriter.finish()
                    }
                    return .finished(result.terminationStatus, result.standardOutput, result.standardError)
                }
                group.addTask {
                    try await Task.sleep(nanoseconds: UInt64(timeout * 1e9))
                    return .timedOut
                }
                let first = try await group.next()!
                group.cancelAll()
                return first
            }
        } catch is CancellationError {
            throw CancellationError()
        } catch let error as SubprocessError {
            throw TranslationError("command '\(displayName)' could not run: \(Self.clip("\(error)"))")
        }
        switch outcome {
        case .timedOut:
            throw TranslationError("command '\(displayName)' timed out after \(LibreTranslateProvider.seconds(timeout)) and was killed")
        case .finished(let status, let stdout, let stderr):
            switch status {
            case .exited(0):
                var text = String(decoding: stdout, as: UTF8.self)
                // Line-oriented tools add a final newline the input did not have.
                if !input.hasSuffix("\n"), text.hasSuffix("\n") { text.removeLast() }
                return text
            case .exited(let code):
                throw TranslationError("command '\(displayName)' exited with status \(code)\(Self.tail(stderr))")
            case .signaled(let signal):
                throw TranslationError("command '\(displayName)' was killed by signal \(signal)\(Self.tail(stderr))")
            }
        }
    }

    /// `; stderr: ...` with the last 400 bytes of stderr on one line, or nothing when it is empty.
    static func tail(_ stderr: [UInt8]) -> String {
        let text = String(decoding: stderr.suffix(400), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        if text.isEmpty { return "" }
        let line = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " | ")
        return "; stderr: " + (stderr.count > 400 ? "..." : "") + line
    }

    private static func clip(_ s: String) -> String {
        let line = s.split(whereSeparator: \.isNewline).joined(separator: " ")
        return line.count > 200 ? String(line.prefix(200)) + "..." : line
    }
}
