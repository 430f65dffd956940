/// A built stage with its type erased, as the runner holds it.
///
/// One reference to a `Parts` object: the runner copies an `AnyStage` for every call it makes
/// (an async call keeps its receiver alive across suspensions), and a copy of the spec, the id
/// and four closures took a dozen reference-count operations; one reference takes one. Those
/// counts sit in objects every worker shares, so with `--jobs 2` fewer of them also means
/// fewer cache lines passed between the cores.
public struct AnyStage: Sendable {
    /// What the stage is made of, built once.
    private final class Parts: Sendable {
        let spec: StageSpec
        let id: String
        let blocksOnIO: Bool
        let processBody: @Sendable (Document, StageContext) async throws -> [Document]
        /// Whether the stage is a ``SynchronousStage``.
        let isSynchronous: Bool
        /// A ``SynchronousStage``'s `processSynchronously`; for any other stage, a trap. Not an
        /// optional: a closure unwrapped from one was copied for every call (a retain and a
        /// release of its context, an object both `--jobs 2` workers share); one called where it
        /// lies is not.
        let synchronousBody: @Sendable (consuming Document, StageContext) throws -> [Document]
        let finishBody: @Sendable (StageContext) async throws -> Void
        /// A `Sink`'s own entry points; for other stages, `process` and `finish` with the sink
        /// context's stage context.
        let writeBody: @Sendable (Document, SinkContext) async throws -> [Document]
        let finishSinkBody: @Sendable (SinkContext) async throws -> Void

        /// A second set of the same parts (see ``AnyStage/replica()``).
        init(copying parts: Parts) {
            spec = parts.spec
            id = String(ownStorage: parts.id)
            blocksOnIO = parts.blocksOnIO
            processBody = parts.processBody
            isSynchronous = parts.isSynchronous
            synchronousBody = parts.synchronousBody
            finishBody = parts.finishBody
            writeBody = parts.writeBody
            finishSinkBody = parts.finishSinkBody
        }

        init<StageType: Stage>(_ stage: StageType, id: String) {
            var spec = StageType.spec
            spec.role = StageType.role
            self.spec = spec
            self.id = id
            self.processBody = { try await stage.process($0, context: $1) }
            if let synchronous = stage as? any SynchronousStage {
                isSynchronous = true
                synchronousBody = Self.synchronousBody(of: synchronous)
            } else {
                isSynchronous = false
                synchronousBody = { _, context in preconditionFailure("stage '\(context.stageID)' is not a SynchronousStage") }
            }
            self.finishBody = { try await stage.finish(context: $0) }
            if let sink = stage as? any Sink {
                (writeBody, finishSinkBody) = Self.bodies(of: sink)
                blocksOnIO = sink.blocksOnIO
            } else {
                blocksOnIO = false
                writeBody = { try await stage.process($0, context: $1.stage) }
                finishSinkBody = { try await stage.finish(context: $0.stage) }
            }
        }

        private static func synchronousBody(of stage: some SynchronousStage) -> @Sendable (consuming Document, StageContext) throws -> [Document] {
            { document, context in try stage.processSynchronously(consume document, context: context) }
        }

        private static func bodies(of sink: some Sink) -> (
            @Sendable (Document, SinkContext) async throws -> [Document], @Sendable (SinkContext) async throws -> Void
        ) {
            ({ try await sink.write($0, context: $1) }, { try await sink.finish(context: $0) })
        }
    }

    private let parts: Parts

    /// The stage's spec, its `role` being the stage type's `Stage.role`: what the runner and the
    /// tester ask to know a sink.
    public var spec: StageSpec { parts.spec }
    /// The stage's id in the pipeline.
    public var id: String { parts.id }
    /// A `Sink`'s `blocksOnIO` (its writes wait on I/O: the runner gives it a thread of its
    /// own); `false` for any other stage.
    public var blocksOnIO: Bool { parts.blocksOnIO }

    /// Wraps a built stage. Its role is `StageType.role`, decided once there (a `Sink` is a sink).
    public init<StageType: Stage>(_ stage: StageType, id: String) {
        parts = Parts(stage, id: id)
    }

    private init(parts: Parts) { self.parts = parts }

