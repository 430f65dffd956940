@testable import Summarize
import XCTest

/// The summary text joined by one copy answers as joining the decoded sentences one by one.
final class SummaryTextTests: XCTestCase {
    func testJoinedEqualsJoiningDecodedParts() {
        let pieces = ["Hello world.", "今天天气很好。", "Ça va ?", "「引用」", "x", "", " ", "é", "🙂 fin.", "Ende！", "終わり｡", "『本』"]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2_000 {
            let text = (0..<Int.random(in: 1...8, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
            let bytes = Array(text.utf8)
            // Ranges anywhere (also cutting scalars, empty, out of order), like and unlike sentence ranges.
            let ranges: [Range<Int>] = (0..<Int.random(in: 0...5, using: &generator)).map { _ in
                let lower = Int.random(in: 0...bytes.count, using: &generator)
                return lower..<Int.random(in: lower...bytes.count, using: &generator)
            }
            bytes.withUnsafeBufferPointer { bytes in
                XCTAssertEqual(SummaryText.joined(bytes, ranges), SummaryText.joinedByParts(bytes, ranges), "\(text) \(ranges)")
                XCTAssertEqual(Array(SummaryText.joined(bytes, ranges).utf8), Array(SummaryText.joinedByParts(bytes, ranges).utf8))
            }
        }
    }

    func testSentencesAfterACJKFullStopAreJoinedWithoutASpace() {
        let text = "今天天气很好。Next one. Last"
        let bytes = Array(text.utf8)
        let first = 0..<21, second = 21..<30, third = 31..<35
        bytes.withUnsafeBufferPointer { bytes in
            XCTAssertEqual(SummaryText.joined(bytes, [first, second, third]), "今天天气很好。Next one. Last")
            XCTAssertEqual(SummaryText.joined(bytes, []), "")
        }
    }
}
