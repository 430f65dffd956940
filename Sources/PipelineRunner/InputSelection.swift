import Foundation

/// Which inputs a run reads when the command line names none: standard input when it carries
/// data (a pipe, a file or a socket: `cat items.jsonl | pipeline run p.yaml --jsonl`,
/// `pipeline run p.yaml < article.txt`), otherwise (a terminal, /dev/null) the pipeline's own
/// `input:`, otherwise nothing, and the caller says how to give input. Piped input is never
/// silently ignored.
public enum InputSelection {
    /// The kind of file descriptor 0 is.
    public enum StandardInput: Sendable, Equatable {
        /// A pipe, a regular file or a socket: it carries data.
        case data
        /// A terminal, a character device such as /dev/null, or closed.
        case none
    }

    /// What fd 0 is, from `fstat`.
    public static func standardInput() -> StandardInput {
        var info = stat()
        guard fstat(0, &info) == 0 else { return .none }
        switch info.st_mode & S_IFMT {
        case S_IFIFO, S_IFREG, S_IFSOCK: return .data
        default: return .none
        }
    }

    /// The INPUT arguments to use, or `nil` when there is nothing to read.
    public static func inputs(arguments: [String], pipelineInputs: [String], standardInput: StandardInput) -> [String]? {
        if !arguments.isEmpty { return arguments }
        if standardInput == .data { return ["-"] }
        if !pipelineInputs.isEmpty { return pipelineInputs }
        return nil
    }

    /// The error when there is no input.
    public static func noInputMessage(pipeline: String) -> String {
        "\(pipeline): error: no input: name files, folders or quoted globs after the pipeline (pipeline run \(pipeline) incoming/), pipe text or JSON lines on stdin (pipeline run \(pipeline) < in.txt), or give the pipeline an 'input:'"
    }
}
