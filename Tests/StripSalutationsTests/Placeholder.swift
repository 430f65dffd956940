import XCTest
final class StripSalutationsPlaceholderTests: XCTestCase { func testNothingYet() {} }
