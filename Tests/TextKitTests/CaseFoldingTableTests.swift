import Foundation
import XCTest
@testable import TextKit

/// The compiled folding table (`Sources/TextKit/CaseFoldingTable.swift`) is what
/// `CaseFoldingRules` give on this runtime's Unicode data, and each mode folds as documented.
/// `PIPELINE_WRITE_TABLES=1` rewrites the table (`scripts/build_fold_table.sh`).
final class CaseFoldingTableTests: XCTestCase {
    static let sourcePath = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Sources/TextKit/CaseFoldingTable.swift").path

    /// The table built from the rules, with every scalar's entry per mode (built once: it reads
    /// the Unicode properties of all 1.1 million scalars).
    static let built = BuiltFoldingTable.build()

    func testCompiledTableIsCurrent() throws {
        let (built, _) = Self.built
        if ProcessInfo.processInfo.environment["PIPELINE_WRITE_TABLES"] == "1" {
            try built.source.write(toFile: Self.sourcePath, atomically: true, encoding: .utf8)
            return
        }
        XCTAssertTrue(built == BuiltFoldingTable.compiled,
                      "CaseFoldingTable.swift is stale: run scripts/build_fold_table.sh after changing CaseFoldingRules")
    }

    /// Every scalar of every mode reads back from the table with the entry the rules gave it,
    /// through the index, the runs beyond it and (for `fold`) the expansions; the lead-byte gate
    /// lets every changing scalar through.
    func testLookupsReadTheEntriesTheRulesGave() {
        let (built, entries) = Self.built
        for mode in FoldMode.allCases {
            let folding = CaseFolding.folding(mode)
            let expected = entries[mode.rawValue]
            for scalar in 0..<UInt32(0x110000) where folding.entry(scalar) != expected[Int(scalar)] {
                XCTFail("\(mode) U+\(String(scalar, radix: 16)): \(folding.entry(scalar)) != \(expected[Int(scalar)])")
                return
            }
            for scalar in 0..<UInt32(0x110000) where expected[Int(scalar)] != FoldEntry.unchanged && !(0xD800...0xDFFF).contains(scalar) {
                XCTAssertTrue(folding.mayChange(lead: BuiltFoldingTable.leadByte(scalar)), "\(mode) lead byte of U+\(String(scalar, radix: 16))")
            }
            XCTAssertEqual(folding.fold(0x110000).count, mode == .phrase ? 0 : 1)
        }
        for k in 0..<built.expansions.count / 2 {
            let folded = CaseFolding.phrase.fold(UInt32(entries[0].firstIndex(of: FoldEntry.expansion | UInt32(k)) ?? 0))
            XCTAssertEqual(folded.scalars, Array(built.expansions[2 * k...2 * k + 1]))
        }
    }

    /// The look-ups the stages read without the folding object (``CaseFolding/phraseLookup``,
    /// ``CaseFolding/wordLookup``: pointers into the process's copy of the table) are their modes'.
    func testTheLookupsOfNoReferenceFoldAsTheirModes() {
        for scalar in [UInt32(0x41), 0xC9, 0xDF, 0x640, 0x2019, 0xFF21, 0x1F600] {
            XCTAssertEqual(CaseFolding.phraseLookup.fold(scalar), CaseFolding.phrase.fold(scalar))
            XCTAssertEqual(CaseFolding.wordLookup.single(scalar), CaseFolding.word.single(scalar))
        }
        XCTAssertEqual(CaseFolding.phraseLookup.fold(0xDF), FoldedScalars(count: 2, first: 0x73, second: 0x73))
        XCTAssertEqual(CaseFolding.wordLookup.single(0xC9), 0xE9)
        XCTAssertNil(CaseFolding.wordLookup.single(0x640))
    }

