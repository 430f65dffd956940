import XCTest
final class SummarizePlaceholderTests: XCTestCase { func testNothingYet() {} }
