import XCTest
final class PipelineConfigPlaceholderTests: XCTestCase { func testNothingYet() {} }
