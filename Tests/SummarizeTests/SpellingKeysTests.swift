@testable import Summarize
import TextKit
import XCTest

/// `SpellingKeys` finds exactly `WordSegmenter`'s words, in any range of any text, and gives
/// equal keys to equal spellings and different keys to different ones (short ASCII words are
/// their own keys; checked exactly on seeded random texts).
final class SpellingKeysTests: XCTestCase {
    private let pieces = ["a", "I", "the", "Police", "council", "government", "internationalization", "2026", "3.5", "don't",
                          "Michael’s", "it's", "'quoted'", "über", "Häuser", "naïve", "東京都", "的", "カタカナ", "ひらがな", "ＡＢＣ",
                          "l'homme", "x'", "'", "’", "-", "—", ",", ".", "!", "\n", "\r\n", "\t", "  ", " ", "\"", "(", ")", "😀",
                          "abcdefg", "abcdefgh", "abcdefghi", "ABCDEFGHIJKLMNOP", "e-mail", "U.S.", "#tag", "@user", "_x_", "\u{00A0}"]

    private func randomText(_ generator: inout some RandomNumberGenerator) -> String {
        var text = ""
        for _ in 0..<Int.random(in: 0...60, using: &generator) {
            text += pieces.randomElement(using: &generator)!
            if Bool.random(using: &generator) { text += " " }
        }
        return text
    }

    func testTheWordsAreWordSegmentersInEveryRange() {
        var generator = SeededGenerator(seed: 15)
        for _ in 0..<3_000 {
            let text = randomText(&generator)
            TextKit.withUTF8(text) { bytes in
                let count = bytes.count
                let lower = count == 0 ? 0 : Int.random(in: 0...count, using: &generator)
                let upper = Int.random(in: lower...count, using: &generator)
                for range in [0..<count, lower..<upper] {
                    var expected: [Range<Int>] = []
                    WordSegmenter.forEachWord(in: bytes, range) { word, _ in expected.append(word) }
                    var found: [Range<Int>] = []
                    SpellingKeys.forEachWord(in: bytes, range) { word, key in
                        found.append(word)
                        XCTAssertEqual(key, SpellingKeys.key(bytes, word), text)
                    }
                    XCTAssertEqual(found, expected, text)
                }
            }
        }
    }

    func testKeysAreEqualExactlyForEqualSpellings() {
        var generator = SeededGenerator(seed: 7)
        var spellingOfKey: [UInt64: [UInt8]] = [:]
        for _ in 0..<2_000 {
            let text = randomText(&generator)
            TextKit.withUTF8(text) { bytes in
                SpellingKeys.forEachWord(in: bytes, 0..<bytes.count) { word, key in
                    let spelling = Array(bytes[word])
                    XCTAssertNotEqual(key, 0)
                    if let known = spellingOfKey[key] { XCTAssertEqual(known, spelling) } else { spellingOfKey[key] = spelling }
                }
            }
        }
        // Every spelling of up to 7 ASCII bytes is its own key: no two can share one.
        var shortKeys = Set<UInt64>()
        for word in ["a", "ab", "abc", "abcdefg", "A", "Ab", "0", "00", "000", "a0", "0a"] {
            TextKit.withUTF8(word) { bytes in XCTAssertTrue(shortKeys.insert(SpellingKeys.key(bytes, 0..<bytes.count)).inserted, word) }
        }
        XCTAssertGreaterThan(spellingOfKey.count, 40)
    }
}

/// SplitMix64: the same numbers on every run (shared by this module's seeded tests).
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// The 8-byte tests of `SpellingKeys` against the byte-by-byte tests they stand for.
final class SpellingKeysChunkTests: XCTestCase {
    private func byte(_ chunk: UInt64, _ k: Int) -> UInt8 { UInt8(truncatingIfNeeded: chunk >> (8 * UInt64(k))) }

    private func isWordByte(_ byte: UInt8) -> Bool { byte < 0x80 && ASCII.isAlphanumeric(byte) }

    /// Every byte value, at every position, among random neighbours.
    func testAlphanumericBytesMarksExactlyTheLettersAndDigits() {
        var generator = SeededGenerator(seed: 21)
        for value in 0...255 {
            for position in 0..<8 {
                for _ in 0..<4 {
                    let shift = 8 * UInt64(position)
                    let chunk = generator.next() & ~(0xFF << shift) | UInt64(value) << shift
                    let marks = SpellingKeys.alphanumericBytes(chunk)
                    XCTAssertEqual(marks & ~0x8080_8080_8080_8080, 0)
                    for k in 0..<8 { XCTAssertEqual(byte(marks, k) != 0, isWordByte(byte(chunk, k)), "\(chunk) byte \(k)") }
                }
            }
        }
    }

    /// The word's length and where the scan loop would stop next, on chunks of word bytes,
    /// separators (an apostrophe among them) and non-ASCII bytes.
    func testPrefixLengthAndNextWordCandidateMatchTheByteLoop() {
        let alphabet: [UInt8] = Array("aZ09 ,.'-\"(\t\n".utf8) + [0xC3, 0xA9, 0xE2, 0x80, 0x7F, 0x00]
        var generator = SeededGenerator(seed: 22)
        for _ in 0..<20_000 {
            var chunk: UInt64 = 0
            for k in 0..<8 { chunk |= UInt64(alphabet.randomElement(using: &generator)!) << (8 * UInt64(k)) }
            let marks = SpellingKeys.alphanumericBytes(chunk)
            let length = (0..<8).first { !isWordByte(byte(chunk, $0)) } ?? 8
            XCTAssertEqual(SpellingKeys.prefixLength(marks), length)
            guard length > 0, length < 8, byte(chunk, length) < 0x80 else { continue }
            let next = ((length + 1)..<8).first { isWordByte(byte(chunk, $0)) || byte(chunk, $0) >= 0x80 } ?? 8
            XCTAssertEqual(SpellingKeys.nextWordCandidate(chunk, marks, after: length), next, "\(chunk)")
        }
    }
}
