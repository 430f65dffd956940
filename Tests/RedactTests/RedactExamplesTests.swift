import PipelineKit
import Testing
@testable import Redact

@Suite struct RedactExamplesTests {
    @Test func specExamplesPass() async {
        let failures = await StageTester.checkExamples(of: RedactStage.self)
        #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
    }
}
