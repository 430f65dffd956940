import Foundation

/// Runs one stage on a string, the way swift-nio's `EmbeddedChannel` runs one handler:
/// the helper every stage test (built-in or custom) starts from.
///
/// ```swift
/// let out = try await StageTester.run(Summarize.self, options: ["sentences": 1], on: text)
/// XCTAssertEqual(out.document.metadata["summary"], "First sentence.")
/// ```
public enum StageTester {
    /// What one stage did with one input.
    public struct Result: Sendable {
        /// Every document the stage returned.
        public var documents: [Document]
        /// Events the stage emitted (notes, stdout, fail-run trips), in order.
        public var events: [StageEvent]
        /// The first returned document. Fails the caller's expectation by trapping if there is none,
        /// so use `documents` when a stage may drop.
        public var document: Document { documents[0] }
        /// The first document's text.
        public var text: String { documents.first?.text ?? "" }
    }

    /// Builds `type` from `options` (with the spec's checks and defaults) and runs it on `text`,
    /// then calls `finish`.
    public static func run<StageType: Stage>(
        _ type: StageType.Type, options: [String: Value] = [:], on text: String, id: String = "test",
        metadata: [String: Value] = [:], setup: StageSetup? = nil
    ) async throws -> Result {
        let stage = try StageType.build(options: options, setup: setup ?? StageSetup(stageID: StageType.spec.name))
        return try await run(stage, on: Document(id: id, text: text, metadata: metadata))
    }

    /// Runs a built stage on a document, then calls `finish`. A sink writes for a run on
    /// `run.date` (default 2026-01-01) with stdout free, as the runner would hand it.
    public static func run(_ stage: AnyStage, on document: Document, run: SinkRun = SinkRun(date: "2026-01-01")) async throws -> Result {
        let sink = CollectingEventSink()
        let context = StageContext(stageID: stage.id, stageName: stage.spec.name, sequence: 0, events: sink)
        var finishContext = context
        finishContext.sequence = -1
        let documents: [Document]
        if stage.spec.role == .sink {
            documents = try await stage.write(document, context: SinkContext(context, run: run))
            try await stage.finish(context: SinkContext(finishContext, run: run))
        } else {
            documents = try await stage.process(document, context: context)
            try await stage.finish(context: finishContext)
        }
        return Result(documents: documents, events: sink.events)
    }

    /// Checks every example of `type`'s spec and returns one message per failure (empty: all pass).
    /// The shared example test calls this for every registered stage.
    public static func checkExamples(of type: any Stage.Type) async -> [String] {
        await checkExamples(type)
    }

    private static func checkExamples<StageType: Stage>(_ type: StageType.Type) async -> [String] {
        var failures: [String] = []
        for example in StageType.spec.examples {
            let label = "\(StageType.spec.name) example '\(example.name)'"
            do {
                let result = try await run(type, options: example.options, on: example.input, metadata: example.inputMetadata)
                guard let doc = result.documents.first else {
                    failures.append("\(label): the stage returned no document")
                    continue
                }
                if let expected = example.expected, doc.text != expected {
                    failures.append("\(label): expected text\n\(expected.debugDescription)\nbut got\n\(doc.text.debugDescription)")
                }
                for (key, value) in example.expectedMetadata where doc.metadata[key] != value {
                    failures.append("\(label): metadata '\(key)' expected \(value) but got \(doc.metadata[key].map(\.description) ?? "nothing")")
                }
                if let types = example.expectedAnnotations {
                    let added = doc.annotations.filter { $0.stage == StageType.spec.name }.map(\.type)
                    if added != types { failures.append("\(label): annotations expected \(types) but got \(added)") }
                }
                // (An annotation with a `field` points into that metadata value, not the text.)
                for annotation in doc.annotations where annotation.attributes["field"] == nil
                    && (annotation.start < 0 || annotation.end < annotation.start || annotation.end > example.input.unicodeScalars.count) {
                    failures.append("\(label): annotation \(annotation.type) \(annotation.start)..<\(annotation.end) is outside the input")
                }
            } catch {
                failures.append("\(label): threw \(error)")
            }
        }
        return failures
    }
}

/// An event sink that keeps every event, for tests.
public final class CollectingEventSink: StageEventSink, Sendable {
    private let stored = LockedValue<[StageEvent]>([])

    /// Creates an empty sink.
    public init() {}

    /// Stores the event.
    public func emit(_ event: StageEvent) {
        stored.withLock { $0.append(event) }
    }

    /// The events so far, in order.
    public var events: [StageEvent] { stored.current }
}
