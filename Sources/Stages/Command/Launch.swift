import Foundation
import PipelineKit
import ProcessSupport

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
        case closedBeforeAnswering(ProgramExit?)
    }

    // MARK: Running

    /// The shared one-shot runner, configured for this program.
    private var programRun: ProgramRun {
        ProgramRun(executable: executable, arguments: arguments, environment: environment,
                   workingDirectory: workingDirectory, timeout: timeout, maxOutputBytes: maxOutputBytes)
    }

    /// Starts the program for a persistent session.
    func start() throws(ProgramStartError) -> ChildProcess {
        try ChildProcess(executable: executable, arguments: arguments, environment: environment, workingDirectory: workingDirectory)
    }

    /// Runs the program once: writes `input` to its stdin while reading stdout and stderr
    /// concurrently, with the timeout and output limit (`ProgramRun`).
    func runOnce(input: [UInt8]) async throws -> Output {
        let outcome: ProgramRun.Outcome
        do {
            outcome = try await programRun.run(input: input)
        } catch let failure as ProgramStartError {
            throw self.error(.couldNotStart(failure.description), stderrTail: "")
        }
        switch outcome.ending {
        case .timedOut:
            throw self.error(.timedOut, stderrTail: outcome.stderrTail)
        case .outputTooLarge:
            throw self.error(.outputTooLarge, stderrTail: outcome.stderrTail)
        case .finished(.exited(0), let stdout):
            return Output(stdout: stdout, stderrTail: outcome.stderrTail)
        case .finished(.exited(let code), _):
            throw self.error(.exited(code), stderrTail: outcome.stderrTail)
        case .finished(.signaled(let signal), _):
            throw self.error(.signaled(signal), stderrTail: outcome.stderrTail)
        }
    }

    // MARK: Errors

    /// The per-document error for `failure`, with the stderr tail kept apart until the stage
    /// scrubs it (`CommandFailure.stageError(context:)`). The message holds no document text.
    func error(_ failure: Failure, stderrTail: String) -> ProgramFailure {
        var message: String
        switch failure {
        case .exited(let code):
            message = "program '\(displayName)' exited with status \(code)"
        case .signaled(let signal):
            message = "program '\(displayName)' was killed by signal \(signal) (\(SignalName.of(signal)))"
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
                message = "program '\(displayName)' was killed by signal \(signal) (\(SignalName.of(signal))) before answering"
            case nil: message = "program '\(displayName)' closed its output before answering"
            }
        }
        return ProgramFailure(message: message, stderrTail: stderrTail)
    }

    /// `0`, `2.5`: a number as a user would write it.
    static func number(_ value: Double) -> String {
        value.rounded() == value && abs(value) < 1e15 ? String(Int(value)) : String(value)
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
