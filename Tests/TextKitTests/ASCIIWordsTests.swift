import Foundation
import PipelineKit
@testable import TextKit
import XCTest

/// The Basic Latin path's byte-keyed function-word table (`LanguageDetector.ASCIIWords`) against
/// the hashed table it stands in for (`Tables.words`, FNV-1a keys of the words' scalars), and the
/// small lookups made cheap in this round (`Language.position`, `Language(code:)`,
/// `SentenceScanner.isASCIICloser`) against what they replace.
final class ASCIIWordsTests: XCTestCase {
    /// Every ASCII function word of the Latin profiles, in any case, has the hashed table's mask;
    /// words with other letters are not in the byte table.
    func testListedWordsHaveTheHashedTablesMask() {
        let tables = LanguageDetector.latin
        var ascii = 0
        for profile in LanguageProfiles.latin {
            for word in profile.stopWords {
                let expected = UInt64(tables.words.get(LanguageDetector.wordKey(Array(word.unicodeScalars))) ?? 0)
                XCTAssertNotEqual(expected, 0, word)
                if word.utf8.allSatisfy({ $0 &- 0x61 < 26 }) {
                    ascii += 1
                    XCTAssertEqual(tables.asciiWords.mask(of: word), expected, word)
                    XCTAssertEqual(tables.asciiWords.mask(of: word.uppercased()), expected, word)
                } else {
                    XCTAssertEqual(tables.asciiWords.mask(of: word), 0, word)
                }
            }
        }
        XCTAssertGreaterThan(ascii, 400)
        XCTAssertTrue(LanguageProfiles.latin.allSatisfy { $0.stopWords.allSatisfy { $0.utf8.count <= 8 || $0.unicodeScalars.contains { !$0.isASCII } } })
    }

    /// Words that are not listed (the profiles' trigrams as words, seeded random letter runs of
    /// 1-10 letters) are not found, as in the hashed table.
    func testUnlistedWordsAreNotFound() {
        let tables = LanguageDetector.latin
        var rng = SplitMix64(seed: 7)
        var words = LanguageProfiles.latin.flatMap { $0.trigrams.map { $0.trimmingCharacters(in: .whitespaces) } }
        for _ in 0..<20_000 {
            let length = Int.random(in: 1...10, using: &rng)
            words.append(String((0..<length).map { _ in Character(Unicode.Scalar(UInt8.random(in: 0x61...0x7A, using: &rng))) }))
        }
        for word in words where word.utf8.allSatisfy({ $0 &- 0x61 < 26 }) {
            let hashed = UInt64(tables.words.get(LanguageDetector.wordKey(Array(word.unicodeScalars))) ?? 0)
            XCTAssertEqual(tables.asciiWords.mask(of: word), hashed, word)
        }
    }

    /// The key read with one load at the word's end is the key built byte by byte.
    func testKeyFromOneLoadIsTheByteKey() {
        let text = Array("xxxxxxxxThe quick BROWN fox Jumps overall".utf8)
        text.withUnsafeBufferPointer { bytes in
            let base = bytes.baseAddress!
            for end in 8...bytes.count {
                for length in 1...min(8, end) {
                    XCTAssertEqual(LanguageDetector.ASCIIWords.key(endingAt: base + end, length),
                                   LanguageDetector.ASCIIWords.key(base + end - length, length), "\(end) \(length)")
                }
            }
        }
    }

    /// A table of a few words: masks of a word listed twice are ORed, other words are 0.
    func testSmallTable() {
        let table = LanguageDetector.ASCIIWords([("the", 1), ("la", 2), ("la", 4), ("más", 8), ("abcdefgh", 16)])
        XCTAssertEqual(table.mask(of: "the"), 1)
        XCTAssertEqual(table.mask(of: "La"), 6)
        XCTAssertEqual(table.mask(of: "abcdefgh"), 16)
        XCTAssertEqual(table.mask(of: "más"), 0)
        XCTAssertEqual(table.mask(of: "th"), 0)
        XCTAssertEqual(table.mask(of: "thee"), 0)
        XCTAssertEqual(table.mask(of: "abcdefghi"), 0)
    }

    /// `position` is the order of `allCases` (the stop-word table's bits depend on it).
    func testLanguagePositionsAreTheCaseOrder() {
        for (offset, language) in Language.allCases.enumerated() {
            XCTAssertEqual(language.position, offset, language.rawValue)
            XCTAssertEqual(language.bit, UInt32(1) << UInt32(offset), language.rawValue)
        }
    }

    /// `Language(code:)` answers as before for raw values, other cases and tags.
    func testLanguageCodes() {
        for language in Language.allCases {
            XCTAssertEqual(Language(code: language.rawValue), language)
            XCTAssertEqual(Language(code: language.rawValue.uppercased()), language)
            XCTAssertEqual(Language(code: language.rawValue + "-XX"), language)
        }
        XCTAssertEqual(Language(code: "iw"), .he)
        XCTAssertEqual(Language(code: "in"), .id)
        XCTAssertEqual(Language(code: "pt_BR"), .pt)
        XCTAssertEqual(Language(code: "cmn"), .zh)
        XCTAssertNil(Language(code: "ko"))
        XCTAssertNil(Language(code: "e"))
        XCTAssertNil(Language(code: ""))
        XCTAssertNil(Language(code: "eng"))
    }

    /// The ASCII closers are exactly the ASCII scalars `isCloser` accepts.
    func testASCIIClosers() {
        for byte in UInt8(0)..<0x80 {
            XCTAssertEqual(SentenceScanner.isASCIICloser(byte), SentenceScanner.isCloser(UInt32(byte)), "\(byte)")
        }
    }
}
