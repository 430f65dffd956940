import PipelineKit
import XCTest

/// Counts documents and says so on stdout in `finish`, with the run's date.
struct CountingSink: Sink {
    struct Options: Decodable, Sendable {}
    // No `role:`: being a `Sink` is the declaration.
    static let spec = StageSpec(name: "count", summary: "Counts documents.")
    let count = LockedValue(0)
    init(options: Options, setup: StageSetup) throws {}
    func write(_ document: Document, context: SinkContext) async throws -> [Document] {
        count.withLock { $0 += 1 }
        context.writeStdoutHeader("count\n")
        return [document]
    }
    func finish(context: SinkContext) async throws {
        context.writeStdout("\(count.current) on \(context.runDate), stdout \(context.stdoutReserved ? "reserved" : "free")\n")
    }
}

/// A `Sink` whose spec says `.transform` outright.
struct MisdeclaredSink: Sink {
    struct Options: Decodable, Sendable {}
    static let spec = StageSpec(name: "misdeclared", role: .transform, summary: "A sink that says it is not.")
    init(options: Options, setup: StageSetup) throws {}
    func write(_ document: Document, context: SinkContext) async throws -> [Document] { [document] }
}

/// A plain stage that asks to be run as a sink.
struct PlainStageRunAsSink: Stage {
    struct Options: Decodable, Sendable {}
    static let spec = StageSpec(name: "plain-sink", role: .sink, summary: "Writes ids through process.")
    init(options: Options, setup: StageSetup) throws {}
    func process(_ document: Document, context: StageContext) async throws -> [Document] {
        context.writeStdout(document.id + "\n")
        return [document]
    }
}

/// A plain stage that says nothing about its role.
struct PlainTransform: Stage {
    struct Options: Decodable, Sendable {}
    static let spec = StageSpec(name: "plain", summary: "Passes documents on.")
    init(options: Options, setup: StageSetup) throws {}
    func process(_ document: Document, context: StageContext) async throws -> [Document] { [document] }
}

final class SinkTests: XCTestCase {
    func testConformingToSinkDecidesTheRole() throws {
        XCTAssertEqual(CountingSink.role, .sink)
        let stage = try CountingSink.build(options: [:], setup: StageSetup(stageID: "count"))
        XCTAssertEqual(stage.spec.role, .sink)
    }

    func testASinkDeclaredATransformIsNotHandedOnAsOne() throws {
        XCTAssertEqual(MisdeclaredSink.spec.role, .transform)
        XCTAssertEqual(MisdeclaredSink.role, .sink)
        let stage = try MisdeclaredSink.build(options: [:], setup: StageSetup(stageID: "misdeclared"))
        XCTAssertEqual(stage.spec.role, .sink, "the runner and the tester read the built spec's role")
        // Through the type-erased registry, as the loader finds stages.
        let registered = try XCTUnwrap(StageRegistry([MisdeclaredSink.self]).type(named: "misdeclared"))
        XCTAssertEqual(registered.role, .sink)
    }

    func testAPlainStageIsWhatItsSpecSays() async throws {
        XCTAssertEqual(PlainTransform.role, .transform)
        XCTAssertEqual(PlainStageRunAsSink.role, .sink)
        let stage = try PlainStageRunAsSink.build(options: [:], setup: StageSetup(stageID: "plain-sink"))
        XCTAssertEqual(stage.spec.role, .sink)
        // Run as a sink, it goes through `process` with the sink context's stage context.
        let result = try await StageTester.run(stage, on: Document(id: "a", text: "b"), run: SinkRun(date: "2030-05-06", stdoutReserved: true))
        XCTAssertEqual(result.text, "b")
        XCTAssertEqual(result.events, [.stdout(sequence: 0, text: "a\n")])
    }

    func testTheTesterHandsASinkItsRun() async throws {
        let result = try await StageTester.run(CountingSink.self, on: "text")
        XCTAssertEqual(result.text, "text")
        XCTAssertEqual(result.events, [.stdoutHeader(stage: "count", text: "count\n"), .stdout(sequence: -1, text: "1 on 2026-01-01, stdout free\n")])
        let stage = try CountingSink.build(options: [:], setup: StageSetup(stageID: "count"))
        let reserved = try await StageTester.run(stage, on: Document(id: "a", text: "b"), run: SinkRun(date: "2030-05-06", stdoutReserved: true))
        XCTAssertEqual(reserved.events.last, .stdout(sequence: -1, text: "1 on 2030-05-06, stdout reserved\n"))
    }

    func testASinkRunAsAPlainStageWritesForToday() async throws {
        let stage = try CountingSink(options: .init(), setup: StageSetup(stageID: "count"))
        let events = CollectingEventSink()
        _ = try await stage.process(Document(id: "a", text: "b"), context: StageContext(stageID: "count", stageName: "count", sequence: 0, events: events))
        try await stage.finish(context: StageContext(stageID: "count", stageName: "count", sequence: -1, events: events))
        XCTAssertEqual(events.events.last, .stdout(sequence: -1, text: "1 on \(SinkRun.today()), stdout free\n"))
    }

    func testEnvironmentsAreIndependentValues() {
        enum GreetingKey: PipelineEnvironmentKey { static let defaultValue = "hello" }
        var a = PipelineEnvironment(stages: [CountingSink.self])
        let b = a
        a[GreetingKey.self] = "hi"
        XCTAssertEqual(a[GreetingKey.self], "hi")
        XCTAssertEqual(b[GreetingKey.self], "hello")
        XCTAssertEqual(a.adding(CountingSink.self).stages.names, ["count"], "a stage of the same name replaces, not repeats")
    }
}
