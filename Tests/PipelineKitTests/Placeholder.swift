import XCTest
final class PipelineKitPlaceholderTests: XCTestCase { func testNothingYet() {} }
