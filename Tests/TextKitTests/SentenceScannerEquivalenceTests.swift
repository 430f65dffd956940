import Foundation
import PipelineKit
@testable import TextKit
import XCTest

/// The sentence scanner against its previous version (`ReferenceSentenceScanner`, kept in this
/// target): the same ranges on seeded random texts built from tricky pieces (abbreviations,
/// decimals, initials, quotes, ellipses, list markers, URLs and e-mail addresses, line breaks,
/// non-Latin scripts and terminators), at every sentence length limit the wide scan crosses.
final class SentenceScannerEquivalenceTests: XCTestCase {
    static let pieces: [String] = [
        "The", "talks", "stalled", "after", "several", "days", "of", "negotiation", "He", "she", "it", "When", "however",
        "Mr.", "Mrs.", "Dr.", "Prof.", "U.S.", "U.S.A.", "a.m.", "p.m.", "i.e.", "e.g.", "Ph.D.", "Jr.'s", "No.", "p.", "pp.",
        "Inc.", "Corp.", "St.", "Jan.", "etc.", "vs.", "approx.", "J.", "K.", "I.", "Albert", "E.", "Smith",
        "3.14", "100.00", "$5.5", "1.", "2.", "3.", "a.", "b.", "1)", "2)", "1.)", "2.)", "(1)", "•", "- ", "* ",
        ".", ".", ".", "!", "?", "!?", "...", "…", ". . .", ". . . .", "[...]", "(...)",
        "\"", "'", "“", "”", "‘", "’", "«", "»", "(", ")", "[", "]", "{", "}", "¿", "¡",
        "http://example.com/a.b?c=1", "www.example.org.", "a.b@c.d", "john.doe@example.com.",
        "شكرا", "؟", "۔", "नमस्ते", "।", "॥", "中文", "。", "！", "？", "日本語", "ですか", "Привет", "Ж.", "é", "Ñ", "Ελλάδα",
        "\u{2028}", "\u{2029}", "‼", "⁇", "。", "\u{00A0}", "\u{3000}", "\u{200B}", "🙂", "—", "–", ",", ";", ":",
        " ", " ", " ", " ", " ", " ", "  ", "\n", "\n", "\n\n", "\r\n", "\t",
    ]

    static func ranges(_ bytes: UnsafeBufferPointer<UInt8>, maximumSentenceBytes: Int) -> [Range<Int>] {
        var out: [Range<Int>] = []
        SentenceSegmenter(maximumSentenceBytes: maximumSentenceBytes).forEachSentence(in: bytes) { out.append($0); return true }
        return out
    }

    static func referenceRanges(_ bytes: UnsafeBufferPointer<UInt8>, maximumSentenceBytes: Int) -> [Range<Int>] {
        var scanner = ReferenceSentenceScanner(bytes, maximumSentenceBytes: max(64, maximumSentenceBytes))
        var out: [Range<Int>] = []
        while let range = scanner.next() { out.append(range) }
        return out
    }

    func testSameRangesAsTheReferenceOnRandomTexts() {
        var rng = SplitMix64(seed: 2026)
        var sentences = 0
        for round in 0..<3000 {
            let length = Int.random(in: 0...(round % 10 == 0 ? 600 : 120), using: &rng)
            var text = ""
            for _ in 0..<length {
                // Words and spaces most of the time, so that the tricky pieces sit in sentences.
                switch Int.random(in: 0..<4, using: &rng) {
                case 0: text += " "
                case 1: text += ["the", "news", "of", "talks", "Then", "A"].randomElement(using: &rng)!
                default: text += Self.pieces.randomElement(using: &rng)!
                }
            }
            let limit = [64, 100, 3000][round % 3]
            let bytes = Array(text.utf8)
            bytes.withUnsafeBufferPointer { buffer in
                let expected = Self.referenceRanges(buffer, maximumSentenceBytes: limit)
                sentences += expected.count
                XCTAssertEqual(Self.ranges(buffer, maximumSentenceBytes: limit), expected, "limit \(limit): \(text.debugDescription)")
            }
        }
        XCTAssertGreaterThan(sentences, 10_000)
    }

    /// `findMarker` (candidates found with `memchr`) against the reference's byte-by-byte search,
    /// on texts dense with markers, at random window starts and sizes (empty ones included).
    func testFindMarkerAgreesWithTheReference() {
        var rng = SplitMix64(seed: 31)
        let pieces = ["1", "2", "3", "12", "a", "b", "c", "l", ".", ")", ".)", " ", " ", "\n", "•", "x", "\u{00A0}"]
        var found = 0
        for _ in 0..<4000 {
            let text = (0..<Int.random(in: 0...60, using: &rng)).map { _ in pieces.randomElement(using: &rng)! }.joined()
            let bytes = Array(text.utf8)
            bytes.withUnsafeBufferPointer { b in
                let scanner = SentenceScanner(b, maximumSentenceBytes: 3000)
                let reference = ReferenceSentenceScanner(b, maximumSentenceBytes: 3000)
                for letter in [false, true] {
                    for value in [1, 2, 3, 12] {
                        let from = Int.random(in: 0...b.count, using: &rng), window = Int.random(in: 0...80, using: &rng)
                        let expected = reference.findMarker(letter: letter, value: value, from: from, window: window)
                        if expected { found += 1 }
                        XCTAssertEqual(scanner.findMarker(letter: letter, value: value, from: from, window: window), expected,
                                       "\(text.debugDescription) letter \(letter) value \(value) from \(from) window \(window)")
                    }
                }
            }
        }
        XCTAssertGreaterThan(found, 100, "markers are found, not only missed")
    }

    /// Malformed UTF-8 and raw bytes: the two scanners still agree.
    func testSameRangesOnRandomBytes() {
        var rng = SplitMix64(seed: 7)
        let alphabet: [UInt8] = [0x20, 0x0A, 0x2E, 0x21, 0x3F, 0x29, 0x28, 0x22, 0x27, 0x41, 0x61, 0x49, 0x31, 0x80, 0xBF,
                                 0xC3, 0xD8, 0xDB, 0xE0, 0xE2, 0xE3, 0xEF, 0xF0, 0xFF, 0x2D, 0x2A]
        for _ in 0..<3000 {
            let bytes = (0..<Int.random(in: 0...200, using: &rng)).map { _ in alphabet.randomElement(using: &rng)! }
            bytes.withUnsafeBufferPointer { buffer in
                XCTAssertEqual(Self.ranges(buffer, maximumSentenceBytes: 64), Self.referenceRanges(buffer, maximumSentenceBytes: 64), "\(bytes)")
            }
        }
    }
}
