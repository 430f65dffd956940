import XCTest
final class PipelineRunnerPlaceholderTests: XCTestCase { func testNothingYet() {} }
