@testable import Summarize
import XCTest

/// `Summarizer.isQuoteLike` (candidates found eight bytes at a time) answers as the plain byte
/// loop it replaced, on seeded random texts and ranges made of the bytes that decide (spaces,
/// quotation marks, the curly quotes' bytes, first-person words) and ordinary ones.
final class QuoteLikeTests: XCTestCase {
    /// The byte loop `isQuoteLike` was before (the reference).
    private func reference(_ bytes: [UInt8], _ range: Range<Int>, english: Bool) -> Bool {
        var k = range.lowerBound
        let end = range.upperBound
        while k < end && (bytes[k] == 0x20 || bytes[k] == 0x09 || bytes[k] == 0x0A || bytes[k] == 0x0D) { k += 1 }
        guard k < end else { return false }
        if bytes[k] == 0x27 { return true }
        func firstPerson(_ start: Int) -> Bool {
            func ends(_ offset: Int) -> Bool {
                guard offset < end else { return true }
                let byte = bytes[offset]
                return !((byte | 0x20) &- 0x61 < 26 || byte &- 0x30 < 10 || byte == 0x5F)
            }
            let initial = bytes[start]
            if initial == 0x49 { return ends(start + 1) }
            guard start + 1 < end else { return false }
            let lowered = initial | 0x20, second = bytes[start + 1]
            if lowered == 0x77 { return second == 0x65 && ends(start + 2) }
            if lowered == 0x6D { return (second == 0x79 || second == 0x65) && ends(start + 2) }
            if lowered == 0x6F { return start + 2 < end && second == 0x75 && bytes[start + 2] == 0x72 && ends(start + 3) }
            return false
        }
        if english && firstPerson(k) { return true }
        while k < end {
            let byte = bytes[k]
            if byte == 0x20 {
                if english && k + 1 < end && firstPerson(k + 1) { return true }
            } else if byte == 0x22 {
                return true
            } else if byte == 0xE2 && k + 2 < end && bytes[k + 1] == 0x80 {
                let third = bytes[k + 2]
                if third == 0x9C || third == 0x9D || third == 0x98 { return true }
            }
            k += 1
        }
        return false
    }

    /// Pieces texts are made of: words that decide for English and words that nearly do, quote
    /// marks whole and cut, spaces, and plain words.
    private static let pieces: [[UInt8]] = [
        " ", " ", " ", "\n", "\t", "the", "council", "Monday", "I", "i", "we", "We", "WE", "my", "me", "Me", "our", "Our",
        "ours", "Iowa", "mean", "wee", "I_", "we5", "\"", "'", ".", ",", "\u{201C}", "\u{201D}", "\u{2018}", "\u{2019}",
        "\u{2014}", "\u{2026}", "é", "日本",
    ].map { Array($0.utf8) } + [[0xE2], [0xE2, 0x80], [0x80, 0x9C]]

    func testAnswersAsTheByteLoopOnSeededTexts() {
        var generator = SeededGenerator(seed: 2026)
        var quoteLike = 0
        for _ in 0..<4000 {
            var bytes: [UInt8] = []
            for _ in 0..<Int.random(in: 0...40, using: &generator) { bytes += Self.pieces.randomElement(using: &generator)! }
            let lower = Int.random(in: 0...bytes.count, using: &generator)
            let upper = Int.random(in: lower...bytes.count, using: &generator)
            for range in [0..<bytes.count, lower..<upper] {
                for english in [true, false] {
                    let expected = reference(bytes, range, english: english)
                    let found = bytes.withUnsafeBufferPointer { Summarizer.isQuoteLike($0, range, english: english) }
                    XCTAssertEqual(found, expected, "\(bytes) \(range) english: \(english)")
                    if expected { quoteLike += 1 }
                }
            }
        }
        // Both answers occur often enough for the comparison to mean something.
        XCTAssertGreaterThan(quoteLike, 2000)
        XCTAssertLessThan(quoteLike, 14000)
    }
}
