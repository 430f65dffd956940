import XCTest
final class RedactPlaceholderTests: XCTestCase { func testNothingYet() {} }
