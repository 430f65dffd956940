import XCTest
final class CommandStagePlaceholderTests: XCTestCase { func testNothingYet() {} }
