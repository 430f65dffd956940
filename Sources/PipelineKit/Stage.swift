/// A step of a pipeline: takes a document, returns zero or more documents.
///
/// A stage declares its `spec` (name, options, examples), validates its options once in
/// `init(options:setup:)`, and then processes documents, possibly many at once from several
/// tasks: `process` must be safe to call concurrently. Returning `[]` drops the document,
/// returning several splits it. Stages that write a combined result (a digest file) do it in
/// `finish(context:)`, called once after the last document.
///
/// ```swift
/// struct Shout: Stage {
///     struct Options: Decodable, Sendable { var suffix: String }
///     static let spec = StageSpec(
///         name: "shout", summary: "Upper-cases the text.",
///         options: [OptionSpec("suffix", .string, default: "!", doc: "Appended to the text.")],
///         examples: [StageExample("basic", input: "hi", expected: "HI!")])
///     let options: Options
///     init(options: Options, setup: StageSetup) throws { self.options = options }
///     func process(_ document: Document, context: StageContext) async throws -> [Document] {
///         var shouted = document
///         shouted.text = shouted.text.uppercased() + options.suffix
///         return [shouted]
///     }
/// }
/// ```
public protocol Stage: Sendable {
    /// The stage's typed options, decoded from YAML after the spec filled in defaults.
    /// Keys are looked up as written in Swift and in kebab-case (`maxWords` reads `max-words`).
    associatedtype Options: Decodable & Sendable

    /// Name, summary, options and examples: the single source of truth for docs, validation and tests.
    static var spec: StageSpec { get }

    /// Validates options and prepares the stage, before any document. Throw `StageOptionError`
    /// to point the user at one option.
    init(options: Options, setup: StageSetup) throws

    /// Transforms one document. May be called concurrently.
    func process(_ document: Document, context: StageContext) async throws -> [Document]

    /// Called once after every document went through `process` (also after failures).
    func finish(context: StageContext) async throws
}

extension Stage {
    /// Does nothing: most stages have nothing to finish.
    public func finish(context: StageContext) async throws {}
}

/// A stage whose work on a document never waits (no I/O, no child program, no server): it
/// implements ``processSynchronously(_:context:)``, its `process` calls that, and the runner
/// calls it directly, with no async call per document (a task frame allocated and freed, an
/// executor check and a resumption: ~1% of the brief's CPU over three stages; round 22 in
/// docs/performance-log.md). The built-in strip-salutations, redact and summarize are.
///
/// The document is the stage's own (`consuming`): the runner hands it over when it keeps no
/// other reference to it, so a stage that makes its output from it (`var out = document`, then
/// appends an annotation or sets a metadata key) changes it in place rather than copying its
/// arrays and dictionaries first. To get that, use `document` only through the output once it is
/// made (read what else you need before).
public protocol SynchronousStage: Stage {
    /// Transforms one document, as `process` does. May be called concurrently.
    func processSynchronously(_ document: consuming Document, context: StageContext) throws -> [Document]
}

extension SynchronousStage {
    /// ``processSynchronously(_:context:)`` on a copy of `document`.
    public func process(_ document: Document, context: StageContext) async throws -> [Document] {
        try processSynchronously(document, context: context)
    }
}

/// What a stage may know when it is built: where the pipeline file lives, the environment,
/// and whether this is only a `pipeline validate` (no servers contacted, no files written).
public struct StageSetup: Sendable {
    /// The stage's id in the pipeline (its name unless the YAML gives `id:`).
    public var stageID: String
    /// The folder of the pipeline file: relative paths in options resolve against it.
    public var baseDirectory: String
    /// The process environment (secrets such as API keys come from here, never from YAML).
    public var environment: [String: String]
    /// `true` under `pipeline validate`: check everything, touch nothing.
    public var validateOnly: Bool
    /// `false` under `pipeline validate --skip-env-check`: do not require secrets and other
    /// environment variables to be set (lint without the environment).
    public var checksEnvironment = true
    /// What the binary plugs in: its stages, and registries that stage modules add (the
    /// translate stage finds its providers here, export its formats).
    public var pipelineEnvironment: PipelineEnvironment
    /// The stage's options as resolved from the pipeline file (`StageSpec.resolve`): keyed in
    /// kebab-case, defaults filled in, each value in its canonical shape. Set by `Stage.build`
    /// for code that reads options by name, such as translation provider factories.
    public var resolvedOptions: [String: Value] = [:]

    /// Creates a setup.
    public init(stageID: String, baseDirectory: String = ".", environment: [String: String] = [:], validateOnly: Bool = false,
                pipelineEnvironment: PipelineEnvironment = PipelineEnvironment()) {
        self.stageID = stageID
        self.pipelineEnvironment = pipelineEnvironment
        self.baseDirectory = baseDirectory
        self.environment = environment
        self.validateOnly = validateOnly
    }

