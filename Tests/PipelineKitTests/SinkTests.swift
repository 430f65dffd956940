import PipelineKit
import XCTest

/// Counts documents and says so on stdout in `finish`, with the run's date.
struct CountingSink: Sink {
    struct Options: Decodable, Sendable {}
    // Declared a transform by mistake: being a `Sink` makes it one anyway.
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

final class SinkTests: XCTestCase {
    func testASinkIsASinkWhateverItsSpecSays() throws {
        let stage = try CountingSink.build(options: [:], setup: StageSetup(stageID: "count"))
        XCTAssertEqual(CountingSink.spec.role, .transform)
        XCTAssertEqual(stage.spec.role, .sink)
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
