import Foundation
import PipelineKit
import TextKit
import XCTest

/// Seeded random texts from an alphabet full of terminators, quotes, list markers and
/// multi-byte scalars: the segmenter must return ordered, non-overlapping, trimmed, non-empty
/// ranges on scalar boundaries, and word segmentation must stay inside them.
final class FuzzTests: XCTestCase {
    static let alphabet: [String] = [
        "a", "b", "I", "U", "S", "p", "Mr", "co", "e", "é", "Ж", "中", "文", "の", "カ", "ب", "ि", "1", "2", "10",
        " ", " ", " ", "\n", "\n\n", "\t", "\u{00A0}", "\u{3000}",
        ".", ".", "!", "?", "...", "…", ". . .", ".)", ")", "(", "[", "]", "\"", "'", "’", "“", "”", "«", "»",
        "。", "！", "？", "؟", "۔", "।", "•", "⁃", "-", "@", "/", ":", "$", "\u{FEFF}", "\u{200B}", "🙂",
    ]

    func testRandomTexts() {
        var rng = SplitMix64(seed: 42)
        for _ in 0..<3000 {
            let length = Int.random(in: 0...60, using: &rng)
            var text = ""
            for _ in 0..<length { text += Self.alphabet.randomElement(using: &rng)! }
            let utf8 = Array(text.utf8)
            let ranges = TextKit.sentences(in: text)
            var last = 0
            for r in ranges {
                XCTAssertGreaterThanOrEqual(r.lowerBound, last, text.debugDescription)
                XCTAssertLessThan(r.lowerBound, r.upperBound, text.debugDescription)
                XCTAssertLessThanOrEqual(r.upperBound, utf8.count)
                if r.upperBound <= utf8.count && r.lowerBound < utf8.count {
                    XCTAssertNotEqual(utf8[r.lowerBound] & 0xC0, 0x80, "range starts inside a scalar: \(text.debugDescription)")
                    if r.upperBound < utf8.count { XCTAssertNotEqual(utf8[r.upperBound] & 0xC0, 0x80, text.debugDescription) }
                    let s = String(decoding: utf8[r], as: UTF8.self)
                    XCTAssertEqual(s, s.trimmingCharacters(in: .whitespacesAndNewlines), text.debugDescription)
                }
                last = r.upperBound
            }
            TextKit.withUTF8(text) { bytes in
                WordSegmenter.forEachWord(in: bytes, 0..<bytes.count) { r, _ in
                    XCTAssertTrue(r.lowerBound >= 0 && r.lowerBound < r.upperBound && r.upperBound <= bytes.count)
                }
                _ = Language.detect(in: bytes)
            }
            _ = Normalizer(language: .en).normalize(text)
        }
    }
}

extension FuzzTests {
    /// `forEachWordWithKey` finds the same words as `forEachWord`, with `Normalizer.rawKey` keys.
    func testWordsWithKeysMatch() {
        var rng = SplitMix64(seed: 7)
        for _ in 0..<2000 {
            var text = ""
            for _ in 0..<Int.random(in: 0...40, using: &rng) { text += Self.alphabet.randomElement(using: &rng)! }
            text += " don't Michael’s 中华人民 カタカナ"
            TextKit.withUTF8(text) { bytes in
                var a: [Range<Int>] = [], b: [Range<Int>] = []
                WordSegmenter.forEachWord(in: bytes, 0..<bytes.count) { r, _ in a.append(r) }
                WordSegmenter.forEachWordWithKey(in: bytes, 0..<bytes.count) { r, _, key in
                    b.append(r)
                    XCTAssertEqual(key, Normalizer.rawKey(bytes, r))
                }
                XCTAssertEqual(a, b, text.debugDescription)
            }
        }
    }
}