    /// The same stage behind a reference of its own: what a worker calls the stage through
    /// for a batch of documents, so that the reference counting of those calls touches memory
    /// no other worker writes (with `--jobs 2`, a count both workers change passes its cache
    /// line between the cores on every document).
    public func replica() -> AnyStage { AnyStage(parts: Parts(copying: parts)) }

    /// Calls the stage's `process`.
    public func process(_ document: Document, context: StageContext) async throws -> [Document] {
        try await parts.processBody(document, context)
    }

    /// Whether the stage is a ``SynchronousStage``: ``processSynchronously(_:context:)`` may be
    /// called instead of ``process(_:context:)``.
    public var isSynchronous: Bool { parts.isSynchronous }

    /// Calls a ``SynchronousStage``'s `processSynchronously` (the stage must be one:
    /// ``isSynchronous``), handing it `document`.
    public func processSynchronously(_ document: consuming Document, context: StageContext) throws -> [Document] {
        try parts.synchronousBody(consume document, context)
    }

    /// Calls the stage's `finish`.
    public func finish(context: StageContext) async throws { try await parts.finishBody(context) }

    /// Hands a document to a sink (the runner calls this for a stage whose spec's role is
    /// `.sink`): a `Sink`'s `write`, else `process` with the sink context's stage context.
    public func write(_ document: Document, context: SinkContext) async throws -> [Document] {
        try await parts.writeBody(document, context)
    }

    /// Finishes a sink: a `Sink`'s `finish(context: SinkContext)`, else `finish`.
    public func finish(context: SinkContext) async throws { try await parts.finishSinkBody(context) }
}

extension Stage {
    /// Builds the stage from untyped options: checks them against the spec (all issues at
    /// once), fills in defaults, decodes `Options` and calls `init(options:setup:)` with the
    /// resolved options in `setup.resolvedOptions`. Throws `OptionIssues` with paths inside the
    /// options mapping.
    public static func build(options given: [String: Value], setup: StageSetup) throws -> AnyStage {
        let (options, resolved) = try decodeOptions(given)
        var setup = setup
        setup.resolvedOptions = resolved
        do {
            return AnyStage(try Self(options: options, setup: setup), id: setup.stageID)
        } catch let error as StageOptionError {
            throw OptionIssues(issues: [issue(path: error.path, error.message)])
        }
    }

    /// Checks `given` against the spec and decodes `Options` from the resolved options (the
    /// spec is the only declaration: keys are the options' kebab-case names). Returns both.
    /// Throws `OptionIssues`.
    public static func decodeOptions(_ given: [String: Value]) throws -> (options: Options, resolved: [String: Value]) {
        let (resolved, issues) = spec.resolve(options: given)
        if !issues.isEmpty { throw OptionIssues(issues: issues) }
        do {
            return (try ValueDecoder().decode(Options.self, from: .object(resolved)), resolved)
        } catch let error as DecodingError {
            let (path, message) = error.pathAndMessage
            throw OptionIssues(issues: [issue(path: path, message)])
        }
    }

    /// An issue at `path` inside the options, its message prefixed with the option and stage.
    private static func issue(path: [String], _ message: String) -> OptionIssue {
        let option = path.first.map { "option '\($0)' of stage '\(spec.name)': " } ?? "stage '\(spec.name)': "
        return OptionIssue(path: path, message: option + message)
    }
}

/// All problems found with one stage's options.
public struct OptionIssues: Error, Sendable, CustomStringConvertible {
    /// The problems, each with its path inside the options.
    public var issues: [OptionIssue]
    /// Creates the error.
    public init(issues: [OptionIssue]) { self.issues = issues }
    public var description: String { issues.map(\.message).joined(separator: "\n") }
}

/// The stages a `pipeline` binary knows, by name, in registration order.
public typealias StageRegistry = NamedRegistry<any Stage.Type>

extension NamedRegistry where Entry == any Stage.Type {
    /// Creates a registry. A later type with the same name replaces an earlier one, so a
    /// downstream binary can override a built-in.
    public init(_ types: [any Stage.Type]) {
        self.init(types.map { (name: $0.spec.name, entry: $0) })
    }

    /// The registered stage types in registration order.
    public var types: [any Stage.Type] { entries }

    /// The stage type named `name`.
    public func type(named name: String) -> (any Stage.Type)? { self[name] }
}
