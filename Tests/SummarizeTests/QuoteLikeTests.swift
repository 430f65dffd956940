import PipelineKit
@testable import Summarize
import XCTest

/// `Summarizer.isQuoteLike` (candidates found eight bytes at a time) answers as its definition,
/// written plainly, on seeded random texts and ranges made of the bytes that decide (spaces,
/// quotation marks, the curly quotes' bytes, first-person words) and ordinary ones.
final class QuoteLikeTests: XCTestCase {
    /// What `isQuoteLike` answers, written plainly (the oracle, in another style than the byte
    /// scan so that it cannot share its slips): after the leading blanks, an apostrophe first; or
    /// a straight or curly (“ ” ‘) quotation mark anywhere; or, for English, a first-person word
    /// (I, we, my, me, our; only the first letter's case may vary, and "i" is not one) at the start
    /// or after a space, a word being a run of ASCII letters, digits and `_`.
    private func reference(_ bytes: [UInt8], _ range: Range<Int>, english: Bool) -> Bool {
        let blanks: [UInt8] = [0x20, 0x09, 0x0A, 0x0D]
        let text = Array(bytes[range].drop(while: { blanks.contains($0) }))
        guard let first = text.first else { return false }
        if first == UInt8(ascii: "'") || text.contains(UInt8(ascii: "\"")) { return true }
        let curlyQuotes: [[UInt8]] = [Array("\u{201C}".utf8), Array("\u{201D}".utf8), Array("\u{2018}".utf8)]
        for start in text.indices where curlyQuotes.contains(Array(text[start..<min(start + 3, text.count)])) { return true }
        guard english else { return false }
        func isWordByte(_ byte: UInt8) -> Bool {
            (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) || (0x30...0x39).contains(byte) || byte == 0x5F
        }
        let firstPerson: Set<[UInt8]> = Set(["I", "we", "We", "my", "My", "me", "Me", "our", "Our"].map { Array($0.utf8) })
        let wordStarts = [0] + text.indices.filter { text[$0] == 0x20 }.map { $0 + 1 }
        return wordStarts.contains { start in
            start < text.count && firstPerson.contains(Array(text[start...].prefix(while: isWordByte)))
        }
    }

    /// Pieces texts are made of: words that decide for English and words that nearly do, quote
    /// marks whole and cut, spaces, and plain words.
    private static let pieces: [[UInt8]] = [
        " ", " ", " ", "\n", "\t", "the", "council", "Monday", "I", "i", "we", "We", "WE", "my", "me", "Me", "our", "Our",
        "ours", "Iowa", "mean", "wee", "I_", "we5", "\"", "'", ".", ",", "\u{201C}", "\u{201D}", "\u{2018}", "\u{2019}",
        "\u{2014}", "\u{2026}", "é", "日本",
    ].map { Array($0.utf8) } + [[0xE2], [0xE2, 0x80], [0x80, 0x9C]]

    func testAnswersAsItsDefinitionOnSeededTexts() {
        var generator = SplitMix64(seed: 2026)
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
