import XCTest
final class TranslatePlaceholderTests: XCTestCase { func testNothingYet() {} }
