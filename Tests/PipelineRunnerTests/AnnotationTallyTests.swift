import XCTest

@testable import PipelineRunner

/// `AnnotationTally` counts as a dictionary would: the same totals for types that share
/// storage and types that are equal but built apart, added to what the totals held, and it
/// starts over after each drain.
final class AnnotationTallyTests: XCTestCase {
    func testCountsByTypeAsADictionaryWould() {
        // Equal types built separately (no shared storage), and long ones (not small strings).
        let long = String(repeating: "x", count: 40)
        let types = ["email", "phone", String("em") + "ail", long, "url", String(repeating: "x", count: 40), "email", "phone"]
        var tally = AnnotationTally()
        var expected: [String: Int] = ["url": 5, "other": 1]
        var totals = expected
        for type in types {
            tally.count(type)
            expected[type, default: 0] += 1
        }
        tally.drain(into: &totals)
        XCTAssertEqual(totals, expected)
    }

    func testStartsOverAfterADrain() {
        var tally = AnnotationTally()
        tally.count("email")
        var first: [String: Int] = [:]
        tally.drain(into: &first)
        var second: [String: Int] = [:]
        tally.drain(into: &second)
        XCTAssertEqual(first, ["email": 1])
        XCTAssertEqual(second, [:])
        tally.count("phone")
        tally.drain(into: &second)
        XCTAssertEqual(second, ["phone": 1])
    }
}
