import Foundation
import PipelineKit
import Subprocess

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Everything needed to start the program, fixed at `init`, plus the one-shot run.
struct Launch: Sendable {
    /// Absolute path of the program.
    var executable: String
    /// `run[1...]`.
    var arguments: [String]
    /// How errors name the program: `run[0]` and its first argument.
    var displayName: String
    /// Overrides of the inherited environment (`nil` removes a variable).
    var environment: [String: String?]
    /// Absolute working directory.
    var workingDirectory: String
    /// Time allowed for one document.
    var timeout: Duration
    /// `timeout` as the user wrote it, for messages: `2s`, `0.5s`.
    var timeoutText: String
    /// The most output bytes accepted for one document.
    var maxOutputBytes: Int

    /// What the program produced for one document.
    struct Output: Sendable {
        var stdout: [UInt8]
        var stderrTail: String
    }

    /// The ways a run can fail; each becomes one `StageError` line.
    enum Failure: Sendable {
        case exited(Int32)
        case signaled(Int32)
        case timedOut
        /// A persistent program sent no line in time (often: it answered but never flushed).
        case noAnswer
        case outputTooLarge
        case malformed(String)
        case couldNotStart(String)
        case closedBeforeAnswering(TerminationStatus?)
    }

    // MARK: Starting

    /// The Subprocess configuration: no shell, own process group, inherited environment plus `env`.
    func configuration() -> Configuration {
        var platform = PlatformOptions()
        // A new process group whose id is the program's pid: a timeout kills the whole group,
        // so children the program started die with it.
        platform.processGroupID = 0
        var overrides: [Environment.Key: String?] = [:]
        for (key, value) in environment {
            if let k = Environment.Key(rawValue: key) { overrides[k] = value }
        }
        return Configuration(
            executable: .path(.init(executable)),
            arguments: Arguments(arguments),
            environment: overrides.isEmpty ? .inherit : .inherit.updating(overrides),
            workingDirectory: .init(workingDirectory),
            platformOptions: platform)
    }

    /// What the body of a one-shot run ended with.
    private enum Ending: Sendable {
        case completed([UInt8])
        case timedOut
        case outputTooLarge
    }

    private enum Part: Sendable {
        case wrote
        case stderrDone
        case stdout([UInt8]?)
        case timer
    }

    /// Runs the program once: writes `input` to its stdin while reading stdout and stderr
    /// concurrently (no pipe deadlock on big documents), with the timeout and output limit.
    func runOnce(input: [UInt8]) async throws -> Output {
        let tail = StderrTail()
        let limit = maxOutputBytes
        let timeout = self.timeout
        let started = PIDBox()
        let result: ExecutionResult<Ending, SequenceOutput, SequenceOutput>
        do {
            result = try await Subprocess.run(configuration(), input: .inputWriter, output: .sequence, error: .sequence) { execution in
                let group = execution.processIdentifier.value
                started.set(group)
                ChildProcesses.register(group)
                return try await withThrowingTaskGroup(of: Part.self, returning: Ending.self) { tasks in
                    tasks.addTask {
                        // A program may exit without reading all its input: a failed write is
                        // not an error by itself, the exit status tells what happened.
                        _ = try? await execution.standardInputWriter.write(input)
                        try? await execution.standardInputWriter.finish()
                        return .wrote
                    }
                    tasks.addTask {
                        do {
                            for try await buffer in execution.standardError {
                                buffer.withUnsafeBytes { tail.append($0) }
                            }
                        } catch {}
                        return .stderrDone
                    }
                    tasks.addTask {
                        var collected: [UInt8] = []
                        do {
                            for try await buffer in execution.standardOutput {
                                if collected.count + buffer.count > limit { return .stdout(nil) }
                                buffer.withUnsafeBytes { collected.append(contentsOf: $0) }
                            }
                        } catch {}
                        return .stdout(collected)
                    }
                    tasks.addTask {
                        try await Task.sleep(for: timeout)
                        return .timer
                    }
                    var pending = 3
                    var stdout: [UInt8] = []
                    while let part = try await tasks.next() {
                        switch part {
                        case .timer:
                            Launch.killGroup(group)
                            tasks.cancelAll()
                            return .timedOut
                        case .stdout(nil):
                            Launch.killGroup(group)
                            tasks.cancelAll()
                            return .outputTooLarge
                        case .stdout(let bytes?):
                            stdout = bytes
                            pending -= 1
                        case .wrote, .stderrDone:
                            pending -= 1
                        }
                        if pending == 0 { break }
                    }
                    tasks.cancelAll()
                    return .completed(stdout)
                }
            }
        } catch {
            // Cancelled (the run is stopping) or the program could not be started: either way,
            // nothing of its process group may stay behind.
            if let group = started.value {
                Launch.killGroup(group)
                ChildProcesses.unregister(group)
            }
            if Task.isCancelled || error is CancellationError { throw CancellationError() }
            throw self.error(.couldNotStart(Launch.describe(error)), stderrTail: tail.text())
        }
        // Children the program left behind would outlive the document: end them too.
        Launch.killGroup(result.processIdentifier.value)
        ChildProcesses.unregister(result.processIdentifier.value)
        if Task.isCancelled { throw CancellationError() }
        switch result.closureResult {
        case .timedOut:
            throw self.error(.timedOut, stderrTail: tail.text())
        case .outputTooLarge:
            throw self.error(.outputTooLarge, stderrTail: tail.text())
        case .completed(let stdout):
            switch result.terminationStatus {
            case .exited(0):
                return Output(stdout: stdout, stderrTail: tail.text())
            case .exited(let code):
                throw self.error(.exited(code), stderrTail: tail.text())
            case .signaled(let signal):
                throw self.error(.signaled(signal), stderrTail: tail.text())
            }
        }
    }

