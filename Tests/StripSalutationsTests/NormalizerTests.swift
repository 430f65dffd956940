import XCTest
import TextKit
@testable import StripSalutations

/// The normalizer's fast paths (the ASCII fold table, folding into scratch space) against a plain
/// scalar-by-scalar reading of the same rules, and the byte gate against the normalized walk.
final class NormalizerTests: XCTestCase {
    func testASCIIFoldTableIsTextKitsPhraseFold() {
        for byte in 0..<128 {
            XCTAssertEqual(Fold.asciiFolds[byte], CaseFolding.phrase.fold(UInt32(byte)), "byte \(byte)")
        }
    }

    /// The run loop writes these bytes without the general step: exactly the bytes that fold to one
    /// scalar other than a space or line break. No ASCII byte folds to Arabic "و" (only a
    /// non-ASCII scalar sets the fold's `wroteWaw`, which gates the joining of "و " to its word).
    func testPlainASCIIFoldsAreTheBytesThatFoldToOneScalar() {
        for byte in 0..<128 {
            let folded = CaseFolding.phrase.fold(UInt32(byte))
            let plain = folded.count == 1 && folded.second == 0 && folded.first != 0x20 && folded.first != 0x0A
            XCTAssertEqual(Fold.asciiPlainFolds[byte], plain ? folded.first : 0, "byte \(byte)")
            XCTAssertTrue(folded.first != 0x648 && folded.second != 0x648, "byte \(byte)")
        }
    }

    /// The rules of `Normalizer.normalize`, one scalar at a time over the string's scalars.
    private func reference(_ text: String) -> (scalars: [UInt32], start: [Int]) {
        var scalars: [UInt32] = [], starts: [Int] = []
        var offset = 0, pendingSpace = false, spaceAt = 0
        for scalar in text.unicodeScalars {
            let folded = CaseFolding.phrase.fold(scalar.value)
            if folded.count > 0 {
                if folded.first == 0x20 || folded.first == 0x0A {
                    if !pendingSpace { spaceAt = offset }
                    pendingSpace = !scalars.isEmpty
                } else {
                    if pendingSpace { scalars.append(0x20); starts.append(spaceAt); pendingSpace = false }
                    scalars.append(folded.first); starts.append(offset)
                    if folded.second != 0 { scalars.append(folded.second); starts.append(offset) }
                }
            }
            offset += String(scalar).utf8.count
        }
        if scalars.count > 2 {
            for k in 1..<(scalars.count - 1) where scalars[k] == 0x2D && Fold.isWord(scalars[k - 1]) && Fold.isWord(scalars[k + 1]) { scalars[k] = 0x20 }
            var k = scalars.count - 2
            while k >= 0 {
                if scalars[k] == 0x648 && scalars[k + 1] == 0x20 && (k == 0 || scalars[k - 1] == 0x20) { scalars.remove(at: k + 1); starts.remove(at: k + 1) }
                k -= 1
            }
        }
        return (scalars, starts)
    }

    private func randomTexts(_ count: Int) -> [String] {
        let pieces = ["Hi", "team", ",", " ", "  ", "\t", "\n", "-", "as-salamu", "ß", "İstanbul", "STRASSE", "و", "و ", "رحمة", "\u{200B}",
                      "\u{202E}", "😀", "：", "’", "Grüße", "ＡＢＣ", "é", "e\u{301}", "日本", "!", ".", "a", "Z", "\u{7F}", "\r", "*", "@",
                      "plain ASCII words, then more", "Best-Regards", "\u{0624}", "\u{0648}\u{064E}", "x\u{0648} y"]
        var seed: UInt64 = 15   // a fixed linear congruential sequence: the same texts every run
        func next(_ bound: Int) -> Int { seed = seed &* 6364136223846793005 &+ 1442695040888963407; return Int((seed >> 33) % UInt64(bound)) }
        return (0..<count).map { _ in (0..<(1 + next(12))).map { _ in pieces[next(pieces.count)] }.joined() }
    }

    func testNormalizeMatchesTheScalarByScalarRules() {
        for text in randomTexts(3000) {
            var copy = text
            let normalized = copy.withUTF8 { Normalizer.normalize($0, 0, $0.count) }
            let expected = reference(text)
            XCTAssertEqual(normalized.scalars, expected.scalars, text.debugDescription)
            XCTAssertEqual(normalized.start, expected.start, text.debugDescription)
        }
    }

    func testByteGateNeverRefusesWhatTheNormalizedWalkAccepts() {
        var trie = Trie()
        for phrase in ["hi", "hi team", "as salamu", "strasse", "gruße", "istanbul", "abc", "e", "日本"] { trie.insert(Normalizer.normalize(phrase), prefix: false) }
        let frozen = FrozenTrie(trie)
        for text in randomTexts(3000) {
            var copy = text
            copy.withUTF8 { bytes in
                guard frozen.couldMatchBytes(bytes, from: 0, to: bytes.count) == false else { return }
                let normalized = Normalizer.normalize(bytes, 0, bytes.count)
                XCTAssertFalse(frozen.couldMatch(normalized.scalars, from: 0), text.debugDescription)
            }
        }
    }
}
