/// A position in a pipeline file: 1-based line and column (columns count Unicode scalars).
public struct SourceLocation: Sendable, Hashable, Comparable {
    /// The file as the user named it.
    public var file: String
    /// 1-based line.
    public var line: Int
    /// 1-based column.
    public var column: Int

    /// Creates a location.
    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    public static func < (lhs: SourceLocation, rhs: SourceLocation) -> Bool {
        (lhs.file, lhs.line, lhs.column) < (rhs.file, rhs.line, rhs.column)
    }
}

/// One problem found in a pipeline file, printed GCC style:
/// `pipelines/brief.yaml:7:9: error: unknown option 'sentense' for stage 'summarize' (did you mean 'sentences'?)`.
public struct Diagnostic: Sendable, Hashable, CustomStringConvertible {
    /// How bad it is.
    public enum Severity: String, Sendable {
        case error, warning, note
    }
    /// Where, or `nil` for problems with the file as a whole (unreadable, too large).
    public var location: SourceLocation?
    /// The file, used when there is no line and column.
    public var file: String
    /// Error, warning or note.
    public var severity: Severity
    /// The message, one line.
    public var message: String

    /// Creates a diagnostic at a location.
    public init(_ severity: Severity = .error, at location: SourceLocation, _ message: String) {
        self.location = location
        self.file = location.file
        self.severity = severity
        self.message = message
    }

    /// Creates a diagnostic about a whole file.
    public init(_ severity: Severity = .error, file: String, _ message: String) {
        self.location = nil
        self.file = file
        self.severity = severity
        self.message = message
    }

    /// `file:line:col: error: message`.
    public var description: String {
        if let location { return "\(location.file):\(location.line):\(location.column): \(severity.rawValue): \(message)" }
        return "\(file): \(severity.rawValue): \(message)"
    }
}

/// Loading a pipeline failed; every problem found in one pass is in `diagnostics`, in file order.
public struct PipelineConfigError: Error, Sendable, CustomStringConvertible {
    /// All problems, sorted by position.
    public var diagnostics: [Diagnostic]
    /// Creates the error.
    public init(diagnostics: [Diagnostic]) { self.diagnostics = diagnostics }
    /// One diagnostic a line.
    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}