    // MARK: Errors

    /// A failed run of the program: what went wrong, and the last lines it wrote to stderr,
    /// which may echo document text and are scrubbed before anyone sees them.
    struct CommandFailure: Error, Sendable {
        var message: String
        var stderrTail: String

        /// The one-line error: the message, then the stderr tail scrubbed of personal data and
        /// secrets by the run's scrubber, capped and escaped.
        func stageError(context: StageContext) async -> StageError {
            guard !stderrTail.isEmpty else { return StageError(message) }
            return StageError(message + "; stderr: " + (await context.scrubbed(stderrTail)))
        }
    }

    /// The per-document error for `failure`, with the stderr tail kept apart until the stage
    /// scrubs it (`CommandFailure.stageError(context:)`). The message holds no document text.
    func error(_ failure: Failure, stderrTail: String) -> CommandFailure {
        var message: String
        switch failure {
        case .exited(let code):
            message = "program '\(displayName)' exited with status \(code)"
        case .signaled(let signal):
            message = "program '\(displayName)' was killed by signal \(signal) (\(Launch.signalName(signal)))"
        case .timedOut:
            message = "program '\(displayName)' timed out after \(timeoutText) (timeout) and was killed with its child processes"
        case .noAnswer:
            message = "program '\(displayName)' timed out after \(timeoutText) (timeout) waiting for its answer line and was killed with its child processes; "
                + "if it did answer, its stdout is probably block-buffered: flush after each line "
                + "(Python: print(..., flush=True) or python3 -u; C: setvbuf(stdout, NULL, _IOLBF, 0); Node: process.stdout.write)"
        case .outputTooLarge:
            message = "program '\(displayName)' wrote more than \(maxOutputBytes) bytes for one document (max-output-bytes) and was killed"
        case .malformed(let what):
            message = "program '\(displayName)' wrote malformed output: \(what)"
        case .couldNotStart(let why):
            message = "could not run program '\(displayName)': \(why)"
        case .closedBeforeAnswering(let status):
            switch status {
            case .exited(let code)?: message = "program '\(displayName)' exited with status \(code) before answering"
            case .signaled(let signal)?:
                message = "program '\(displayName)' was killed by signal \(signal) (\(Launch.signalName(signal))) before answering"
            case nil: message = "program '\(displayName)' closed its output before answering"
            }
        }
        return CommandFailure(message: message, stderrTail: stderrTail)
    }

    /// A short description of a Subprocess error that cannot contain document text.
    static func describe(_ error: any Error) -> String {
        if let e = error as? SubprocessError { return e.description }
        return String(describing: error)
    }

