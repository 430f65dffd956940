import XCTest
@testable import StripSalutations

/// The byte gate of `isSigLine` (`isFewWordsEndingInLetter`) says `true` only where the
/// normalized reading (`isSigLineNormalized`) does: on seeded random short lines built from
/// words, spaces, hyphens, punctuation and non-ASCII scalars that fold to spaces, dashes, two
/// scalars or nothing, and on lines at the gate's limits.
final class SigLineGateTests: XCTestCase {
    /// Pieces of signature-like and sentence-like lines; the non-ASCII ones fold (no-break and
    /// ideographic spaces, en dash, ß to "ss", a soft hyphen and a zero-width space dropped).
    static let pieces = ["Ana", "María", "López", "J.", "Smith", "Senior", "Analyst", "+1", "555", "0199", "ana@example.com",
                         "www.example.org", "http://x.y", "Questions?", "Note:", "a-b", "-", "—", "–", "\u{00A0}", "\u{3000}",
                         "ß", "\u{00AD}", "\u{200B}", "\t", "  ", "x", "9", "Ｑ", "İ", "ﬁ", "日本", "?", ":", ",", "."]

    private func verdicts(_ line: String, _ stripper: Stripper) -> (gate: Bool, normalized: Bool) {
        var text = line
        return text.withUTF8 { bytes in
            let pass = StripPass(bytes: bytes, stripper: stripper)
            pass.start(bytes)
            pass.splitLines()
            let (start, end) = pass.trimmed(0)
            return (pass.isFewWordsEndingInLetter(start, end), pass.isSigLineNormalized(0))
        }
    }

    func testTheGateAgreesWithTheNormalizedReading() throws {
        let stripper = Stripper(book: try PhraseBook.allBundled.get(), settings: StripSettings())
        var seed: UInt64 = 27
        func next(_ bound: Int) -> Int {
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            return Int((seed >> 33) % UInt64(bound))
        }
        var gated = 0
        for _ in 0..<4000 {
            var line = ""
            for _ in 0..<(1 + next(10)) {
                line += Self.pieces[next(Self.pieces.count)]
                line += [" ", " ", "", "-", "\u{00A0}"][next(5)]
            }
            if next(2) == 0 { line += ["a", "Z", "7", "x"][next(4)] }
            let (gate, normalized) = verdicts(line, stripper)
            if gate { gated += 1; XCTAssertTrue(normalized, line.debugDescription) }
        }
        // The sample must exercise the gate's `true`.
        XCTAssertGreaterThan(gated, 200)
    }

    func testTheGateAtItsLimits() throws {
        let stripper = Stripper(book: try PhraseBook.allBundled.get(), settings: StripSettings())
        // Eight words (seven spaces) pass; nine do not; 160 bytes pass, 161 do not.
        XCTAssertTrue(verdicts("a b c d e f g h", stripper).gate)
        XCTAssertFalse(verdicts("a b c d e f g h i", stripper).gate)
        XCTAssertTrue(verdicts(String(repeating: "a", count: 160), stripper).gate)
        XCTAssertFalse(verdicts(String(repeating: "a", count: 161), stripper).gate)
        // A line ending in punctuation or a non-ASCII letter is left to the normalizer.
        for line in ["Questions?", "Contact:", "Ana López,", "Ana Lópe\u{00E9}"] { XCTAssertFalse(verdicts(line, stripper).gate, line) }
        // Hyphens and non-ASCII scalars count as possible spaces.
        XCTAssertFalse(verdicts("a-b-c-d-e-f-g-h-i", stripper).gate)
        XCTAssertFalse(verdicts("a\u{00A0}b\u{00A0}c\u{00A0}d\u{00A0}e", stripper).gate)
        for line in ["Ana", "María López", "Senior Analyst", "J. Smith", "+1 555 010 0199"] {
            XCTAssertEqual(verdicts(line, stripper).gate, true, line)
            XCTAssertTrue(verdicts(line, stripper).normalized, line)
        }
    }
}
