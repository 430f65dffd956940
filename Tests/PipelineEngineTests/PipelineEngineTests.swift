import BuiltInStages
import Foundation
import PipelineEngine
import Translate
import XCTest

/// Upper-cases the text: a custom stage that only a test's own environment knows.
struct ShoutStage: Stage {
    struct Options: Decodable, Sendable {}
    static let spec = StageSpec(name: "shout", summary: "Upper-cases the text.")
    init(options: Options, setup: StageSetup) throws {}
    func process(_ document: Document, context: StageContext) async throws -> [Document] {
        var out = document
        out.text = document.text.uppercased()
        return [out]
    }
}

final class PipelineEngineTests: XCTestCase {
    func testEmbeddedEngineRunsBuiltInAndCustomStagesInMemory() async throws {
        let engine = PipelineEngine(environment: .builtIn.adding(ShoutStage.self), variables: [:])
        let pipeline = try engine.load(yaml: "stages:\n  - redact: {entities: [email]}\n  - shout\n")
        let results = await engine.process([Document(id: "a", text: "Mail ada@example.org now."),
                                            Document(id: "b", text: "Nothing here.")], through: pipeline)
        XCTAssertEqual(results.map(\.status), ["ok", "ok"])
        XCTAssertEqual(results.map { $0.documents.map(\.text) }, [["MAIL [EMAIL] NOW."], ["NOTHING HERE."]])
    }

    func testEnvironmentsAreValuesNotGlobals() throws {
        // Adding a stage to one environment leaves `.builtIn` and every other value unchanged.
        let custom = PipelineEnvironment.builtIn.adding(ShoutStage.self)
        XCTAssertNotNil(custom.stages.type(named: "shout"))
        XCTAssertNil(PipelineEnvironment.builtIn.stages.type(named: "shout"))
        XCTAssertThrowsError(try PipelineEngine(environment: .builtIn).load(yaml: "stages: [shout]", file: "p.yaml")) { error in
            XCTAssertTrue("\(error)".contains("p.yaml:1:10: error: unknown stage 'shout'"), "\(error)")
        }
        // An environment with only the custom stage knows nothing else.
        let bare = PipelineEngine(environment: PipelineEnvironment(stages: [ShoutStage.self]))
        XCTAssertThrowsError(try bare.load(yaml: "stages: [redact]"))
    }

    func testTranslationProviderComesFromTheEnvironment() async throws {
        let environment = PipelineEnvironment.builtIn.adding(provider: "reverse") { _ in
            InMemoryTranslationProvider(name: "reverse") { String($0.text.reversed()) }
        }
        let yaml = "stages:\n  - translate: {to: fr, from: en, provider: reverse, replace: true}\n"
        let pipeline = try PipelineEngine(environment: environment).load(yaml: yaml)
        let results = await PipelineEngine(environment: environment).process([Document(id: "a", text: "abc")], through: pipeline)
        XCTAssertEqual(results.first?.documents.first?.text, "cba")
        // The built-in environment never saw the provider.
        XCTAssertThrowsError(try PipelineEngine(environment: .builtIn).load(yaml: yaml, file: "p.yaml")) { error in
            XCTAssertTrue("\(error)".contains("unknown provider 'reverse'"), "\(error)")
        }
    }
}