    /// `SIGKILL`, `SIGSEGV`, ... for the common signals, `signal N` otherwise.
    static func signalName(_ signal: Int32) -> String {
        switch signal {
        case SIGHUP: return "SIGHUP"
        case SIGINT: return "SIGINT"
        case SIGQUIT: return "SIGQUIT"
        case SIGILL: return "SIGILL"
        case SIGABRT: return "SIGABRT"
        case SIGBUS: return "SIGBUS"
        case SIGFPE: return "SIGFPE"
        case SIGKILL: return "SIGKILL"
        case SIGSEGV: return "SIGSEGV"
        case SIGPIPE: return "SIGPIPE"
        case SIGALRM: return "SIGALRM"
        case SIGTERM: return "SIGTERM"
        case SIGXCPU: return "SIGXCPU"
        default: return "signal \(signal)"
        }
    }

    // MARK: Processes

    /// Sends SIGKILL to the process group `group` (the program and every child it started).
    static func killGroup(_ group: pid_t) {
        guard group > 1 else { return }
        _ = kill(-group, SIGKILL)
    }

    /// Writing to a program that already exited must fail with EPIPE, not kill the pipeline.
    static func ignoreSIGPIPE() {
        _ = sigpipeIgnored
    }

    private static let sigpipeIgnored: Bool = {
        _ = signal(SIGPIPE, SIG_IGN)
        return true
    }()

    // MARK: Finding the program

    /// The absolute path of `program`: looked up on `searchPath` when it has no slash, else
    /// resolved against the pipeline's folder. Throws `StageOptionError` on `run[0]`.
    static func locate(program: String, searchPath: String, setup: StageSetup) throws -> String {
        if program.isEmpty {
            throw StageOptionError(option: "run", "the program name is empty", path: ["0"])
        }
        if program.contains("/") {
            let path = absolute(setup.resolve(path: program))
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw StageOptionError(option: "run", "program '\(program)' not found (no file \(path))", path: ["0"])
            }
            guard !isDirectory.boolValue, access(path, X_OK) == 0 else {
                throw StageOptionError(
                    option: "run",
                    "program '\(program)' is not executable (chmod +x it, or run it through its interpreter, e.g. [python3, \(program)])",
                    path: ["0"])
            }
            return path
        }
        for directory in searchPath.split(separator: ":", omittingEmptySubsequences: false) {
            let dir = directory.isEmpty ? "." : String(directory)
            let candidate = absolute(dir.hasSuffix("/") ? dir + program : dir + "/" + program)
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate, isDirectory: &isDirectory), !isDirectory.boolValue,
                access(candidate, X_OK) == 0
            {
                return candidate
            }
        }
        var message = "program '\(program)' not found on PATH"
        if FileManager.default.fileExists(atPath: absolute(setup.resolve(path: program))) {
            message += " (for the file in the pipeline's folder, write './\(program)')"
        } else if let guess = closestProgram(to: program, searchPath: searchPath) {
            message += " (did you mean '\(guess)'?)"
        }
        throw StageOptionError(option: "run", message, path: ["0"])
    }

    /// The program on `searchPath` whose name is closest to `program`, if one is close enough
    /// to be a typo (`pyhton3` -> `python3`). Only runs when the program was not found.
    static func closestProgram(to program: String, searchPath: String) -> String? {
        var names = Set<String>()
        for directory in searchPath.split(separator: ":") {
            guard let entries = try? FileManager.default.contentsOfDirectory(atPath: String(directory)) else { continue }
            for name in entries where abs(name.count - program.count) <= 2 { names.insert(name) }
        }
        return Suggestion.closest(to: program, in: names.sorted())
    }

    /// `0`, `2.5`: a number as a user would write it.
    static func number(_ value: Double) -> String {
        value.rounded() == value && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }

    /// `path` made absolute against the current directory, with `.` and `..` removed.
    static func absolute(_ path: String) -> String {
        let cwd = FileManager.default.currentDirectoryPath
        let joined = path.hasPrefix("/") ? path : (path.isEmpty ? cwd : cwd + "/" + path)
        return URL(fileURLWithPath: joined).standardized.path
    }

    /// `python3 stage.py` for `[python3, stage.py, --flag]`: enough to tell stages apart.
    static func displayName(_ run: [String]) -> String {
        var name = run.prefix(2).joined(separator: " ")
        if run.count > 2 { name += " ..." }
        return name
    }

    /// `30s`, `0.5s`.
    static func seconds(_ value: Double) -> String { number(value) + "s" }
}
