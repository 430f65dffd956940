import XCTest
final class ExportPlaceholderTests: XCTestCase { func testNothingYet() {} }