    func testPhraseMode() {
        XCTAssertEqual(CaseFolding.fold("Straße ÉCOLE Ærø Łódź İstanbul", mode: .phrase), "strasse ecole aero lodz istanbul")
        XCTAssertEqual(CaseFolding.fold("“Hi” – ok… ＡＢＣ\u{00A0}x\u{200B}", mode: .phrase), "\"hi\" - ok. abc x")
        XCTAssertEqual(CaseFolding.fold("أحمد ی ة", mode: .phrase), "احمد ي ه")
        XCTAssertEqual(CaseFolding.fold("ok 👍\u{FE0F}", mode: .phrase), "ok ")
        XCTAssertEqual(CaseFolding.fold("ΑΘΗΝΑ ΣΟΦΟΣ", mode: .phrase), "αθηνα σοφοσ")
        XCTAssertEqual(CaseFolding.fold("\tA\r\n", mode: .phrase), " a \n")
        XCTAssertEqual(CaseFolding.phrase.fold(0xDF), FoldedScalars(count: 2, first: 0x73, second: 0x73))
    }

    func testWordMode() {
        XCTAssertEqual(CaseFolding.fold("ÉCOLE Straße İstanbul ПРИВЕТ ΑΘΗΝΑ ＡＢＣ１", mode: .word), "école straße istanbul привет αθηνα abc1")
        XCTAssertEqual(CaseFolding.fold("أَحْمَد l’école", mode: .word), "احمد l'école")
        XCTAssertEqual(CaseFolding.fold("ŁÓDŹ Ÿ", mode: .word), "łódź ÿ")
        XCTAssertNil(CaseFolding.word.single(0x200B), "zero-width space dropped")
        XCTAssertEqual(CaseFolding.word.single(0x4E2D), 0x4E2D, "CJK unchanged")
        XCTAssertEqual(CaseFolding.fold("“quotes” – dashes", mode: .word), "“quotes” – dashes", "not phrase punctuation")
    }

    func testNameMode() {
        XCTAssertEqual(CaseFolding.fold("MÜLLER ŁUKASZ ΓΙΏΡΓΟΣ ИВАН", mode: .name), "müller łukasz γιώργοσ иван")
        XCTAssertEqual(CaseFolding.name.single(0x130), 0x131, "İ folds to ı, as the lexicon was hashed")
        XCTAssertEqual(CaseFolding.name.single(0x490), 0x490, "Cyrillic beyond U+042F kept")
        XCTAssertEqual(CaseFolding.fold("O’Neil\u{200B}", mode: .name), "o’neil\u{200B}", "nothing dropped")
    }

    func testWidthMode() {
        XCTAssertEqual(CaseFolding.fold("＋４４\u{00A0}20\u{2013}7946 ｊａｎｅ＠Ｘ ٣", mode: .width), "+44 20-7946 jane@X 3")
        XCTAssertEqual(CaseFolding.fold("a\u{200B}b\u{00AD}c\u{FEFF}", mode: .width), "abc")
        XCTAssertEqual(CaseFolding.fold("Éé — “x”", mode: .width), "Éé — “x”", "case, em dash and quotes kept")
        XCTAssertFalse(CaseFolding.width.mayChange(lead: 0xD0), "Cyrillic leads never change")
        XCTAssertTrue(CaseFolding.width.mayChange(lead: 0xE2))
    }

    func testDecodeMultibyte() {
        func decode(_ bytes: [UInt8]) -> UInt32? { bytes.withUnsafeBufferPointer { CaseFolding.decodeMultibyte($0, at: 0)?.scalar } }
        XCTAssertEqual(decode([0xC2, 0xA0]), 0xA0)
        XCTAssertEqual(decode([0xE2, 0x80, 0x93]), 0x2013)
        XCTAssertEqual(decode([0xF0, 0x9F, 0x98, 0x80]), 0x1F600)
        XCTAssertNil(decode([0xC2]), "cut at the end")
        XCTAssertNil(decode([0xC2, 0x20]), "not a continuation byte")
        XCTAssertNil(decode([0xE0, 0x82, 0xA0]), "overlong")
        XCTAssertNil(decode([0xED, 0xA0, 0x80]), "surrogate")
        XCTAssertNil(decode([0x41]), "ASCII is the caller's")
    }
}
