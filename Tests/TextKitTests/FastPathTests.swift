@testable import TextKit
import XCTest

/// The fast paths of TextKit answer exactly as the general code they stand in for.
final class FastPathTests: XCTestCase {
    /// Texts mixing what the basic-Latin detector path reads (ASCII, Latin-1 punctuation,
    /// general punctuation, ª µ º, accented letters, other two-byte scripts while Latin leads)
    /// with what sends it to the general path (three-byte scripts, malformed UTF-8), at varied
    /// lengths around the 300-scalar limit.
    private func detectorTexts() -> [[UInt8]] {
        let pieces = ["the ", "police ", "said ", "I ", "a ", "de la ", "und die ", "que ", "bir ", "yang ", "\u{2019}s ", "\u{201C}quoted\u{201D} ",
                      "\u{00A0}", "\u{00BB} ", "\u{2014}", "\u{2060}", "x", "Q. ", "42 ", ", ", "\n", "'", "\u{00AA}", "\u{00B5}m ", "caf\u{00E9} ",
                      "\u{0645}\u{0631}\u{062D}\u{0628}\u{0627} ", "\u{4E2D}\u{6587} ", "\u{1F642} ", "\u{2070}", "\u{2071} "]
        var generator = SystemRandomNumberGenerator()
        var texts: [[UInt8]] = [[], Array("a".utf8), Array("ab".utf8), Array("a b".utf8), [0xC2], [0xE2, 0x80], [0x41, 0x42, 0xC2, 0x41], [0x61, 0x62, 0xE2, 0x81, 0xB0]]
        for _ in 0..<3000 {
            var bytes: [UInt8] = []
            let count = Int.random(in: 1...160, using: &generator)
            // Most texts stay in the fast path's alphabet; some take one piece from outside it.
            let alphabet = Int.random(in: 0..<4, using: &generator) == 0 ? pieces.count : 22
            for _ in 0..<count { bytes += Array(pieces[Int.random(in: 0..<alphabet, using: &generator)].utf8) }
            if Int.random(in: 0..<10, using: &generator) == 0 { bytes.insert(0xFF, at: Int.random(in: 0...bytes.count, using: &generator)) }
            texts.append(bytes)
        }
        return texts
    }

    func testBasicLatinDetectionAnswersAsTheGeneralPath() {
        var fast = 0
        for bytes in detectorTexts() {
            bytes.withUnsafeBufferPointer { b in
                // The general path: the first `limit` scalars decoded into an array.
                let scalars = LanguageDetector.leadingScalars(utf8: b)
                let general = LanguageDetector().detect(String(String.UnicodeScalarView(scalars)))
                if case .some(let answer) = LanguageDetector.detectBasicLatin(utf8: b) {
                    fast += 1
                    XCTAssertEqual(answer, general, String(decoding: bytes, as: UTF8.self))
                }
                XCTAssertEqual(LanguageDetector().detect(utf8: b), general, String(decoding: bytes, as: UTF8.self))
            }
        }
        XCTAssertGreaterThan(fast, 1000, "most texts take the fast path")
    }

    func testTheSentenceScannerSkipsOnlyBytesThatNeedNoDecision() {
        let decisive: Set<UInt8> = [0x2E, 0x21, 0x3F, 0x29, 0x0A, 0xD8, 0xDB, 0xE0, 0xE2, 0xE3, 0xEF]
        for c in 0...255 { XCTAssertEqual(SentenceScanner.passes(UInt8(c)), !decisive.contains(UInt8(c)), "byte \(c)") }
        var generator = SystemRandomNumberGenerator()
        // Besides the decisive bytes: the edges of the wide scan's 0xD8-and-up test (D7, FF) and
        // lead bytes it stops at though they pass (E4, F0).
        // The bytes the wide scan also stops at though they pass: `*`, 0x0E (and the neighbours of
        // the stop bytes in the bit tricks that find them: 0x20 0x28 0x2C 0x0B 0x2F 0x3E).
        let unquiet: [UInt8] = [0x2E, 0x21, 0x3F, 0x29, 0x0A, 0xC3, 0xA9, 0xE2, 0x80, 0xD8, 0xF0, 0xD7, 0xE4, 0xFF,
                                0x2A, 0x0E, 0x28, 0x2C, 0x0B, 0x2F, 0x3E, 0x01, 0x09]
        let alsoStops: Set<UInt8> = [0x2A, 0x0E]
        let alphabet = Array("abc DEF 12,;:-\t\"'(".utf8) + unquiet
        for _ in 0..<4000 {
            // Up to four 32-byte turns; quiet texts exercise turns and blocks without a stop.
            let count = Int.random(in: 0...130, using: &generator)
            let quiet = Int.random(in: 0..<4, using: &generator) == 0 ? alphabet.count - unquiet.count : alphabet.count
            let bytes = (0..<count).map { _ in alphabet[Int.random(in: 0..<quiet, using: &generator)] }
            bytes.withUnsafeBufferPointer { b in
                let from = Int.random(in: 0...count, using: &generator)
                let to = Int.random(in: from...count, using: &generator)
                let stop = SentenceScanner.skipQuiet(b, from: from, to: to)
                XCTAssertTrue(stop >= from && stop <= to)
                // It stops at a decisive byte or a byte from 0xD8 up, or with less than a block left.
                XCTAssertTrue(to - stop < 16 || !SentenceScanner.passes(b[stop]) || b[stop] >= 0xD8 || alsoStops.contains(b[stop]),
                              "stopped at byte \(b[stop]) at \(stop)")
                for p in from..<stop {
                    XCTAssertTrue(SentenceScanner.passes(b[p]) && b[p] < 0xD8 && !alsoStops.contains(b[p]), "skipped byte \(b[p]) at \(p)")
                }
            }
        }
    }

