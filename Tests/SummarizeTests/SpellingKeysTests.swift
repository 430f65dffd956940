import PipelineKit
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
        var generator = SplitMix64(seed: 15)
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
        var generator = SplitMix64(seed: 7)
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

    /// Words of 8 to 16 bytes (keyed from two overlapping loads): the same bytes anywhere in a
    /// text give the same key; a change of any one byte, or of the length, gives another.
    func testMediumKeysSeeEveryByteAndTheLength() {
        var generator = SplitMix64(seed: 9)
        var keys = Set<UInt64>(), words = Set<[UInt8]>()
        for length in 8...16 {
            for _ in 0..<40 {
                let word = (0..<length).map { _ in UInt8(0x61 + generator.next() % 26) }
                var variants = [word]
                for position in 0..<length {
                    var changed = word
                    changed[position] = changed[position] == 0x7A ? 0x61 : changed[position] + 1
                    variants.append(changed)
                }
                for variant in variants where words.insert(variant).inserted {
                    let padded = [UInt8](repeating: 0x20, count: 5) + variant + [0x2E]
                    let key = padded.withUnsafeBufferPointer { SpellingKeys.key($0, 5..<(5 + variant.count)) }
                    let alone = variant.withUnsafeBufferPointer { SpellingKeys.key($0, 0..<variant.count) }
                    XCTAssertEqual(key, alone)
                    XCTAssertTrue(keys.insert(key).inserted, "\(variant)")
                }
            }
        }
    }
}


/// The 64-byte masks of `SpellingKeys` against the byte-by-byte tests they stand for.
final class SpellingKeysBlockTests: XCTestCase {
    private func isWordByte(_ byte: UInt8) -> Bool { byte < 0x80 && ASCII.isAlphanumeric(byte) }

    /// The masks a byte loop makes of `count` bytes from `i` of `bytes`.
    private func expectedMasks(_ bytes: [UInt8], at i: Int, count: Int) -> (words: UInt64, nonASCII: UInt64) {
        var words: UInt64 = 0, nonASCII: UInt64 = 0
        for k in 0..<count {
            if isWordByte(bytes[i + k]) { words |= 1 << UInt64(k) }
            if bytes[i + k] >= 0x80 { nonASCII |= 1 << UInt64(k) }
        }
        return (words, nonASCII)
    }

    /// Every byte value, at every position of a block, among random neighbours.
    func testBlockMasksMarkExactlyTheLettersDigitsAndNonASCIIBytes() {
        var generator = SplitMix64(seed: 21)
        for value in 0...255 {
            for position in 0..<SpellingKeys.blockBytes {
                var block = (0..<SpellingKeys.blockBytes).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
                block[position] = UInt8(value)
                let masks = block.withUnsafeBytes { SpellingKeys.blockMasks($0.baseAddress!) }
                let expected = expectedMasks(block, at: 0, count: SpellingKeys.blockBytes)
                XCTAssertEqual(masks.words, expected.words, "\(block)")
                XCTAssertEqual(masks.nonASCII, expected.nonASCII, "\(block)")
            }
        }
    }

    /// Calls `body` `times` times (less the empty texts drawn) with a text of up to 159 bytes of
    /// `alphabet` and a non-empty range of it (`i..<end`), drawn from `seed`.
    private func forEachRandomRange(of alphabet: String, seed: UInt64, times: Int, _ body: ([UInt8], Int, Int) -> Void) {
        let alphabet = Array(alphabet.utf8)
        var generator = SplitMix64(seed: seed)
        for _ in 0..<times {
            let text = (0..<Int(generator.next() % 160)).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] }
            guard !text.isEmpty else { continue }
            let i = Int(generator.next() % UInt64(text.count))
            body(text, i, i + 1 + Int(generator.next() % UInt64(text.count - i)))
        }
    }

    /// Blocks cut short by the range's end or the text's end (read from a zeroed copy) have no
    /// bits past either.
    func testBlockMasksStopAtTheRangeAndTheText() {
        forEachRandomRange(of: "aZ09 ,.'-é東", seed: 23, times: 2_000) { text, i, end in
            let masks = text.withUnsafeBufferPointer { SpellingKeys.blockMasks($0, at: i, end: end) }
            let expected = expectedMasks(text, at: i, count: Swift.min(SpellingKeys.blockBytes, end - i))
            XCTAssertEqual(masks.words, expected.words, "\(text) \(i) \(end)")
            XCTAssertEqual(masks.nonASCII, expected.nonASCII, "\(text) \(i) \(end)")
        }
    }

    /// Apostrophes between two ASCII letters or digits of a block join their word; the others
    /// end it, but for one in the block's last byte, which stays rare.
    func testApostrophesJoinTheWordsTheyAreInside() {
        forEachRandomRange(of: "aZ09 ,.''-é", seed: 24, times: 5_000) { text, i, end in
            let masks = text.withUnsafeBufferPointer { SpellingKeys.blockMasks($0, at: i, end: end).joiningApostrophes() }
            let count = Swift.min(SpellingKeys.blockBytes, end - i)
            func isWordByte(_ k: Int) -> Bool { k >= 0 && k < count && self.isWordByte(text[i + k]) }
            var words: UInt64 = 0, rare: UInt64 = 0
            for k in 0..<count {
                let byte = text[i + k]
                if isWordByte(k) || (byte == 0x27 && isWordByte(k - 1) && isWordByte(k + 1)) { words |= 1 << UInt64(k) }
                if byte >= 0x80 || (byte == 0x27 && k == 63) { rare |= 1 << UInt64(k) }
            }
            XCTAssertEqual(masks.words, words, "\(text) \(i) \(end)")
            XCTAssertEqual(masks.rare, rare, "\(text) \(i) \(end)")
        }
    }

    /// The multiply that stands for `pmovmskb` on other architectures gives the same bits.
    func testTopBitsByMultiplyMatchesTopBits() {
        var generator = SplitMix64(seed: 22)
        for _ in 0..<20_000 {
            let lanes = unsafeBitCast(SIMD2<UInt64>(generator.next(), generator.next()), to: SIMD16<Int8>.self)
            var expected: UInt64 = 0
            for k in 0..<16 where lanes[k] < 0 { expected |= 1 << UInt64(k) }
            XCTAssertEqual(SpellingKeys.topBits(lanes), expected)
            XCTAssertEqual(SpellingKeys.topBitsByMultiply(lanes), expected)
        }
    }
}
