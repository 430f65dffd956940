import PipelineKit

/// One run of a program on one input: starts it, writes `input` to its stdin while reading
/// stdout and stderr concurrently (no pipe deadlock on big inputs), and ends it on a timeout or
/// when it writes more than `maxOutputBytes`. Whatever happens, the program's whole process
/// group is killed before `run` returns, so nothing it started outlives the run.
public struct ProgramRun: Sendable {
    /// Absolute path of the program.
    public var executable: String
    /// Its arguments.
    public var arguments: [String]
    /// Overrides of the inherited environment (`nil` removes a variable).
    public var environment: [String: String?]
    /// The working directory, or `nil` for the current one.
    public var workingDirectory: String?
    /// Time allowed for the run.
    public var timeout: Duration
    /// The most stdout bytes accepted.
    public var maxOutputBytes: Int

    /// Creates a run description.
    public init(executable: String, arguments: [String], environment: [String: String?] = [:],
                workingDirectory: String? = nil, timeout: Duration, maxOutputBytes: Int) {
        self.executable = executable
        self.arguments = arguments
        self.environment = environment
        self.workingDirectory = workingDirectory
        self.timeout = timeout
        self.maxOutputBytes = maxOutputBytes
    }

    /// How a run ended.
    public enum Ending: Sendable, Equatable {
        /// The program exited (or died of a signal) after writing `stdout`.
        case finished(ProgramExit, stdout: [UInt8])
        /// It was still running after `timeout` and was killed.
        case timedOut
        /// It wrote more than `maxOutputBytes` and was killed.
        case outputTooLarge
    }

    /// The ending and the stderr tail.
    public struct Outcome: Sendable {
        /// How the run ended.
        public var ending: Ending
        /// The last lines of stderr (unscrubbed: see `ProgramFailure`).
        public var stderrTail: String
    }

    private enum Part: Sendable {
        case wrote
        case stderrDone
        case stdout([UInt8]?)
        case exited(ProgramExit)
        case timer
    }

    /// Runs the program once on `input`. Throws `ProgramStartError` when it cannot start and
    /// `CancellationError` when the task is cancelled (the program is killed either way).
    public func run(input: [UInt8]) async throws -> Outcome {
        let process = try ChildProcess(
            executable: executable, arguments: arguments, environment: environment, workingDirectory: workingDirectory)
        defer { process.killGroup() }
        let tail = StderrTail()
        // Cancelled (the run is stopping): kill at once, so that no part waits for the program.
        let ending: Ending = try await withTaskCancellationHandler {
            try await collect(process, input: input, tail: tail)
        } onCancel: {
            process.killGroup()
        }
        try Task.checkCancellation()
        return Outcome(ending: ending, stderrTail: tail.text())
    }

    /// Feeds stdin, reads stdout and stderr and waits for the exit, within the timeout and limit.
    private func collect(_ process: ChildProcess, input: [UInt8], tail: StderrTail) async throws -> Ending {
        let limit = maxOutputBytes
        let timeout = self.timeout
        return try await withThrowingTaskGroup(of: Part.self, returning: Ending.self) { tasks in
            tasks.addTask {
                // A program may exit without reading all its input: a failed write is not an
                // error by itself, the exit status tells what happened.
                try? await process.write(input)
                process.closeInput()
                return .wrote
            }
            tasks.addTask {
                for await buffer in process.standardError { tail.append(buffer) }
                return .stderrDone
            }
            tasks.addTask {
                var collected: [UInt8] = []
                for await buffer in process.standardOutput {
                    if collected.count + buffer.count > limit { return .stdout(nil) }
                    collected.append(contentsOf: buffer)
                }
                return .stdout(collected)
            }
            tasks.addTask { .exited(await process.waitForExit()) }
            tasks.addTask {
                try await Task.sleep(for: timeout)
                return .timer
            }
            var pending = 4
            var stdout: [UInt8] = []
            var exit: ProgramExit = .exited(0)
            while let part = try await tasks.next() {
                switch part {
                case .timer:
                    process.killGroup()
                    tasks.cancelAll()
                    return .timedOut
                case .stdout(nil):
                    process.killGroup()
                    tasks.cancelAll()
                    return .outputTooLarge
                case .stdout(let bytes?):
                    stdout = bytes
                case .exited(let status):
                    exit = status
                    // Children the program left behind may hold stdout open: end them too.
                    process.killGroup()
                case .wrote, .stderrDone:
                    break
                }
                pending -= 1
                if pending == 0 { break }
            }
            tasks.cancelAll()
            return .finished(exit, stdout: stdout)
        }
    }
}