    func testTheASCIIWordStartStopsWhereTheByteLoopDoes() {
        var generator = SystemRandomNumberGenerator()
        // Word bytes, whitespace, the edges of the whitespace range and of ASCII, control bytes.
        let alphabet: [UInt8] = Array("abcXYZ019.,'\"()-".utf8) + [0x20, 0x09, 0x0A, 0x0D, 0x0B, 0x0C, 0x08, 0x0E, 0x1F, 0x21, 0x00, 0x7F, 0x80, 0xC3, 0xA9, 0xFF]
        for round in 0..<6000 {
            let count = Int.random(in: 0...90, using: &generator)
            // Most texts have long runs of word bytes, so blocks without a stop are exercised.
            let wordy = round % 2 == 0
            let bytes = (0..<count).map { _ in
                wordy && Int.random(in: 0..<20, using: &generator) != 0 ? alphabet[Int.random(in: 0..<16, using: &generator)]
                    : alphabet[Int.random(in: 0..<alphabet.count, using: &generator)]
            }
            bytes.withUnsafeBufferPointer { b in
                let end = Int.random(in: 0...count, using: &generator)
                let floor = Int.random(in: 0...end, using: &generator)
                var expected = end
                while expected > floor && SentenceScanner.isASCIIWordByte(b[expected - 1]) { expected -= 1 }
                XCTAssertEqual(SentenceScanner.asciiWordStart(b, before: end, floor: floor), expected, "\(bytes) end \(end) floor \(floor)")
            }
        }
    }

    func testTheASCIIWordPrefixCountsLettersAndDigitsLikeTheByteTest() {
        var generator = SystemRandomNumberGenerator()
        let edges: [UInt8] = [0x2F, 0x30, 0x39, 0x3A, 0x40, 0x41, 0x5A, 0x5B, 0x60, 0x61, 0x7A, 0x7B, 0x7F, 0x80, 0xB0, 0xC3, 0xE1, 0xFA, 0xFF, 0x00, 0x27, 0x20]
        for round in 0..<20_000 {
            let block = (0..<8).map { _ in round % 2 == 0 ? edges[Int.random(in: 0..<edges.count, using: &generator)] : UInt8.random(in: 0...255, using: &generator) }
            let expected = block.firstIndex { !ASCII.isAlphanumeric($0) } ?? 8
            block.withUnsafeBufferPointer { XCTAssertEqual(WordSegmenter.asciiAlnumPrefix($0, 0), expected, "\(block)") }
        }
        for c in 0...255 {
            let block = [UInt8](repeating: UInt8(c), count: 8)
            block.withUnsafeBufferPointer { XCTAssertEqual(WordSegmenter.asciiAlnumPrefix($0, 0), ASCII.isAlphanumeric(UInt8(c)) ? 8 : 0, "byte \(c)") }
        }
    }

    func testRawKeysDependOnTheBytesOnly() {
        let words = ["a", "ab", "abcdefg", "abcdefgh", "abcdefghi", "abcdefghijklmnop", "abcdefghijklmnopq", "Über", "don’t", "東京", "x1", "1x"]
        var seen: [UInt64: String] = [:]
        for word in words {
            let alone = Array(word.utf8)
            let key = alone.withUnsafeBufferPointer { WordSegmenter.rawKey($0, 0..<$0.count) }
            if let other = seen[key] { XCTFail("\(word) and \(other) share a key") }
            seen[key] = word
            // The same bytes at every offset, with text after them or at the end of the buffer.
            for prefix in 0..<9 {
                for suffix in [0, 1, 7, 8, 20] {
                    let bytes = Array(repeating: UInt8(ascii: "z"), count: prefix) + alone + Array(repeating: UInt8(ascii: "y"), count: suffix)
                    bytes.withUnsafeBufferPointer { b in
                        XCTAssertEqual(WordSegmenter.rawKey(b, prefix..<(prefix + alone.count)), key, "\(word) at \(prefix) with \(suffix) after")
                    }
                }
            }
        }
        // Words that differ only in length (trailing zero bytes) or in their last byte differ.
        let a: [UInt8] = [0x61, 0, 0, 0], b: [UInt8] = [0x61, 0]
        XCTAssertNotEqual(a.withUnsafeBufferPointer { WordSegmenter.rawKey($0, 0..<4) }, b.withUnsafeBufferPointer { WordSegmenter.rawKey($0, 0..<2) })
        XCTAssertEqual([UInt8]().withUnsafeBufferPointer { WordSegmenter.rawKey($0, 0..<0) }, WordSegmenter.rawKey(UnsafeBufferPointer(start: nil, count: 0), 0..<0))
    }
}
