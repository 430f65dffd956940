import XCTest
final class StageExamplesPlaceholderTests: XCTestCase { func testNothingYet() {} }
