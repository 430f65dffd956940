import Keywords
import PipelineKit
import XCTest

final class KeywordsTests: XCTestCase {
    func testExamples() async {
        let failures = await StageTester.checkExamples(of: KeywordsStage.self)
        XCTAssertEqual(failures, [])
    }

    func testDefaultsKeepFiveKeywordsAndLeaveTextAlone() async throws {
        let text = "Kabul and Islamabad: border talks. Border clashes, border guards, Kabul talks, Istanbul talks, ceasefire."
        let result = try await StageTester.run(KeywordsStage.self, on: text)
        XCTAssertEqual(result.text, text)
        XCTAssertEqual(result.document.metadata["keywords"], ["border", "talks", "kabul", "islamabad", "clashes"])
    }

    func testRejectsAnOutOfRangeCount() async {
        do {
            _ = try await StageTester.run(KeywordsStage.self, options: ["count": 0], on: "x")
            XCTFail("expected an option error")
        } catch let error as OptionIssues {
            XCTAssertEqual(error.issues.first?.path, ["count"])
        } catch {
            XCTFail("unexpected \(error)")
        }
    }
}