    /// `path` resolved against `baseDirectory` unless it is absolute.
    public func resolve(path: String) -> String {
        if path.hasPrefix("/") || baseDirectory.isEmpty || baseDirectory == "." { return path }
        return baseDirectory.hasSuffix("/") ? baseDirectory + path : baseDirectory + "/" + path
    }
}

/// What a stage may know and do while it processes one document.
public struct StageContext: Sendable {
    /// The stage's id in the pipeline.
    public var stageID: String
    /// The stage's name (`redact`, `summarize`, ...): the `stage` field of its annotations.
    public var stageName: String
    /// The document's position in the input (0-based). `-1` in `finish`.
    public var sequence: Int
    /// Where notes, stdout output and fail-on trips go.
    public var events: any StageEventSink
    /// Scrubs text from outside (a program's stderr) before it goes into a message; see
    /// `scrubbed(_:)`. `nil`: text is only capped and escaped.
    public var scrubber: (any TextScrubber)?

    /// Creates a context.
    public init(stageID: String, stageName: String, sequence: Int, events: any StageEventSink, scrubber: (any TextScrubber)? = nil) {
        self.scrubber = scrubber
        self.stageID = stageID
        self.stageName = stageName
        self.sequence = sequence
        self.events = events
    }

    /// Writes a note for the user on stderr. Never pass document text: it may hold PII.
    public func note(_ message: String) { events.emit(.note(stage: stageID, message: message)) }

    /// Writes text to stdout; the runner keeps outputs in input order.
    public func writeStdout(_ text: String) { events.emit(.stdout(sequence: sequence, text: text)) }

    /// Marks the run as failed (exit code 1) without failing the document: a CI gate such as
    /// redact's `fail-on`. `reason` must not contain document text.
    public func failRun(reason: String) { events.emit(.failRun(stage: stageID, reason: reason)) }

    /// Reports documents that this stage accepted earlier as failed after all (their batch was
    /// rolled back). `reason` must not contain document text.
    public func failDocuments(ids: [String], reason: String) {
        if !ids.isEmpty { events.emit(.failDocuments(stage: stageID, ids: ids, reason: reason)) }
    }

    /// Marks the run as failed (exit code 1) because of what this document holds, naming each
    /// type found and where its first occurrence is, so reports can point at file, line and
    /// column. `reason` must not contain document text.
    public func failRun(reason: String, documentID: String, findings: [FailOnFinding]) {
        events.emit(.failOn(FailOnTrip(stage: stageID, documentID: documentID, reason: reason, findings: findings)))
    }
}

/// A fail-on condition that tripped on one document (a CI leak gate such as redact's `fail-on`).
public struct FailOnTrip: Sendable, Equatable {
    /// The id of the stage that tripped it.
    public var stage: String
    /// The document's id.
    public var documentID: String
    /// One line for the user, without document text.
    public var reason: String
    /// What was found, one entry per type.
    public var findings: [FailOnFinding]

    /// Creates a trip.
    public init(stage: String, documentID: String, reason: String, findings: [FailOnFinding]) {
        self.stage = stage
        self.documentID = documentID
        self.reason = reason
        self.findings = findings
    }
}

/// One type that tripped a fail-on condition: how often, and where it first occurs, as Unicode
/// scalar offsets into the text the stage received (or into metadata value `field`).
public struct FailOnFinding: Sendable, Equatable {
    /// The type, e.g. `secret`.
    public var type: String
    /// Occurrences in the document.
    public var count: Int
    /// Scalar offset of the first occurrence's start.
    public var start: Int
    /// Scalar offset one past the first occurrence's end.
    public var end: Int
    /// `metadata.KEY` when the first occurrence is in a metadata value, else `nil` (the text).
    public var field: String?

    /// Creates a finding.
    public init(type: String, count: Int, start: Int, end: Int, field: String? = nil) {
        self.type = type
        self.count = count
        self.start = start
        self.end = end
        self.field = field
    }
}

/// Something a stage tells the runner while it works.
public enum StageEvent: Sendable, Equatable {
    /// A note for stderr.
    case note(stage: String, message: String)
    /// Text for stdout, ordered by the document's sequence number.
    case stdout(sequence: Int, text: String)
    /// A header for stdout, printed once per stage before its first output (a sink's
    /// `SinkContext.writeStdoutHeader`).
    case stdoutHeader(stage: String, text: String)
    /// A fail-on condition tripped: the run exits 1.
    case failRun(stage: String, reason: String)
    /// Documents that an earlier `process` call accepted turned out to be lost (a database
    /// batch rolled back at commit): the runner reports them failed and the run exits 1.
    case failDocuments(stage: String, ids: [String], reason: String)
    /// A fail-on condition tripped on one document, with the types and where they are: the run exits 1.
    case failOn(FailOnTrip)
}

/// Receives stage events. The runner's sink orders stdout; tests use `CollectingEventSink`.
public protocol StageEventSink: Sendable {
    /// Handles one event. Called from any task.
    func emit(_ event: StageEvent)
}
