import XCTest

@testable import PipelineKit

/// A ``SynchronousStage`` behind `AnyStage`: the runner may call `processSynchronously`, and its
/// `process` (what custom runners, the stage tester and stages written against `Stage` call)
/// answers the same; a plain `Stage` is not taken for one.
final class SynchronousStageTests: XCTestCase {
    struct Reverse: SynchronousStage {
        struct Options: Decodable, Sendable {}
        static let spec = StageSpec(name: "reverse", summary: "Reverses the text.", options: [],
                                    examples: [StageExample("basic", input: "abc", expected: "cba")])
        init(options: Options, setup: StageSetup) throws {}
        func processSynchronously(_ document: consuming Document, context: StageContext) throws -> [Document] {
            var reversed = document
            reversed.text = String(reversed.text.reversed())
            context.note("reversed")
            return [reversed]
        }
    }

    struct Upper: Stage {
        struct Options: Decodable, Sendable {}
        static let spec = StageSpec(name: "upper", summary: "Upper-cases the text.", options: [],
                                    examples: [StageExample("basic", input: "abc", expected: "ABC")])
        init(options: Options, setup: StageSetup) throws {}
        func process(_ document: Document, context: StageContext) async throws -> [Document] {
            var upper = document
            upper.text = document.text.uppercased()
            return [upper]
        }
    }

    func testASynchronousStageIsCalledEitherWayWithTheSameAnswer() async throws {
        let stage = try Reverse.build(options: [:], setup: StageSetup(stageID: "reverse"))
        XCTAssertTrue(stage.isSynchronous)
        let events = CollectingEventSink()
        let context = StageContext(stageID: "reverse", stageName: "reverse", sequence: 0, events: events)
        let document = Document(id: "1", text: "hello")
        let now = try stage.processSynchronously(document, context: context)
        let later = try await stage.process(document, context: context)
        XCTAssertEqual(now.map(\.text), ["olleh"])
        XCTAssertEqual(later.map(\.text), ["olleh"])
        XCTAssertEqual(events.events.count, 2)
        XCTAssertTrue(stage.replica().isSynchronous)
        let failures = await StageTester.checkExamples(of: Reverse.self)
        XCTAssertEqual(failures, [])
    }

    func testAPlainStageIsNotSynchronous() throws {
        let stage = try Upper.build(options: [:], setup: StageSetup(stageID: "upper"))
        XCTAssertFalse(stage.isSynchronous)
        XCTAssertFalse(stage.replica().isSynchronous)
    }
}
