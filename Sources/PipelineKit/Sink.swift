import Foundation

/// What a stage is to the runner: a transform changes documents and passes them on; a sink
/// delivers them somewhere (files, a database, stdout) and passes them on unchanged. A pipeline
/// with a sink prints no document text to stdout itself: the sink decides what goes there.
public enum StageRole: String, Sendable, CaseIterable {
    /// Changes, annotates, drops or splits documents (the default).
    case transform
    /// Delivers documents: the runner gives it a `SinkContext` and prints no text of its own.
    case sink
}

/// A stage that delivers documents (the export stage, or a custom one that posts to a queue).
/// Conforming is the whole declaration: a `Sink`'s `Stage.role` is `.sink`, whatever its spec
/// says, so its spec needs no `role:`. The runner calls `write(_:context:)` with a `SinkContext`
/// that adds what only a sink needs (the run date, whether stdout is free, a stdout header),
/// and `finish(context:)` after the last document.
///
/// ```swift
/// struct Count: Sink {
///     struct Options: Decodable, Sendable {}
///     static let spec = StageSpec(name: "count", summary: "Prints how many documents passed.")
///     let seen = LockedValue(0)
///     init(options: Options, setup: StageSetup) throws {}
///     func write(_ document: Document, context: SinkContext) async throws -> [Document] {
///         seen.withLock { $0 += 1 }
///         return [document]
///     }
///     func finish(context: SinkContext) async throws {
///         if !context.stdoutReserved { context.writeStdout("\(seen.current) documents on \(context.runDate)\n") }
///     }
/// }
/// ```
public protocol Sink: Stage {
    /// Delivers one document and returns what goes on (usually `[document]`). May be called
    /// concurrently, unless `blocksOnIO` is `true`.
    func write(_ document: Document, context: SinkContext) async throws -> [Document]

    /// Whether `write` waits on the file system, a database or the network. The runner then
    /// runs this sink, and every step after it, on one thread of the run's own (not on the
    /// threads that run the stages), one document at a time in input order, while the next
    /// documents go through the steps before it: the waiting overlaps with their work. A
    /// document's outcome still comes after its last step, so a failed write fails that
    /// document. `false` (the default) for a sink that only prints or buffers: it runs with
    /// the steps before it, concurrently.
    var blocksOnIO: Bool { get }

    /// Called once after every document went through `write` (also after failures).
    func finish(context: SinkContext) async throws
}

extension Stage {
    /// What the runner takes the stage for, decided here and only here: a `Sink` is a sink
    /// (conforming is the declaration; handed to the runner as a transform it would print text
    /// to a stdout that `--jsonl` reserves), any other stage is what its spec's `role` says (a
    /// plain stage with `role: .sink` gets its `process` and `finish` called with the sink
    /// context's stage context). `AnyStage` copies it into the built stage's `spec.role`. Not a
    /// protocol requirement, so a stage cannot answer differently.
    public static var role: StageRole { self is any Sink.Type ? .sink : spec.role }
}

extension Sink {
    /// A sink run as a plain stage (a custom runner, a unit test) writes for today's run with
    /// stdout free.
    public func process(_ document: Document, context: StageContext) async throws -> [Document] {
        try await write(document, context: SinkContext(context))
    }

    /// Finishes as `finish(context: SinkContext)` with today's run and stdout free.
    public func finish(context: StageContext) async throws {
        try await finish(context: SinkContext(context))
    }

    /// Does nothing: a sink that writes as it goes has nothing to finish.
    public func finish(context: SinkContext) async throws {}

    /// `false`: a sink runs with the steps before it unless it says it waits on I/O.
    public var blocksOnIO: Bool { false }
}

/// What a sink knows about the run it delivers for, fixed when the run starts.
public struct SinkRun: Sendable, Equatable {
    /// The run's start date as `YYYY-MM-DD` (UTC): export's `{date}`.
    public var date: String
    /// `true` when stdout carries JSON lines (`--jsonl`): a sink must not print documents to it.
    public var stdoutReserved: Bool

    /// Creates a run; the date defaults to today.
    public init(date: String = SinkRun.today(), stdoutReserved: Bool = false) {
        self.date = date
        self.stdoutReserved = stdoutReserved
    }

    /// Today as `YYYY-MM-DD` (UTC).
    public static func today() -> String {
        UTCTimestamp().date
    }
}

/// What a sink may know and do while it delivers one document: the stage's own context, plus
/// the run (date, whether stdout is free) and a stdout header printed once.
public struct SinkContext: Sendable {
    /// The context every stage gets (id, sequence, notes, stdout, fail-run).
    public var stage: StageContext
    /// The run this sink delivers for.
    public var run: SinkRun

    /// Creates a context.
    public init(_ stage: StageContext, run: SinkRun = SinkRun()) {
        self.stage = stage
        self.run = run
    }

    /// The stage's id in the pipeline.
    public var stageID: String { stage.stageID }
    /// The document's position in the input (0-based). `-1` in `finish`.
    public var sequence: Int { stage.sequence }
    /// The run's start date as `YYYY-MM-DD`.
    public var runDate: String { run.date }
    /// `true` when stdout carries JSON lines (`--jsonl`): do not print documents to it.
    public var stdoutReserved: Bool { run.stdoutReserved }

    /// Writes a note for the user on stderr. Never pass document text.
    public func note(_ message: String) { stage.note(message) }

    /// Writes text to stdout; the runner keeps outputs in input order.
    public func writeStdout(_ text: String) { stage.writeStdout(text) }

    /// Writes a header (a CSV header row, say) that stdout must show once, before this stage's
    /// first output. Call it with every document: the runner prints it only the first time, in
    /// front of whichever document comes out first, so a failed or split first document cannot
    /// lose or repeat it.
    public func writeStdoutHeader(_ text: String) { stage.events.emit(.stdoutHeader(stage: stage.stageID, text: text)) }

    /// Marks the run as failed (exit code 1) without failing the document. `reason` must not
    /// contain document text.
    public func failRun(reason: String) { stage.failRun(reason: reason) }

    /// Reports documents this sink accepted earlier as failed after all (their batch was rolled
    /// back). `reason` must not contain document text.
    public func failDocuments(ids: [String], reason: String) { stage.failDocuments(ids: ids, reason: reason) }
}
