import XCTest
final class TextKitPlaceholderTests: XCTestCase { func testNothingYet() {} }
