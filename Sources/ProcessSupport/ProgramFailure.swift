import PipelineKit

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A failed run of an external program: a message that names the program and what went wrong
/// (never document text), and the last lines it wrote to stderr, kept apart because they may
/// echo the document. Both the command stage and translate's `command` provider throw it; the
/// stage that catches it turns it into one line with `stageError(context:prefix:)`, which
/// scrubs and caps the tail.
public struct ProgramFailure: Error, Sendable, CustomStringConvertible {
    /// One line without document text: `program 'x' exited with status 3`.
    public var message: String
    /// The stderr tail, unscrubbed; empty when the program wrote nothing there.
    public var stderrTail: String

    /// Creates a failure.
    public init(message: String, stderrTail: String = "") {
        self.message = message
        self.stderrTail = stderrTail
    }

    /// The message alone (the tail is withheld until it is scrubbed).
    public var description: String { message }

    /// The one-line error: `prefix`, the message, then the stderr tail scrubbed of personal data
    /// and secrets by the run's scrubber (the redact detectors), capped and escaped.
    public func stageError(context: StageContext, prefix: String = "") async -> StageError {
        guard !stderrTail.isEmpty else { return StageError(prefix + message) }
        return StageError(prefix + message + "; stderr: " + (await context.scrubbed(stderrTail)))
    }
}

/// Names for the signals a program can die of: `SIGKILL`, `SIGSEGV`, ... or `signal N`.
public enum SignalName {
    /// The name of `signal`.
    public static func of(_ signal: Int32) -> String {
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
}
