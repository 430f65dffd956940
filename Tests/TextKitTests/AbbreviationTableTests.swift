@testable import TextKit
import XCTest

/// The abbreviation lookup by exact keys (`SentenceScanner.abbreviation`) against the
/// reference scanner's hashed lookup: the same class for every listed word in any case, and
/// `.none` for words that are not listed, of every length around the longest listed one.
final class AbbreviationTableTests: XCTestCase {
    static func classes(_ word: String) -> (exact: String, reference: String) {
        let bytes = Array(word.utf8)
        return bytes.withUnsafeBufferPointer { b in
            let exact = SentenceScanner.abbreviation(b, 0, b.count)
            let reference = ReferenceSentenceScanner(b, maximumSentenceBytes: 3000).abbreviation(0, b.count)
            return ("\(exact)", "\(reference)")
        }
    }

    func testListedWordsInAnyCase() {
        let words = SentenceScanner.abbreviationLists.flatMap { $0.words.split(separator: " ").map(String.init) }
        XCTAssertGreaterThan(words.count, 100)
        for word in words {
            for spelling in [word, word.uppercased(), word.prefix(1).uppercased() + word.dropFirst()] {
                let (exact, reference) = Self.classes(spelling)
                XCTAssertEqual(exact, reference, spelling)
                // Only ASCII letters are lowercased ("SRÉ" is not "sré"); one letter is an initial.
                if spelling.utf8.count > 1 && (spelling == word || spelling.utf8.allSatisfy { $0 < 0x80 }) {
                    XCTAssertNotEqual(exact, "none", spelling)
                }
            }
        }
    }

    func testWordsThatAreNotListed() {
        let words = ["x", "5", "said", "years", "Mrs", "Messrs", "approx", "approxi", "messrsx", "Septembe", "September", "governor",
                     "thursday", "n\u{00B0}s", "sr\u{00C9}", "caf\u{00E9}", "U.S", "a.m", "Ph.D", "i.e", "e.g", "3.5", "a..b", ".com",
                     "\u{0000}", "\u{0000}mr", "mr\u{0000}", "Mr\u{00A0}", "Co-op", "ltd2", "abcdefgh"]
        for word in words {
            let (exact, reference) = Self.classes(word)
            XCTAssertEqual(exact, reference, word.debugDescription)
        }
    }

    func testTheLongestAbbreviationBoundsTheKeys() {
        let lengths = SentenceScanner.abbreviationLists.flatMap { $0.words.split(separator: " ") }.map(\.utf8.count)
        XCTAssertEqual(SentenceScanner.longestAbbreviation, lengths.max())
        XCTAssertLessThan(SentenceScanner.longestAbbreviation, 8, "exactKey holds up to 7 bytes")
        XCTAssertNotEqual(SentenceScanner.exactKey(Array("ab".utf8)), SentenceScanner.exactKey(Array("ab\u{0000}".utf8)))
        XCTAssertEqual(SentenceScanner.exactKey(Array("Inc".utf8)), SentenceScanner.exactKey(Array("inc".utf8)))
    }

    /// The one-word period test says "no period" only for ranges without one.
    func testThePeriodTestMissesNoPeriod() {
        var generator = SystemRandomNumberGenerator()
        let alphabet: [UInt8] = [0x2E, 0x2D, 0x2F, 0xAE, 0x61, 0x41, 0x20, 0x00, 0xFF]
        var answered = 0
        for _ in 0..<5000 {
            let count = Int.random(in: 1...20, using: &generator)
            let bytes = (0..<count).map { _ in alphabet.randomElement(using: &generator)! }
            bytes.withUnsafeBufferPointer { b in
                let end = Int.random(in: 1...count, using: &generator)
                let start = Int.random(in: 0..<end, using: &generator)
                let noPeriod = !bytes[start..<end].contains(0x2E)
                if SentenceScanner.hasNoPeriod(b, start..<end) {
                    answered += 1
                    XCTAssertTrue(noPeriod, "\(bytes) \(start)..<\(end)")
                } else if end >= 8 && end - start <= 8 {
                    XCTAssertFalse(noPeriod, "a short range without a period: \(bytes) \(start)..<\(end)")
                }
            }
        }
        XCTAssertGreaterThan(answered, 200)
    }

    /// Tokens of the listed words placed after other bytes (so the one-word tests apply), with
    /// and without periods in them, classified as the reference does.
    func testWordsAfterOtherBytes() {
        let words = SentenceScanner.abbreviationLists.flatMap { $0.words.split(separator: " ").map(String.init) }
            + ["U.S", "a.m", "P.M", "i.e", "e.g", "Ph.D", "U.S.A.B", "abc.d", ".ab", "a..b", "said", "Sept", "Messrs", "approxi"]
        for word in words {
            for padding in ["", " ", "12345678 ", "(", "xx. "] {
                let bytes = Array((padding + word + ". Next").utf8)
                bytes.withUnsafeBufferPointer { b in
                    let start = padding.utf8.count, end = start + word.utf8.count
                    let exact = SentenceScanner.abbreviation(b, start, end)
                    let reference = ReferenceSentenceScanner(b, maximumSentenceBytes: 3000).abbreviation(start, end)
                    XCTAssertEqual("\(exact)", "\(reference)", padding + word)
                }
            }
        }
    }

    /// The word-at-once key (eight bytes read, the ones before the word shifted out) against the
    /// byte-by-byte key, for words at every position of texts of random bytes.
    func testTheKeyOfABufferIsTheKeyOfItsBytes() {
        var generator = SystemRandomNumberGenerator()
        let edges: [UInt8] = [0x40, 0x41, 0x4D, 0x5A, 0x5B, 0x60, 0x61, 0x7A, 0x7B, 0x00, 0x20, 0x2E, 0x7F, 0x80, 0xC1, 0xC3, 0xDA, 0xE1, 0xFA, 0xFF]
        for round in 0..<3000 {
            let count = Int.random(in: 1...24, using: &generator)
            let bytes = (0..<count).map { _ in round % 2 == 0 ? edges.randomElement(using: &generator)! : UInt8.random(in: 0...255, using: &generator) }
            bytes.withUnsafeBufferPointer { b in
                let end = Int.random(in: 1...count, using: &generator)
                let start = max(0, end - Int.random(in: 1...7, using: &generator))
                XCTAssertEqual(SentenceScanner.exactKey(b, start..<end), SentenceScanner.exactKey(Array(bytes[start..<end])), "\(bytes) \(start)..<\(end)")
            }
        }
    }
}
